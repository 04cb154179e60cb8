import { withoutCrdSchemas } from '../platform/test-helpers';
import { Testing } from 'cdk8s';
import { KubeflowNamespaces } from './kubeflow-namespace';

type Obj = { kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec?: any };

function synth(props: ConstructorParameters<typeof KubeflowNamespaces>[2] = {}): Obj[] {
  const chart = Testing.chart();
  new KubeflowNamespaces(chart, 'ns', props);
  return Testing.synth(chart) as Obj[];
}

describe('KubeflowNamespaces', () => {
  test('both namespaces enforce restricted Pod Security and take sidecars', () => {
    const ns = synth().filter((o) => o.kind === 'Namespace');
    expect(ns.map((n) => [n.metadata.name, n.metadata.labels])).toEqual([
      ['kubeflow', { 'control-plane': 'kubeflow', 'istio-injection': 'enabled', 'pod-security.kubernetes.io/enforce': 'restricted' }],
      ['kubeflow-system', { 'control-plane': 'kubeflow', 'istio-injection': 'enabled', 'pod-security.kubernetes.io/enforce': 'restricted' }],
    ]);
  });

  test('without Istio the namespaces are not labelled for injection', () => {
    const ns = synth({ istioInjection: false }).filter((o) => o.kind === 'Namespace');
    expect(ns.every((n) => !('istio-injection' in (n.metadata.labels ?? {})))).toBe(true);
  });

  test('policies of components not installed are left out', () => {
    const names = synth({ installed: ['certManager', 'istio', 'profiles', 'pipelines'] }).filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata.name);
    expect(names).toContain('ml-pipeline');
    expect(names).toContain('poddefaults');
    expect(names).not.toContain('katib-ui');
    expect(names).not.toContain('trainer-webhook');
  });

  test('web apps are reachable from the gateway namespace, APIs from tenant namespaces', () => {
    const objs = synth();
    const from = (name: string) => objs.find((o) => o.metadata.name === name)!.spec.ingress[0].from;
    expect(from('jupyter-web-app')).toEqual([
      { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['istio-system'] }] } },
      { podSelector: {} },
    ]);
    expect(from('ml-pipeline')[0]).toEqual({ namespaceSelector: { matchExpressions: [{ key: 'app.kubernetes.io/part-of', operator: 'In', values: ['kubeflow-profile'] }] } });
  });

  test('matches its snapshot', () => {
    expect(withoutCrdSchemas(synth())).toMatchSnapshot();
  });
});
