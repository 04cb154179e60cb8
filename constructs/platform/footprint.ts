import { bytesOf } from '../core/quantity';
import type { InjectedResources } from '../istio/injection';
import { isMeshed } from './meshed';
import { Manifest } from './parts';
import type { Wave } from './platform';
import { Amounts, Limits, PodResources, podResources, PodSpecLike, withInjection } from './pod-resources';

export type { Amounts, Limits } from './pod-resources';

/**
 * What a set of pods asks of the cluster. CPU in millicores, memory and volume sizes in
 * bytes; a `null` limit is unbounded (some container has none, as we leave CPU unlimited).
 */
export interface Usage {
  /** Running pods on a one-node cluster: replicas, plus one per DaemonSet. */
  readonly pods: number;
  /** Of `pods`, the DaemonSet pods: each further node runs one more of each. */
  readonly podsPerNode: number;
  /** Of `pods`, those our Istio injects a sidecar into. */
  readonly meshedPods: number;
  /** Effective requests (init containers by Kubernetes' rule), sidecars included. */
  readonly requests: Amounts;
  readonly limits: Limits;
  /** Of `requests`, what the injected sidecar and init container add. */
  readonly sidecarRequests: Amounts;
  /** PersistentVolumeClaims, and StatefulSet claim templates times replicas. */
  readonly pvc: number;
}

export interface WorkloadFootprint extends Usage {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

export interface ComponentFootprint extends Usage {
  /** The component's file name in the waves (`pipelines`, `kubeflow` for the base). */
  readonly component: string;
  readonly workloads: readonly WorkloadFootprint[];
}

export interface Footprint {
  /** Components with pods or volumes, by name. */
  readonly components: readonly ComponentFootprint[];
  readonly total: Usage;
  /** Jobs and CronJobs (`Kind namespace/name`): they run to completion, so they are listed, not counted. */
  readonly notCounted: readonly string[];
}

const ZERO: Usage = { pods: 0, podsPerNode: 0, meshedPods: 0, requests: { cpu: 0, memory: 0 }, limits: { cpu: 0, memory: 0 }, sidecarRequests: { cpu: 0, memory: 0 }, pvc: 0 };
const REPLICATED = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);
const RUN_TO_COMPLETION = new Set(['Job', 'CronJob']);

const sumLimit = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);

function add(a: Usage, b: Usage): Usage {
  return {
    pods: a.pods + b.pods,
    podsPerNode: a.podsPerNode + b.podsPerNode,
    meshedPods: a.meshedPods + b.meshedPods,
    requests: { cpu: a.requests.cpu + b.requests.cpu, memory: a.requests.memory + b.requests.memory },
    limits: { cpu: sumLimit(a.limits.cpu, b.limits.cpu), memory: sumLimit(a.limits.memory, b.limits.memory) },
    sidecarRequests: { cpu: a.sidecarRequests.cpu + b.sidecarRequests.cpu, memory: a.sidecarRequests.memory + b.sidecarRequests.memory },
    pvc: a.pvc + b.pvc,
  };
}

const sum = (list: readonly Usage[]): Usage => list.reduce(add, ZERO);
// No pods ask for nothing; pods with an unbounded limit stay unbounded.
const times = (n: number, x: number | null) => (n === 0 ? 0 : x === null ? null : n * x);

