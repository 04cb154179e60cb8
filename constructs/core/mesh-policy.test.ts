import { Chart, Testing } from 'cdk8s';
import { allowPrincipals, authorizationPolicy } from './mesh-policy';

const meta = { name: 'p', namespace: 'ns' };

test.each([
  ['Kubeflow components', undefined, 'security.istio.io/v1beta1'],
  ["Istio's own objects", 'v1' as const, 'security.istio.io/v1'],
])('an AuthorizationPolicy for %s has apiVersion %s', (_who, version, apiVersion) => {
  const chart = new Chart(Testing.app(), 'c');
  authorizationPolicy(chart, 'p', meta, { action: 'ALLOW', rules: [{}] }, version);
  expect(Testing.synth(chart)).toEqual([{ apiVersion, kind: 'AuthorizationPolicy', metadata: meta, spec: { action: 'ALLOW', rules: [{}] } }]);
});

test('allowPrincipals lets only the given identities call the selected pods', () => {
  const chart = new Chart(Testing.app(), 'c');
  allowPrincipals(chart, 'p', meta, ['cluster.local/ns/a/sa/b'], { app: 'x' });
  const [policy] = Testing.synth(chart);
  expect(policy.spec).toEqual({ action: 'ALLOW', rules: [{ from: [{ source: { principals: ['cluster.local/ns/a/sa/b'] } }] }], selector: { matchLabels: { app: 'x' } } });
});
