import { parseConfig } from '../../constructs/config/load';
import { EphemeralSecretStore } from '../../constructs/core/secrets';
import { COMPONENT_LABEL } from '../../constructs/core/labels';
import { groupOf } from '../../constructs/install';
import { Manifest } from '../../constructs/platform/parts';
import { KubeflowPlatform } from '../../constructs/platform/platform';
import { main } from '../main';
import { diffValues } from './diff';
import { computePlan, Plan } from './plan';
import { databaseDowngrade, quantityBytes } from './rules';

function obj(kind: string, name: string, body: Record<string, unknown> = {}, apiVersion = 'v1'): Manifest {
  return { apiVersion, kind, metadata: { name, namespace: 'kubeflow', labels: { [COMPONENT_LABEL]: 'test' } }, ...body };
}
function plan(before: Manifest[], after: Manifest[], images: [string[], string[]] = [[], []]): Plan {
  return computePlan({ release: 'v1.11.0', manifests: before, images: images[0] }, { release: '26.03', manifests: after, images: images[1] }, []);
}
const pod = (image: string) => ({ template: { spec: { containers: [{ name: 'db', image }] } } });

describe('plan rules on hand-made pairs', () => {
  test.each([
    ['Deployment', 'apps/v1', { spec: { selector: { matchLabels: { app: 'a' } } } }, { spec: { selector: { matchLabels: { app: 'b' } } } }, 'spec.selector is immutable'],
    ['DaemonSet', 'apps/v1', { spec: { selector: { matchLabels: { app: 'a' } } } }, { spec: { selector: { matchLabels: { app: 'b' } } } }, 'spec.selector is immutable'],
    ['StatefulSet', 'apps/v1', { spec: { serviceName: 'a' } }, { spec: { serviceName: 'b' } }, 'spec.serviceName is immutable'],
    ['StatefulSet', 'apps/v1', { spec: { volumeClaimTemplates: [{ metadata: { name: 'data' } }] } }, { spec: { volumeClaimTemplates: [{ metadata: { name: 'data2' } }] } }, 'spec.volumeClaimTemplates is immutable'],
    ['Service', 'v1', { spec: { clusterIP: 'None' } }, { spec: { clusterIP: '10.0.0.1' } }, 'spec.clusterIP is immutable'],
    ['Job', 'batch/v1', { spec: pod('busybox:1') }, { spec: pod('busybox:2') }, 'spec.template is immutable'],
    ['PersistentVolumeClaim', 'v1', { spec: { storageClassName: 'standard' } }, { spec: { storageClassName: 'gp3' } }, 'spec.storageClassName is immutable'],
    ['PersistentVolumeClaim', 'v1', { spec: { accessModes: ['ReadWriteOnce'] } }, { spec: { accessModes: ['ReadWriteMany'] } }, 'spec.accessModes is immutable'],
    ['PersistentVolumeClaim', 'v1', { spec: { resources: { requests: { storage: '20Gi' } } } }, { spec: { resources: { requests: { storage: '10Gi' } } } }, 'spec.resources.requests.storage shrinks from 20Gi to 10Gi; volumes cannot shrink'],
    ['CustomResourceDefinition', 'apiextensions.k8s.io/v1', { spec: { scope: 'Namespaced' } }, { spec: { scope: 'Cluster' } }, 'spec.scope is immutable'],
    ['RoleBinding', 'rbac.authorization.k8s.io/v1', { roleRef: { kind: 'ClusterRole', name: 'a' } }, { roleRef: { kind: 'ClusterRole', name: 'b' } }, 'roleRef is immutable'],
  ])('%s (%s) %j -> %j needs replacement', (kind, apiVersion, a, b, reason) => {
    const p = plan([obj(kind, 'x', a, apiVersion)], [obj(kind, 'x', b, apiVersion)]);
    expect(p.replacements).toEqual([{ component: 'test', kind, namespace: 'kubeflow', name: 'x', reasons: [reason] }]);
  });

  test('a PVC that grows is an in-place change', () => {
    const p = plan([obj('PersistentVolumeClaim', 'x', { spec: { resources: { requests: { storage: '10Gi' } } } })],
      [obj('PersistentVolumeClaim', 'x', { spec: { resources: { requests: { storage: '20Gi' } } } })]);
    expect(p.replacements).toEqual([]);
    expect(p.changed).toHaveLength(1);
  });

  test.each([
    ['CustomResourceDefinition', 'apiextensions.k8s.io/v1', 'removing a CRD deletes every custom resource of that kind'],
    ['PersistentVolumeClaim', 'v1', 'removing a PVC can delete its volume and data'],
    ['Namespace', 'v1', 'removing a namespace deletes everything in it'],
    ['StatefulSet', 'apps/v1', 'removing a StatefulSet stops a stateful service; its volumes are orphaned'],
  ])('removing a %s is a data-loss risk', (kind, apiVersion, risk) => {
    const p = plan([obj(kind, 'x', {}, apiVersion)], []);
    expect(p.removed).toHaveLength(1);
    expect(p.risks).toEqual([{ component: 'test', kind, namespace: 'kubeflow', name: 'x', risk }]);
  });

  test('removing a ConfigMap is not a risk', () => {
    expect(plan([obj('ConfigMap', 'x')], []).risks).toEqual([]);
  });

  test('a database image moving to an older version is a risk; a newer one is not', () => {
    const older = plan([obj('Deployment', 'mysql', { spec: pod('mysql:8.4') }, 'apps/v1')], [obj('Deployment', 'mysql', { spec: pod('mysql:8.0') }, 'apps/v1')]);
    expect(older.risks.map((r) => r.risk)).toEqual(['database image mysql:8.4 moves to older mysql:8.0; the database will refuse data written by the newer version']);
    expect(older.changed[0].images).toEqual([{ from: 'mysql:8.4', to: 'mysql:8.0' }]);
    const newer = plan([obj('Deployment', 'mysql', { spec: pod('mysql:8.0') }, 'apps/v1')], [obj('Deployment', 'mysql', { spec: pod('mysql:8.4') }, 'apps/v1')]);
    expect(newer.risks).toEqual([]);
  });

  test('database downgrades are found through a mirror too', () => {
    expect(databaseDowngrade('m.local/library/mysql:8.4', 'm.local/library/mysql:8.0.36')).toBeDefined();
    expect(databaseDowngrade('ghcr.io/kubeflow/kfp-api-server:2.16.0', 'ghcr.io/kubeflow/kfp-api-server:2.15.0')).toBeUndefined();
  });

  test('an object whose API version changes is the same object', () => {
    const p = plan([obj('Thing', 'x', {}, 'example.com/v1beta1')], [obj('Thing', 'x', {}, 'example.com/v1')]);
    expect(p.added).toEqual([]);
    expect(p.removed).toEqual([]);
    expect(p.changed[0].fields).toEqual([{ path: 'apiVersion', from: 'example.com/v1beta1', to: 'example.com/v1' }]);
  });

  test('lists of named items compare by name', () => {
    const a = { containers: [{ name: 'a', image: '1' }, { name: 'b', image: '2' }] };
    const b = { containers: [{ name: 'z', image: '0' }, { name: 'a', image: '1' }, { name: 'b', image: '3' }] };
    expect(diffValues(a, b)).toEqual([
      { path: 'containers[b].image', from: '2', to: '3' },
      { path: 'containers[z]', to: { name: 'z', image: '0' } },
    ]);
  });

  test('storage quantities compare in bytes', () => {
    expect(quantityBytes('1Gi')).toBe(1024 ** 3);
    expect(quantityBytes('500M')).toBe(5e8);
  });
});

