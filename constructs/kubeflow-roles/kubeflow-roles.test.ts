import { withoutCrdSchemas } from '../platform/test-helpers';
import { Testing } from 'cdk8s';
import { KubeflowRoles } from './kubeflow-roles';

type Obj = { kind: string; metadata: { name: string; labels?: Record<string, string> }; rules: { resources: string[]; verbs: string[] }[]; aggregationRule?: unknown };

function synth(props: ConstructorParameters<typeof KubeflowRoles>[2] = {}): Obj[] {
  const chart = Testing.chart();
  new KubeflowRoles(chart, 'roles', props);
  return Testing.synth(chart) as Obj[];
}

describe('KubeflowRoles', () => {
  test('admin aggregates edit, which aggregates view', () => {
    const objs = synth();
    const role = (n: string) => objs.find((o) => o.metadata.name === n)!;
    expect(role('kubeflow-admin').aggregationRule).toEqual({ clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.kubeflow.org/aggregate-to-kubeflow-admin': 'true' } }] });
    expect(role('kubeflow-edit').metadata.labels).toEqual({ 'rbac.authorization.kubeflow.org/aggregate-to-kubeflow-admin': 'true' });
    expect(role('kubeflow-view').metadata.labels).toEqual({ 'rbac.authorization.kubeflow.org/aggregate-to-kubeflow-edit': 'true' });
  });

  test('aggregated roles carry no rules of their own, so server-side apply never fights the aggregation controller', () => {
    const objs = synth();
    for (const name of ['kubeflow-admin', 'kubeflow-edit', 'kubeflow-view']) {
      expect(objs.find((o) => o.metadata.name === name)).not.toHaveProperty('rules');
    }
  });

  test.each([
    [false, false],
    [true, true],
  ])('impersonation %s is granted only when asked (%s)', (allow, granted) => {
    const edit = synth({ allowImpersonation: allow }).find((o) => o.metadata.name === 'kubeflow-kubernetes-edit')!;
    expect(edit.rules.some((r) => r.verbs.includes('impersonate'))).toBe(granted);
  });

  test('matches its snapshot', () => {
    expect(withoutCrdSchemas(synth())).toMatchSnapshot();
  });
});
