import { env, fromConfigMap, fromField, fromSecret, podNamespaceEnv } from './env';

// Upstream's manifests leave optional fields out; so must the helpers, or the output changes.
test.each([
  ['a literal, stringified', env('REPLICAS', 3), { name: 'REPLICAS', value: '3' }],
  ['a ConfigMap key', fromConfigMap('A', 'cm', 'k'), { name: 'A', valueFrom: { configMapKeyRef: { name: 'cm', key: 'k' } } }],
  ['an optional ConfigMap key', fromConfigMap('A', 'cm', 'k', true), { name: 'A', valueFrom: { configMapKeyRef: { name: 'cm', key: 'k', optional: true } } }],
  ['a Secret key', fromSecret('P', { name: 's', key: 'k' }), { name: 'P', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
  ['an optional Secret key', fromSecret('P', { name: 's', key: 'k' }, true), { name: 'P', valueFrom: { secretKeyRef: { name: 's', key: 'k', optional: true } } }],
  ['a pod field', fromField('N', 'spec.nodeName'), { name: 'N', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
  ['a pod field with apiVersion', fromField('N', 'spec.nodeName', 'v1'), { name: 'N', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } }],
  ['the pod namespace', podNamespaceEnv(), { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
])('%s', (_what, got, want) => {
  expect(JSON.stringify(got)).toBe(JSON.stringify(want));
});
