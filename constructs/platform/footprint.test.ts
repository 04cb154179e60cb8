import { parseConfig } from '../config/load';
import { SizingName } from '../config/schema';
import { EphemeralSecretStore } from '../core/secrets';
import { Sizing } from '../core/sizing';
import { injectedResources } from '../istio/injection';
import { footprint } from './footprint';
import { Manifest } from './parts';
import { KubeflowPlatform, Wave } from './platform';

const Mi = 2 ** 20;
const Gi = 2 ** 30;

/** Waves holding each component's objects in one part. */
function waves(byComponent: Record<string, Manifest[]>): Wave[] {
  return [{ index: 0, name: 'wave-02', parts: Object.entries(byComponent).map(([component, manifests]) => ({ component, phase: 'main' as const, manifests, after: [] })) }];
}

const container = (cpu: string, memory: string) => ({ name: 'app', resources: { requests: { cpu, memory }, limits: { memory } } });
function workload(kind: string, name: string, extra: Record<string, unknown> = {}, opts: { namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> } = {}): Manifest {
  const template = { metadata: { labels: opts.labels ?? {}, ...(opts.annotations ? { annotations: opts.annotations } : {}) }, spec: { containers: [container('100m', '64Mi')] } };
  return { apiVersion: 'apps/v1', kind, metadata: { name, namespace: opts.namespace ?? 'apps' }, spec: { ...extra, template } };
}
const hpa = (target: string, minReplicas?: number, namespace = 'apps'): Manifest => ({
  apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: target, namespace },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target }, ...(minReplicas === undefined ? {} : { minReplicas }), maxReplicas: 5 },
});
const claim = (name: string, storage: string): Manifest => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: 'apps' }, spec: { resources: { requests: { storage } } } });
const namespace = (name: string, labels: Record<string, string>): Manifest => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });

const injected = { proxy: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } }, init: { requests: { cpu: '5m', memory: '16Mi' }, limits: { memory: '64Mi' } } };
const pods = (fp: ReturnType<typeof footprint>, name: string) => fp.components.flatMap((c) => c.workloads).find((w) => w.name === name)!.pods;

describe('pods a workload runs at rest', () => {
  test.each<[string, Manifest[], number]>([
    ['replicas as set', [workload('Deployment', 'web', { replicas: 3 })], 3],
    ['1 when unset', [workload('Deployment', 'web')], 1],
    ["an HPA's minReplicas over the replicas", [workload('Deployment', 'web', { replicas: 1 }), hpa('web', 2)], 2],
    ['an HPA without minReplicas: 1', [workload('Deployment', 'web', { replicas: 3 }), hpa('web')], 1],
    ['an HPA in another namespace does not scale it', [workload('Deployment', 'web', { replicas: 3 }), hpa('web', 2, 'other')], 3],
    ['an HPA leaves a workload scaled to 0 alone', [workload('Deployment', 'web', { replicas: 0 }), hpa('web', 2)], 0],
    ['a StatefulSet', [workload('StatefulSet', 'web', { replicas: 2 })], 2],
    ['a DaemonSet: one, on a one-node cluster', [workload('DaemonSet', 'web')], 1],
  ])('%s', (_, manifests, n) => {
    expect(pods(footprint(waves({ app: manifests })), 'web')).toBe(n);
  });

  test('DaemonSet pods are counted per node; Jobs and CronJobs are listed apart, not counted', () => {
    const job: Manifest = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: 'apps' }, spec: { template: { spec: { containers: [container('1', '1Gi')] } } } };
    const cron: Manifest = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'gc', namespace: 'apps' }, spec: { jobTemplate: { spec: { template: { spec: { containers: [container('1', '1Gi')] } } } } } };
    const fp = footprint(waves({ app: [workload('DaemonSet', 'agent'), workload('Deployment', 'web', { replicas: 2 }), job, cron] }));
    expect(fp.total).toMatchObject({ pods: 3, podsPerNode: 1, requests: { cpu: 300, memory: 192 * Mi } });
    expect(fp.notCounted).toEqual(['Job apps/migrate', 'CronJob apps/gc']);
  });
});

