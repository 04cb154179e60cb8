import { ContainerLike, podResources, withInjection } from './pod-resources';

const c = (name: string, cpu: string, memory: string, extra: Partial<ContainerLike> = {}): ContainerLike => ({
  name, resources: { requests: { cpu, memory }, limits: { memory } }, ...extra,
});
const sidecar = (name: string, cpu: string, memory: string) => c(name, cpu, memory, { restartPolicy: 'Always' });
const Mi = 2 ** 20;

describe("a pod's effective requests, by Kubernetes' rule for init containers", () => {
  test.each<[string, ContainerLike[], ContainerLike[], number, number]>([
    ['regular containers add up', [c('a', '100m', '64Mi'), c('b', '50m', '32Mi')], [], 150, 96],
    ['an init container larger than the app is what the pod needs', [c('app', '100m', '64Mi')], [c('init', '500m', '256Mi')], 500, 256],
    ['a smaller init container adds nothing', [c('app', '100m', '64Mi')], [c('init', '10m', '16Mi')], 100, 64],
    ['a native sidecar adds to the app', [c('app', '100m', '64Mi')], [sidecar('proxy', '20m', '32Mi')], 120, 96],
    ['an init container after a sidecar runs beside it', [c('app', '100m', '64Mi')], [sidecar('proxy', '20m', '32Mi'), c('init', '500m', '256Mi')], 520, 288],
    ['an init container before a sidecar runs alone', [c('app', '100m', '64Mi')], [c('init', '500m', '256Mi'), sidecar('proxy', '20m', '32Mi')], 500, 256],
    ['two init containers: the larger counts, not the sum', [c('app', '10m', '16Mi')], [c('i1', '300m', '64Mi'), c('i2', '200m', '128Mi')], 300, 128],
  ])('%s', (_, containers, initContainers, cpu, memory) => {
    expect(podResources({ containers, initContainers }, 'Pod x').requests).toEqual({ cpu, memory: memory * Mi });
  });

  test('a container without a request asks for its limit, as the API server defaults it', () => {
    const r = podResources({ containers: [{ name: 'app', resources: { limits: { cpu: '200m', memory: '1Gi' } } }] }, 'Pod x');
    expect(r).toEqual({ requests: { cpu: 200, memory: 2 ** 30 }, limits: { cpu: 200, memory: 2 ** 30 } });
  });

  test('a container without a limit leaves the pod unbounded (null); with all set, limits follow the same rule', () => {
    expect(podResources({ containers: [c('a', '10m', '64Mi'), c('b', '10m', '32Mi')] }, 'Pod x').limits).toEqual({ cpu: null, memory: 96 * Mi });
    expect(podResources({ containers: [c('a', '10m', '64Mi')], initContainers: [{ name: 'init', resources: { requests: { cpu: '1m', memory: '1Mi' } } }] }, 'Pod x').limits.memory).toBeNull();
  });

  test('a value that is not a quantity names the object, the container and the field', () => {
    expect(() => podResources({ containers: [{ name: 'app', resources: { requests: { cpu: 'lots' } } }] }, 'Deployment kubeflow/web'))
      .toThrow('Deployment kubeflow/web: container app: resources.requests.cpu ("lots") is not a Kubernetes quantity');
  });
});

describe('what sidecar injection adds', () => {
  const injected = { proxy: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } }, init: { requests: { cpu: '5m', memory: '16Mi' }, limits: { memory: '64Mi' } } };
  const app = { containers: [c('app', '100m', '64Mi')], initContainers: [c('migrate', '200m', '128Mi')] };

  test('istio-validation and istio-proxy go in front of the pod\'s init containers, so those run beside the proxy', () => {
    const spec = withInjection(app, {}, injected);
    expect(spec.initContainers!.map((x) => x.name)).toEqual(['istio-validation', 'istio-proxy', 'migrate']);
    // max(app 100m + proxy 10m, migrate 200m + proxy 10m); memory likewise.
    expect(podResources(spec, 'Pod x')).toEqual({ requests: { cpu: 210, memory: 160 * Mi }, limits: { cpu: null, memory: 256 * Mi } });
  });

  test('the pod\'s proxy annotations set the proxy\'s requests and memory limit', () => {
    const spec = withInjection({ containers: [c('app', '100m', '64Mi')] }, { 'sidecar.istio.io/proxyCPU': '50m', 'sidecar.istio.io/proxyMemory': '100Mi', 'sidecar.istio.io/proxyMemoryLimit': '1Gi' }, injected);
    expect(podResources(spec, 'Pod x')).toEqual({ requests: { cpu: 150, memory: 164 * Mi }, limits: { cpu: null, memory: 64 * Mi + 2 ** 30 } });
  });

  test('without a default memory limit the proxy has none, whatever the annotation says (as in the template)', () => {
    const noLimit = { ...injected, proxy: { requests: injected.proxy.requests } };
    const spec = withInjection({ containers: [c('app', '100m', '64Mi')] }, { 'sidecar.istio.io/proxyMemoryLimit': '1Gi' }, noLimit);
    expect(podResources(spec, 'Pod x').limits.memory).toBeNull();
  });
});