interface PodTemplate {
  readonly metadata?: { readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
  readonly spec?: PodSpecLike;
}

function storage(claim: unknown, where: string): number {
  const size = (claim as { spec?: { resources?: { requests?: { storage?: unknown } } } }).spec?.resources?.requests?.storage;
  if (size === undefined) return 0;
  const n = typeof size === 'string' || typeof size === 'number' ? bytesOf(size) : undefined;
  if (n === undefined) throw new Error(`${where}: spec.resources.requests.storage (${JSON.stringify(size)}) is not a Kubernetes quantity`);
  return n;
}

const keyOf = (namespace: string, kind: string, name: string) => `${namespace}/${kind}/${name}`;

/** Pods a replicated workload runs at rest: its replicas, or its HPA's minimum (an HPA leaves a workload scaled to 0 alone). */
function replicasOf(m: Manifest, namespace: string, hpaMin: ReadonlyMap<string, number>): number {
  const replicas = (m.spec as { replicas?: number }).replicas ?? 1;
  const min = hpaMin.get(keyOf(namespace, m.kind, m.metadata.name));
  return min !== undefined && replicas !== 0 ? min : replicas;
}

/**
 * The footprint of a platform's output: per component, the pods its Deployments,
 * StatefulSets, ReplicaSets, DaemonSets (one node) and bare Pods run, what they request and
 * are limited to, sidecars included, and the volumes they claim. `injected` is what our
 * Istio's injection adds to a meshed pod (`injectedResources(sizing)`); leave it out when
 * nothing injects. Only objects in the output count: pods that controllers create at run
 * time (pipeline runs, notebooks, inference services) are not in it.
 */
export function footprint(waves: readonly Wave[], injected?: InjectedResources): Footprint {
  const parts = waves.flatMap((w) => w.parts);
  const all = parts.flatMap((p) => p.manifests);
  const namespaceLabels = new Map(all.filter((m) => m.kind === 'Namespace').map((m) => [m.metadata.name, m.metadata.labels ?? {}]));
  const hpaMin = new Map<string, number>();
  for (const m of all.filter((x) => x.kind === 'HorizontalPodAutoscaler')) {
    const spec = m.spec as { scaleTargetRef: { kind: string; name: string }; minReplicas?: number };
    hpaMin.set(keyOf(m.metadata.namespace ?? 'default', spec.scaleTargetRef.kind, spec.scaleTargetRef.name), spec.minReplicas ?? 1);
  }

  const notCounted: string[] = [];
  const byComponent = new Map<string, WorkloadFootprint[]>();
  for (const part of parts) {
    const list = byComponent.get(part.component) ?? [];
    byComponent.set(part.component, list);
    for (const m of part.manifests) {
      const namespace = m.metadata.namespace ?? 'default';
      const where = `${m.kind} ${namespace}/${m.metadata.name}`;
      const id = { kind: m.kind, namespace, name: m.metadata.name };
      if (RUN_TO_COMPLETION.has(m.kind)) notCounted.push(where);
      else if (m.kind === 'PersistentVolumeClaim') list.push({ ...id, ...ZERO, pvc: storage(m, where) });
      else if (REPLICATED.has(m.kind) || m.kind === 'DaemonSet' || m.kind === 'Pod') {
        const spec = m.spec as { template?: PodTemplate; volumeClaimTemplates?: unknown[] } & PodSpecLike;
        const template: PodTemplate = m.kind === 'Pod' ? { metadata: m.metadata, spec } : spec.template ?? {};
        const pods = REPLICATED.has(m.kind) ? replicasOf(m, namespace, hpaMin) : 1;
        const pod = onePod(template, namespace, namespaceLabels.get(namespace) ?? {}, injected, where);
        const claims = (spec.volumeClaimTemplates ?? []).reduce<number>((n, c, i) => n + storage(c, `${where} volumeClaimTemplates[${i}]`), 0);
        list.push({
          ...id,
          pods,
          podsPerNode: m.kind === 'DaemonSet' ? 1 : 0,
          meshedPods: pod.meshed ? pods : 0,
          requests: { cpu: pods * pod.with.requests.cpu, memory: pods * pod.with.requests.memory },
          limits: { cpu: times(pods, pod.with.limits.cpu), memory: times(pods, pod.with.limits.memory) },
          sidecarRequests: { cpu: pods * (pod.with.requests.cpu - pod.without.requests.cpu), memory: pods * (pod.with.requests.memory - pod.without.requests.memory) },
          pvc: m.kind === 'StatefulSet' ? pods * claims : 0,
        });
      }
    }
  }
  const components = [...byComponent].filter(([, w]) => w.length).sort(([a], [b]) => a.localeCompare(b))
    .map(([component, workloads]) => ({ component, ...sum(workloads), workloads }));
  return { components, total: sum(components), notCounted };
}

/** One pod of a template: whether it is meshed, and its resources with and without what injection adds. */
function onePod(t: PodTemplate, namespace: string, nsLabels: Readonly<Record<string, string>>, injected: InjectedResources | undefined, where: string): { meshed: boolean; with: PodResources; without: PodResources } {
  const spec = t.spec ?? {};
  const annotations = t.metadata?.annotations ?? {};
  const meshed = !!injected && isMeshed({ namespace, labels: t.metadata?.labels ?? {}, annotations, hostNetwork: spec.hostNetwork === true }, nsLabels);
  const without = podResources(spec, where);
  return { meshed, without, with: meshed ? podResources(withInjection(spec, annotations, injected!), where) : without };
}