describe('plan v1.11.0 -> 26.03', () => {
  const synth = (release: '26.03' | 'v1.11.0', secrets: EphemeralSecretStore) => new KubeflowPlatform(parseConfig({ release }), secrets);
  const secrets = new EphemeralSecretStore();
  const old = synth('v1.11.0', secrets);
  const next = synth('26.03', secrets);
  const key = (m: Manifest) => `${groupOf(m.apiVersion)}/${m.kind}/${m.metadata.namespace ?? ''}/${m.metadata.name}`;
  const p = computePlan({ release: 'v1.11.0', manifests: old.manifests(), images: old.images.list() }, { release: '26.03', manifests: next.manifests(), images: next.images.list() }, []);

  test('added and removed objects are the differences of the two releases', () => {
    const a = new Set(old.manifests().map(key));
    const b = new Set(next.manifests().map(key));
    const name = (o: { kind: string; namespace?: string; name: string }) => `${o.kind}/${o.namespace ?? ''}/${o.name}`;
    const strip = (k: string) => k.split('/').slice(1).join('/');
    expect(p.added.map(name).sort()).toEqual([...b].filter((k) => !a.has(k)).map(strip).sort());
    expect(p.removed.map(name).sort()).toEqual([...a].filter((k) => !b.has(k)).map(strip).sort());
  });

  test('image changes are the differences of the two image lists', () => {
    expect(p.images.added).toEqual(next.images.list().filter((i) => !old.images.list().includes(i)));
    expect(p.images.added).toContain('quay.io/jetstack/cert-manager-controller:v1.19.4');
    expect(p.images.removed).toContain('quay.io/jetstack/cert-manager-controller:v1.16.1');
  });

  test('nothing stateful is replaced', () => {
    expect(p.replacements.filter((r) => ['StatefulSet', 'PersistentVolumeClaim', 'CustomResourceDefinition'].includes(r.kind))).toEqual([]);
  });

  test('the CLI prints the JSON plan and exits 0 without data-loss risks', () => {
    const out: string[] = [];
    const code = main(['plan', '--from', 'v1.11.0', '--to', '26.03', '--json'], (l) => out.push(l), () => undefined);
    const json = JSON.parse(out.join('\n'));
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['added', 'removed', 'changed', 'replacements', 'risks']));
    expect(code).toBe(json.risks.length ? 3 : 0);
  });

  test('an unknown release is named with the releases allowed', () => {
    const err: string[] = [];
    expect(main(['plan', '--from', '1.10', '--to', '26.03'], () => undefined, (l) => err.push(l))).toBe(2);
    expect(err.join('\n')).toContain('--from: got "1.10"; allowed: "v1.11.0", "26.03", "26.03.1"');
  });
});