describe('per component and in total', () => {
  test('requests and limits sum over replicas; volumes are claims plus claim templates times replicas', () => {
    const db = workload('StatefulSet', 'db', { replicas: 2, volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { resources: { requests: { storage: '10Gi' } } } }] });
    const fp = footprint(waves({ store: [claim('files', '5Gi'), db], web: [workload('Deployment', 'web', { replicas: 3 })] }));
    expect(fp.components.map((c) => [c.component, c.pods, c.requests, c.limits, c.pvc])).toEqual([
      ['store', 2, { cpu: 200, memory: 128 * Mi }, { cpu: null, memory: 128 * Mi }, 25 * Gi],
      ['web', 3, { cpu: 300, memory: 192 * Mi }, { cpu: null, memory: 192 * Mi }, 0],
    ]);
    expect(fp.total).toEqual({ pods: 5, podsPerNode: 0, meshedPods: 0, requests: { cpu: 500, memory: 320 * Mi }, limits: { cpu: null, memory: 320 * Mi }, sidecarRequests: { cpu: 0, memory: 0 }, pvc: 25 * Gi });
  });

  test('components by name; those with neither pods nor volumes are left out', () => {
    const role: Manifest = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r' } };
    const fp = footprint(waves({ zeta: [workload('Deployment', 'z')], roles: [role], alpha: [workload('Deployment', 'a')] }));
    expect(fp.components.map((c) => c.component)).toEqual(['alpha', 'zeta']);
  });

  test('sidecars: meshed pods get the injected containers, counted in the requests and apart', () => {
    const fp = footprint(waves({
      base: [namespace('apps', { 'istio-injection': 'enabled' })],
      app: [
        workload('Deployment', 'web', { replicas: 2 }),
        workload('Deployment', 'db', {}, { labels: { 'sidecar.istio.io/inject': 'false' } }),
        workload('Deployment', 'big', {}, { annotations: { 'sidecar.istio.io/proxyCPU': '100m', 'sidecar.istio.io/proxyMemory': '256Mi' } }),
      ],
    }), injected);
    const app = fp.components.find((c) => c.component === 'app')!;
    expect(app.workloads.map((w) => [w.name, w.meshedPods, w.requests, w.sidecarRequests])).toEqual([
      ['web', 2, { cpu: 220, memory: 192 * Mi }, { cpu: 20, memory: 64 * Mi }],
      ['db', 0, { cpu: 100, memory: 64 * Mi }, { cpu: 0, memory: 0 }],
      ['big', 1, { cpu: 200, memory: 320 * Mi }, { cpu: 100, memory: 256 * Mi }],
    ]);
    expect(fp.total).toMatchObject({ meshedPods: 3, sidecarRequests: { cpu: 120, memory: 320 * Mi } });
  });

  test('without an injecting Istio, no pod is meshed', () => {
    const fp = footprint(waves({ base: [namespace('apps', { 'istio-injection': 'enabled' })], app: [workload('Deployment', 'web')] }));
    expect(fp.total).toMatchObject({ meshedPods: 0, requests: { cpu: 100, memory: 64 * Mi } });
  });

  test('a volume size that is not a quantity names the object and the field', () => {
    expect(() => footprint(waves({ app: [claim('files', 'big')] }))).toThrow('PersistentVolumeClaim apps/files: spec.resources.requests.storage ("big") is not a Kubernetes quantity');
  });
});

describe('the default platform', () => {
  test.each<SizingName>(['small', 'default', 'large'])('sizing %s: the sidecar counted is the one the injector template is written from', (sizing) => {
    const platform = new KubeflowPlatform(parseConfig({ sizing }), new EphemeralSecretStore());
    const injector = platform.manifests().find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'istio-sidecar-injector')!;
    const values = JSON.parse((injector as unknown as { data: { values: string } }).data.values) as { global: { proxy: { resources: unknown }; proxy_init: { resources: unknown } } };
    const ours = injectedResources(new Sizing(sizing));
    expect(values.global.proxy.resources).toEqual(ours.proxy);
    expect(values.global.proxy_init.resources).toEqual(ours.init);
    const fp = footprint(platform.waves(), ours);
    // Every pod in a Kubeflow namespace is meshed unless it opts out; istio-system and kube-system never.
    const meshedIn = new Set(fp.components.flatMap((c) => c.workloads).filter((w) => w.meshedPods).map((w) => w.namespace));
    expect([...meshedIn].sort()).toEqual(['knative-serving', 'kubeflow', 'kubeflow-system']);
    expect(fp.total.meshedPods).toBeGreaterThan(0);
    expect(fp.total.sidecarRequests.cpu).toBeGreaterThan(0);
  });
});
