import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Manifest } from '../../constructs/platform/parts';
import { Wave } from '../../constructs/platform/platform';
import { REPLACE_FILE, replaceFunctions, replaceTable } from './replacements';

const deployment = (labels: Record<string, string>): Manifest => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'jobset-controller-manager', namespace: 'kubeflow-system' }, spec: { selector: { matchLabels: labels } } });
const binding = (role: string): Manifest => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'llmisvc-manager-rolebinding' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role } });
const waves = (...manifests: Manifest[]): Wave[] => [{ index: 0, name: 'wave-05', parts: [{ component: 'x', phase: 'main', manifests, after: [] }] }];

// What a cluster of the older release reports, as kubectl's jsonpath prints it (tab-separated).
const LIVE = [
  'Deployment\tkubeflow-system\tjobset-controller-manager\t{"matchLabels":{"control-plane":"controller-manager"}}\t\t',
  'ClusterRoleBinding\t\tllmisvc-manager-rolebinding\t\t\t{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"llmisvc-manager-role"}',
].join('\n');

/** Runs the install.sh functions with a fake kubectl that answers LIVE and records deletes. */
function run(w: Wave[], dryRun = false): { out: string; calls: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kfi-replace-'));
  fs.writeFileSync(path.join(dir, REPLACE_FILE), replaceTable(w));
  fs.writeFileSync(path.join(dir, 'live.txt'), `${LIVE}\n`);
  const script = `set -euo pipefail\ncd ${JSON.stringify(dir)}\nDRY_RUN=${dryRun ? '--dry-run=server' : '""'}\nlog() { echo "$*"; }\n`
    + `kube() { echo "$*" >> calls.txt; if [ "$1" = get ]; then cat live.txt; fi; }\n${replaceFunctions(w)}\nfind_replacements\nreplace_changed wave-05\n`;
  const out = execFileSync('bash', ['-c', script], { encoding: 'utf8' });
  const calls = fs.readFileSync(path.join(dir, 'calls.txt'), 'utf8').trim().split('\n');
  fs.rmSync(dir, { recursive: true, force: true });
  return { out, calls };
}

describe('install.sh replaces objects whose immutable fields change', () => {
  test('a new selector and a new roleRef: both deleted before their wave, nothing else', () => {
    const { out, calls } = run(waves(deployment({ 'app.kubernetes.io/name': 'jobset', 'control-plane': 'controller-manager' }), binding('kserve-llmisvc-manager-role')));
    expect(calls.filter((c) => c.startsWith('delete'))).toEqual([
      'delete deployment.apps -n kubeflow-system jobset-controller-manager --ignore-not-found --wait=true',
      'delete clusterrolebinding.rbac.authorization.k8s.io llmisvc-manager-rolebinding --ignore-not-found --wait=true',
    ]);
    expect(out).toContain('replacing deployment.apps kubeflow-system/jobset-controller-manager: spec.selector cannot change in place');
  });

  test('the same values: nothing is deleted (key order does not matter)', () => {
    const { calls } = run(waves(deployment({ 'control-plane': 'controller-manager' }), binding('llmisvc-manager-role')));
    expect(calls.filter((c) => c.startsWith('delete'))).toEqual([]);
  });

  test('an object the cluster does not have yet is not deleted', () => {
    const other: Manifest = { ...deployment({ a: 'b' }), metadata: { name: 'new-one', namespace: 'kubeflow' } };
    expect(run(waves(other)).calls.filter((c) => c.startsWith('delete'))).toEqual([]);
  });

  test('--dry-run=server reports the replacement and deletes nothing', () => {
    const { out, calls } = run(waves(deployment({ x: 'y' })), true);
    expect(out).toContain('replacing deployment.apps kubeflow-system/jobset-controller-manager');
    expect(calls.filter((c) => c.startsWith('delete'))).toEqual([]);
  });

  test('the table has one line per replaceable field, `-` for no namespace', () => {
    expect(replaceTable(waves(binding('r')))).toBe('wave-05\tclusterrolebinding.rbac.authorization.k8s.io\tClusterRoleBinding\t-\tllmisvc-manager-rolebinding\troleRef\t6\t{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"r"}\n');
  });
});