describe('plan 26.03 -> 26.03.1', () => {
  const out: string[] = [];
  const code = main(['plan', '--from', '26.03', '--to', '26.03.1', '--json'], (l) => out.push(l), () => undefined);
  const json = JSON.parse(out.join('\n')) as Plan;

  // Both cannot change in place: the JobSet selector gained labels, the binding's roleRef names the renamed role.
  test.each([
    ['trainer', 'Deployment', 'kubeflow-system', 'jobset-controller-manager', 'spec.selector is immutable'],
    ['kserve', 'ClusterRoleBinding', undefined, 'llmisvc-manager-rolebinding', 'roleRef is immutable'],
  ])('%s: %s %s/%s is replaced (%s)', (component, kind, namespace, name, reason) => {
    expect(json.replacements).toContainEqual({ component, kind, ...(namespace ? { namespace } : {}), name, reasons: [reason] });
  });

  test('the dropped inferencemodels CRD is a data-loss risk, so the plan exits 3', () => {
    expect(json.risks.map((r) => `${r.kind} ${r.name}`)).toContain('CustomResourceDefinition inferencemodels.inference.networking.x-k8s.io');
    expect(code).toBe(3);
  });

  test('the catalog\'s migration notes for the pair are shown', () => {
    expect(json.notes.map((n) => n.component)).toEqual(['trainer', 'kserve', 'kserve', 'dashboard', 'hub', 'istio']);
  });
});
