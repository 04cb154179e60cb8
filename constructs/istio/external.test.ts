import { EphemeralSecretStore } from '../core/secrets';
import { parseConfig } from '../config/load';
import { Manifest } from '../platform/parts';
import { KubeflowPlatform } from '../platform/platform';

// The whole platform against an Istio the cluster already has, with every gateway moved away
// from upstream's names: nothing may still point at upstream's gateways.
const EXTERNAL = {
  components: {
    istio: {
      enabled: false, external: true,
      existing: {
        version: '1.28.2',
        gateway: { namespace: 'mesh-gw', name: 'public-gw' },
        clusterLocalGateway: { namespace: 'mesh-local', name: 'local-gw' },
        ingressGateway: { namespace: 'mesh-ingress', service: 'edge', serviceAccount: 'edge-sa', app: 'edge' },
      },
    },
    profiles: { tenants: [{ name: 'team-a', owner: 'a@example.com', contributors: [{ user: 'b@example.com', role: 'edit' }] }] },
  },
};

const manifests = (input: unknown): Manifest[] => new KubeflowPlatform(parseConfig(input as Parameters<typeof parseConfig>[0]), new EphemeralSecretStore()).manifests();
const objs = manifests(EXTERNAL);
const spec = (m: Manifest) => m.spec as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const id = (m: Manifest) => `${m.kind} ${m.metadata.namespace ?? ''}/${m.metadata.name}`;
/** Every string in an object except its own name, with the path it sits at. */
function strings(v: unknown, path = ''): [string, string][] {
  if (typeof v === 'string') return [[path, v]];
  if (Array.isArray(v)) return v.flatMap((x, i) => strings(x, `${path}[${i}]`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => (path === 'metadata' && k === 'name' ? [] : strings(x, path ? `${path}.${k}` : k)));
  return [];
}
// ConfigMaps carry JSON inside strings (KServe's inferenceservice-config), so substrings count.
const mentions = (m: Manifest, word: string) => strings(m).filter(([, s]) => s.includes(word)).map(([p, s]) => `${id(m)} ${p}: ${s}`);

describe('an external Istio with its own gateways', () => {
  test.each(['kubeflow-gateway', 'cluster-local-gateway', 'istio-ingressgateway'])('no object still names %s', (word) => {
    expect(objs.flatMap((m) => mentions(m, word))).toEqual([]);
  });

  test('every VirtualService binds to the configured gateway', () => {
    const routes = objs.filter((m) => m.kind === 'VirtualService');
    expect(routes.length).toBeGreaterThan(8);
    // A bare name is resolved in the VirtualService's own namespace.
    const resolved: [string, string[]][] = routes.map((m) => [id(m), (spec(m).gateways as string[]).map((g) => (g.includes('/') ? g : `${m.metadata.namespace}/${g}`))]);
    expect(resolved.filter(([, gs]) => gs.join() !== 'mesh-gw/public-gw')).toEqual([]);
  });

  test('every policy that admits the ingress gateway names its service account', () => {
    const principals = objs.filter((m) => m.kind === 'AuthorizationPolicy').flatMap((m) => strings(m).filter(([p]) => p.includes('principals')).map(([, s]) => s));
    const gatewayLike = principals.filter((p) => !/\/ns\/(kubeflow|kubeflow-user|team-a|knative|auth|oauth2)/.test(p));
    expect(new Set(gatewayLike)).toEqual(new Set(['cluster.local/ns/mesh-ingress/sa/edge-sa']));
    const tenant = objs.find((m) => m.kind === 'AuthorizationPolicy' && m.metadata.namespace === 'team-a')!;
    expect(strings(tenant).map(([, s]) => s)).toContain('cluster.local/ns/mesh-ingress/sa/edge-sa');
  });

  test('the login policies sit with the ingress gateway pods and select them', () => {
    const atGateway = objs.filter((m) => ['AuthorizationPolicy', 'RequestAuthentication'].includes(m.kind) && m.metadata.name.match(/ingressgateway|jwt|m2m/));
    expect(atGateway.length).toBeGreaterThanOrEqual(3);
    expect(atGateway.map((m) => [id(m), spec(m).selector.matchLabels])).toEqual(atGateway.map((m) => [`${m.kind} mesh-ingress/${m.metadata.name}`, { app: 'edge' }]));
  });

  test('Knative and KServe name the configured ingress and cluster-local gateways', () => {
    const istio = objs.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'config-istio')!;
    expect(istio.data).toEqual({
      'gateway.mesh-gw.public-gw': 'edge.mesh-ingress.svc.cluster.local',
      'local-gateway.knative-serving.knative-local-gateway': 'knative-local-gateway.mesh-local.svc.cluster.local',
    });
    const local = objs.find((m) => m.kind === 'Service' && m.metadata.name === 'knative-local-gateway')!;
    expect([local.metadata.namespace, spec(local).selector]).toEqual(['mesh-local', { app: 'local-gw', istio: 'local-gw' }]);
    const kserve = objs.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'inferenceservice-config')!;
    const ingress = JSON.parse((kserve.data as Record<string, string>).ingress);
    expect([ingress.ingressGateway, ingress.localGateway, ingress.localGatewayService])
      .toEqual(['mesh-gw/public-gw', 'knative-serving/knative-local-gateway', 'knative-local-gateway.mesh-local.svc.cluster.local']);
  });

  test('raw deployments route cluster-local traffic through the configured cluster-local gateway', () => {
    const raw = manifests({ ...EXTERNAL, components: { ...EXTERNAL.components, kserve: { deploymentMode: 'RawDeployment' } } });
    const kserve = raw.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'inferenceservice-config')!;
    const ingress = JSON.parse((kserve.data as Record<string, string>).ingress);
    expect([ingress.localGateway, ingress.localGatewayService]).toEqual(['mesh-local/local-gw', 'local-gw.mesh-local.svc.cluster.local']);
  });

  test('NetworkPolicies admit the ingress gateway\'s namespace and pods', () => {
    const peers = objs.filter((m) => m.kind === 'NetworkPolicy').flatMap((m) => strings(m).filter(([, s]) => s.startsWith('mesh-') || s === 'edge').map(([, s]) => s));
    expect(new Set(peers)).toEqual(new Set(['mesh-ingress', 'mesh-local', 'edge']));
  });
});
