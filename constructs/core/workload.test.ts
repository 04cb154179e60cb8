import { Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { deployment, statefulSet } from './workload';

const base = { name: 'w', namespace: 'ns', labels: { app: 'w', 'app.kubernetes.io/part-of': 'x' }, containers: [{ name: 'c', image: 'i' }] };
const synth = (build: (chart: Chart) => void) => {
  const chart = new Chart(Testing.app(), 'c');
  build(chart);
  return Testing.synth(chart)[0];
};

test.each([
  ['the labels by default', {}, { app: 'w', 'app.kubernetes.io/part-of': 'x' }, { app: 'w', 'app.kubernetes.io/part-of': 'x' }],
  ['the selector given', { selector: { app: 'w' } }, { app: 'w' }, { app: 'w' }],
  ['the selector and the extra pod labels', { selector: { app: 'w' }, podLabels: { tier: 't' } }, { app: 'w' }, { app: 'w', tier: 't' }],
])('a Deployment selects %s', (_what, extra, matchLabels, podLabels) => {
  const d = synth((c) => deployment(c, { ...base, ...extra }));
  expect(d.spec.selector).toEqual({ matchLabels });
  expect(d.spec.template.metadata.labels).toEqual(podLabels);
});

test('a Deployment runs its pods restricted, under its service account, and leaves unset fields out', () => {
  const d = synth((c) => deployment(c, { ...base, serviceAccount: 'sa' }));
  expect(d.metadata).toEqual({ name: 'w', namespace: 'ns', labels: base.labels });
  expect(d.spec.replicas).toBeUndefined();
  expect(d.spec.strategy).toBeUndefined();
  expect(d.spec.template.spec.serviceAccountName).toBe('sa');
  expect(d.spec.template.spec.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
});

test('a StatefulSet has one replica and an empty service name unless given', () => {
  const s = synth((c) => statefulSet(c, base));
  expect([s.kind, s.spec.replicas, s.spec.serviceName]).toEqual(['StatefulSet', 1, '']);
});

test('a version label in the selector is refused', () => {
  expect(() => synth((c) => deployment(c, { ...base, selector: { 'app.kubernetes.io/version': '1' } }))).toThrow("selector label 'app.kubernetes.io/version' carries a version");
});

const surge = { rollingUpdate: { maxSurge: k8s.IntOrString.fromString('100%'), maxUnavailable: k8s.IntOrString.fromString('25%') } };
test.each([
  ['a rolling update as given', { strategy: surge }, { rollingUpdate: { maxSurge: '100%', maxUnavailable: '25%' } }],
  ['Recreate when both are given', { strategy: surge, recreate: true }, { type: 'Recreate' }],
])('a Deployment strategy is %s', (_what, extra, want) => {
  const d = synth((c) => deployment(c, { ...base, ...extra }));
  expect(d.spec.strategy).toEqual(want);
});
