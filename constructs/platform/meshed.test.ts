import { EphemeralSecretStore } from '../core/secrets';
import { parseConfig } from '../config/load';
import { isMeshed, PodMeta } from './meshed';
import { Manifest } from './parts';
import { KubeflowPlatform } from './platform';

const pod = (labels: Record<string, string> = {}, annotations: Record<string, string> = {}, extra: Partial<PodMeta> = {}): PodMeta => ({
  namespace: 'team', labels, annotations, hostNetwork: false, ...extra,
});
const ENABLED = { 'istio-injection': 'enabled' };
const IN = { 'sidecar.istio.io/inject': 'true' };
const OUT = { 'sidecar.istio.io/inject': 'false' };

describe('which pods our Istio injects', () => {
  test.each<[string, PodMeta, Record<string, string>, boolean]>([
    ['a pod in a namespace with istio-injection: enabled', pod(), ENABLED, true],
    ['... unless its label opts out', pod(OUT), ENABLED, false],
    ['... or, with no label, its annotation opts out', pod({}, OUT), ENABLED, false],
    ['... the label wins over the annotation', pod(IN, OUT), ENABLED, true],
    ['... a label istiod does not read as yes opts out', pod({ 'sidecar.istio.io/inject': 'nope' }), ENABLED, false],
    ['... host-network pods never', pod({}, {}, { hostNetwork: true }), ENABLED, false],
    ['... nor pods in kube-system', pod({}, {}, { namespace: 'kube-system' }), ENABLED, false],
    ['a namespace with istio-injection: disabled, even if the pod opts in', pod(IN), { 'istio-injection': 'disabled' }, false],
    ['a namespace on our revision', pod(), { 'istio.io/rev': 'default' }, true],
    ['a namespace on another revision', pod(), { 'istio.io/rev': 'canary' }, false],
    ['an unlabelled namespace', pod(), {}, false],
    ['... the pod opts in by label', pod(IN), {}, true],
    ['... the annotation alone calls no webhook', pod({}, IN), {}, false],
    ['... the pod asks for our revision', pod({ 'istio.io/rev': 'default' }), {}, true],
    ['... the pod asks for another revision', pod({ 'istio.io/rev': 'canary', ...IN }), {}, false],
  ])('%s', (_, p, ns, meshed) => {
    expect(isMeshed(p, ns)).toBe(meshed);
  });
});

// The injector's webhooks in the output, evaluated as the API server does.
interface Requirement { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }
interface Selector { matchLabels?: Record<string, string>; matchExpressions?: Requirement[] }
function selects(s: Selector | undefined, labels: Record<string, string>): boolean {
  const ok = (r: Requirement) => {
    const v = labels[r.key];
    if (r.operator === 'In') return v !== undefined && r.values!.includes(v);
    if (r.operator === 'NotIn') return v === undefined || !r.values!.includes(v);
    return (v !== undefined) === (r.operator === 'Exists');
  };
  return Object.entries(s?.matchLabels ?? {}).every(([k, v]) => labels[k] === v) && (s?.matchExpressions ?? []).every(ok);
}

describe('the rule agrees with the injector webhook of the output', () => {
  const platform = new KubeflowPlatform(parseConfig({ components: { profiles: { tenants: [{ name: 'team-a', owner: 'a@example.com' }] } } }), new EphemeralSecretStore());
  const all = platform.manifests();
  const injector = all.find((m) => m.kind === 'MutatingWebhookConfiguration' && m.metadata.name === 'istio-sidecar-injector')!;
  const hooks = (injector as unknown as { webhooks: { namespaceSelector: Selector; objectSelector: Selector }[] }).webhooks;
  const called = (ns: Record<string, string>, labels: Record<string, string>) => hooks.some((h) => selects(h.namespaceSelector, ns) && selects(h.objectSelector, labels));

  const namespaces: Record<string, string>[] = [{}, ENABLED, { 'istio-injection': 'disabled' }, { 'istio.io/rev': 'default' }, { 'istio.io/rev': 'canary' }, { ...ENABLED, 'istio.io/rev': 'default' }];
  const pods: Record<string, string>[] = [{}, IN, OUT, { 'istio.io/rev': 'default' }, { 'istio.io/rev': 'canary' }, { ...IN, 'istio.io/rev': 'default' }, { ...OUT, 'istio.io/rev': 'default' }];
  const cases = namespaces.flatMap((ns) => pods.map((labels) => ({ ns, labels })));

  // A pod whose label istiod reads as yes (or unset) is meshed exactly when a webhook is called.
  test.each(cases)('namespace $ns, pod $labels', ({ ns, labels }) => {
    expect(isMeshed(pod(labels), ns)).toBe(called(ns, labels) && labels['sidecar.istio.io/inject'] !== 'false');
  });

  test('every pod of the default platform: meshed only where a webhook is called, and the known ones', () => {
    const nsLabels = new Map(all.filter((m) => m.kind === 'Namespace').map((m) => [m.metadata.name, m.metadata.labels ?? {}]));
    const meshed: string[] = [];
    for (const m of all.filter((x: Manifest) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(x.kind))) {
      const t = (m.spec as { template: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } } }).template;
      const ns = m.metadata.namespace!;
      const labels = t.metadata?.labels ?? {};
      const p = pod(labels, t.metadata?.annotations ?? {}, { namespace: ns });
      if (isMeshed(p, nsLabels.get(ns) ?? {})) {
        expect(called(nsLabels.get(ns) ?? {}, labels)).toBe(true);
        meshed.push(`${ns}/${m.metadata.name}`);
      }
    }
    expect(meshed).toEqual(expect.arrayContaining(['kubeflow/ml-pipeline', 'knative-serving/activator', 'kubeflow/katib-ui', 'team-a/model-registry-deployment']));
    for (const never of ['kubeflow/katib-mysql', 'istio-system/istiod', 'istio-system/istio-ingressgateway', 'kube-system/istio-cni-node', 'cert-manager/cert-manager']) expect(meshed).not.toContain(never);
  });
});
