import { canonicalJson, IMMUTABLE, REPLACEABLE, replaceChecks } from './immutable';

describe('immutable fields', () => {
  test('live values compare as kubectl prints them: keys sorted at every level', () => {
    expect(canonicalJson({ matchLabels: { 'control-plane': 'cm', 'app.kubernetes.io/name': 'jobset' } }))
      .toBe('{"matchLabels":{"app.kubernetes.io/name":"jobset","control-plane":"cm"}}');
    expect(canonicalJson({ b: [{ y: 1, x: 2 }], a: 'q' })).toBe('{"a":"q","b":[{"x":2,"y":1}]}');
  });

  test('every field installers replace is one Kubernetes cannot change in place', () => {
    for (const [kind, fields] of Object.entries(REPLACEABLE)) for (const f of fields) expect(IMMUTABLE[kind]).toContain(f);
  });

  test.each(['PersistentVolumeClaim', 'CustomResourceDefinition', 'Namespace'])('%s is never replaced: it holds data', (kind) => {
    expect(REPLACEABLE[kind]).toBeUndefined();
  });

  test('a Deployment is checked on its selector, a ClusterRoleBinding on its roleRef with no namespace', () => {
    expect(replaceChecks({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'n' }, spec: { selector: { matchLabels: { b: '2', a: '1' } } } }))
      .toEqual([{ resource: 'deployment.apps', kind: 'Deployment', namespace: 'n', name: 'd', field: 'spec.selector', value: '{"matchLabels":{"a":"1","b":"2"}}' }]);
    expect(replaceChecks({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'b', namespace: 'ignored' }, roleRef: { name: 'r', kind: 'ClusterRole', apiGroup: 'rbac.authorization.k8s.io' } }))
      .toEqual([{ resource: 'clusterrolebinding.rbac.authorization.k8s.io', kind: 'ClusterRoleBinding', namespace: '', name: 'b', field: 'roleRef', value: '{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"r"}' }]);
  });

  test('a StatefulSet is checked on its selector and service name; a ConfigMap on nothing', () => {
    const sts = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's', namespace: 'n' }, spec: { selector: { matchLabels: { a: '1' } }, serviceName: 'svc' } };
    expect(replaceChecks(sts).map((c) => [c.field, c.value])).toEqual([['spec.selector', '{"matchLabels":{"a":"1"}}'], ['spec.serviceName', 'svc']]);
    expect(replaceChecks({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n' } })).toEqual([]);
  });
});
