import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CREATE_SCRIPT, DELETE_SCRIPT, existsMessage } from './kind-scripts';

/**
 * The scripts run against a fake `kind` on PATH: a cluster is a file in a state dir holding its
 * CA, and every call is logged, so a test sees what was created or deleted.
 */
function fakeKind() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kind-scripts-'));
  const state = path.join(dir, 'clusters');
  fs.mkdirSync(state);
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.writeFileSync(path.join(dir, 'bin', 'kind'), `#!/usr/bin/env bash
set -e
echo "kind $*" >> "${dir}/calls"
name() { while [ $# -gt 0 ]; do [ "$1" = --name ] && { echo "$2"; return; }; shift; done; }
case "$1 $2" in
  "get clusters") ls "${state}" ;;
  "create cluster") n=$(name "$@"); echo "CA-$n-$RANDOM" > "${state}/$n"; echo "Creating cluster" >&2 ;;
  "get kubeconfig") n=$(name "$@"); printf 'apiVersion: v1\\nclusters:\\n- cluster:\\n    certificate-authority-data: %s\\n    server: https://127.0.0.1:1\\n' "$(cat "${state}/$n")" ;;
  "delete cluster") n=$(name "$@"); rm -f "${state}/$n" ;;
esac
`, { mode: 0o755 });
  const run = (script: string, env: Record<string, string> = {}) => spawnSync('bash', ['--norc', '--noprofile', '-c', script], {
    encoding: 'utf8',
    env: { PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`, KIND_NAME: 'kubeflow', KIND_CONFIG: 'kind: Cluster', KIND_EXISTS_MESSAGE: existsMessage('kubeflow'), ...env },
  });
  const calls = () => (fs.existsSync(path.join(dir, 'calls')) ? fs.readFileSync(path.join(dir, 'calls'), 'utf8').trim().split('\n') : []);
  const exists = () => fs.existsSync(path.join(state, 'kubeflow'));
  return { run, calls, exists, dir };
}

afterAll(() => execFileSync('bash', ['-c', `rm -rf ${os.tmpdir()}/kind-scripts-*`]));

test('create makes the cluster and prints its kubeconfig', () => {
  const k = fakeKind();
  const r = k.run(CREATE_SCRIPT);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/certificate-authority-data: CA-kubeflow-\d+/);
  expect(k.calls()).toEqual(['kind get clusters', 'kind create cluster --name kubeflow --config ' + k.calls()[1].split('--config ')[1], 'kind get kubeconfig --name kubeflow']);
});

test('create refuses a cluster of that name that exists, says why and how, and touches nothing', () => {
  const k = fakeKind();
  k.run(CREATE_SCRIPT);
  const before = k.calls().length;
  const r = k.run(CREATE_SCRIPT);
  expect(r.status).toBe(1);
  expect(r.stderr.trim()).toBe(
    "kind cluster 'kubeflow' already exists, and this stack would make it with other settings (a release that needs a newer Kubernetes node image, other workers, ports or registry), or did not make it at all. " +
    'kind cannot change a cluster in place, and making it again deletes everything in it, volumes included, so kubeflow-iac leaves it alone. ' +
    'To make it again, run `kind delete cluster --name kubeflow` yourself and then `pulumi up`; to keep it, undo the change in the stack config (or stay on the release it runs).');
  expect(k.calls().slice(before)).toEqual(['kind get clusters']);
  expect(k.exists()).toBe(true);
});

test('delete removes the cluster this resource made (its create output)', () => {
  const k = fakeKind();
  const made = k.run(CREATE_SCRIPT).stdout;
  const r = k.run(DELETE_SCRIPT, { PULUMI_COMMAND_STDOUT: made });
  expect(r.status).toBe(0);
  expect(k.calls()).toContain('kind delete cluster --name kubeflow');
  expect(k.exists()).toBe(false);
});

test.each([
  ['made since by someone else (another CA)', (old: string) => old.replace(/CA-kubeflow-\d+/, 'CA-kubeflow-other')],
  ['with no create output on record', () => ''],
])('delete leaves a cluster of that name alone when it is not the one made: %s', (_what, stdoutOf) => {
  const k = fakeKind();
  const made = k.run(CREATE_SCRIPT).stdout;
  const r = k.run(DELETE_SCRIPT, { PULUMI_COMMAND_STDOUT: stdoutOf(made) });
  expect(r.status).toBe(0);
  expect(r.stderr.trim()).toBe("kind cluster 'kubeflow' is not the one this stack made (another certificate authority): left alone");
  expect(k.calls()).not.toContain('kind delete cluster --name kubeflow');
  expect(k.exists()).toBe(true);
});

test('delete of a cluster that is already gone succeeds and deletes nothing', () => {
  const k = fakeKind();
  const r = k.run(DELETE_SCRIPT, { PULUMI_COMMAND_STDOUT: 'x' });
  expect(r.status).toBe(0);
  expect(r.stderr.trim()).toBe("kind cluster 'kubeflow' is already gone");
  expect(k.calls()).toEqual(['kind get clusters']);
});
