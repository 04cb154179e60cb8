import { PlatformConfig } from '../config/schema';
import { COMPONENT_LABEL, MANAGED_BY, MANAGED_BY_LABEL } from '../core/labels';
import { Manifest } from './parts';

/**
 * What `sizing: large` adds so that a node drain or a node loss never takes a replicated
 * service, or a webhook, below one ready pod. Generic on purpose: it reads the replica counts
 * the components (and the config's overrides) chose, so a workload that gains a replica gains
 * its budget and spread with it. Other presets are left exactly as synthesized: their
 * replicated workloads (oauth2-proxy, ...) run as upstream ships them.
 *
 * For every Deployment or StatefulSet that runs more than one replica (its `replicas`, or the
 * `minReplicas` of the HorizontalPodAutoscaler that scales it):
 * - one PodDisruptionBudget (`policy/v1`) with the workload's own selector, unless upstream
 *   already ships one for its pods: then that one is kept (no second budget: the eviction API
 *   refuses to evict a pod that two budgets select) and given our budget;
 * - `topologySpreadConstraints` on its pod template, zone first, then node.
 */
export function withHighAvailability(component: string, manifests: Manifest[], config: PlatformConfig): Manifest[] {
  if (config.sizing !== 'large') return manifests;
  const minReplicas = new Map<string, number>();
  for (const m of manifests) {
    if (m.kind !== 'HorizontalPodAutoscaler') continue;
    const spec = m.spec as { minReplicas?: number; scaleTargetRef: { kind: string; name: string } };
    minReplicas.set(key(m.metadata.namespace, spec.scaleTargetRef.kind, spec.scaleTargetRef.name), spec.minReplicas ?? 1);
  }
  const replicated = (m: Manifest): boolean => {
    if (m.kind !== 'Deployment' && m.kind !== 'StatefulSet') return false;
    const replicas = minReplicas.get(key(m.metadata.namespace, m.kind, m.metadata.name)) ?? (m.spec as WorkloadSpec).replicas ?? 1;
    return replicas > 1;
  };

  const workloads = manifests.filter(replicated);
  if (!workloads.length) return manifests;
  const budgets = manifests.filter((m) => m.kind === 'PodDisruptionBudget');
  const adopted = new Map<Manifest, Manifest>();
  const added: Manifest[] = [];
  for (const w of workloads) {
    const theirs = budgets.filter((b) => b.metadata.namespace === w.metadata.namespace && selects((b.spec as { selector: Selector }).selector, podLabels(w)));
    if (theirs.length > 1) throw new Error(`${w.kind} ${w.metadata.namespace}/${w.metadata.name}: ${theirs.length} PodDisruptionBudgets select its pods; the eviction API refuses pods with more than one`);
    if (theirs.length === 1) adopted.set(theirs[0], withBudget(theirs[0]));
    else added.push(budgetFor(w, component));
  }
  const spread = new Set(workloads);
  return [
    ...manifests.map((m) => adopted.get(m) ?? (spread.has(m) ? withSpread(m) : m)),
    ...added,
  ];
}

/**
 * `maxUnavailable: 1`, not `minAvailable: 1`: with two or more replicas a drain can evict one
 * pod at a time and waits for its replacement to be ready before the next, so at least one
 * stays ready; and when an autoscaler has grown the workload, it keeps all but one serving
 * (`minAvailable: 1` would let a drain take four of five at once). `AlwaysAllow` lets a pod that
 * is not ready (crash looping) be evicted anyway: it serves nothing, so evicting it cannot lower
 * the ready count, and it must not block a drain.
 */
export const DISRUPTION_BUDGET = { maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow' } as const;

/** Zone, for clusters that have zones (a single-zone cluster is not an error, hence ScheduleAnyway). */
export const ZONE_KEY = 'topology.kubernetes.io/zone';
/**
 * Node, as a hard rule: two replicas on one node fall together when it fails, which is what
 * `large` is for. `nodeTaintsPolicy: Honor` leaves out cordoned and tainted nodes the pods
 * cannot use (a drained node, a tainted control plane), so a replacement during a drain never
 * waits for the node being drained; a single-node cluster still schedules every replica (its
 * skew is 0). A cluster without room on another node keeps the extra replica pending, visibly,
 * rather than stacking it where one node loss takes both.
 */
export const NODE_KEY = 'kubernetes.io/hostname';

interface Selector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] }[];
}

interface WorkloadSpec {
  readonly replicas?: number;
  readonly selector: Selector;
  readonly template: { readonly metadata?: { readonly labels?: Record<string, string> }; readonly spec: Record<string, unknown> };
}

const key = (namespace: string | undefined, kind: string, name: string) => `${namespace ?? ''}/${kind}/${name}`;

function podLabels(w: Manifest): Readonly<Record<string, string>> {
  return (w.spec as WorkloadSpec).template.metadata?.labels ?? {};
}

/** Whether a label selector selects a pod with these labels (as the API server decides). */
export function selects(selector: Selector, labels: Readonly<Record<string, string>>): boolean {
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every((e) => {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case 'In': return has && (e.values ?? []).includes(labels[e.key]);
      case 'NotIn': return !has || !(e.values ?? []).includes(labels[e.key]);
      case 'Exists': return has;
      case 'DoesNotExist': return !has;
      default: return false;
    }
  });
  return byLabels && byExpressions;
}

function budgetFor(w: Manifest, component: string): Manifest {
  // The workload's labels, then the platform's: some workloads keep upstream's managed-by
  // (kustomize), but this object is ours, so `install.sh --prune` must find it.
  const labels = { ...w.metadata.labels, [MANAGED_BY_LABEL]: MANAGED_BY, [COMPONENT_LABEL]: component };
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: `${w.metadata.name}-pdb`, namespace: w.metadata.namespace, labels },
    spec: { ...DISRUPTION_BUDGET, selector: (w.spec as WorkloadSpec).selector },
  };
}

/** Upstream's budget for the same pods, kept by name and selector, with ours in place of its numbers. */
function withBudget(b: Manifest): Manifest {
  const spec = { ...(b.spec as Record<string, unknown>) };
  delete spec.minAvailable;
  delete spec.maxUnavailable;
  return { ...b, spec: { ...DISRUPTION_BUDGET, ...spec } };
}

function withSpread(w: Manifest): Manifest {
  const spec = w.spec as WorkloadSpec;
  const pod = spec.template.spec;
  if (pod.topologySpreadConstraints) return w; // a component's own spread is kept as it chose
  // Deployments label each revision's pods with pod-template-hash: counting only the new
  // revision's pods keeps a rolling update from being skewed by the old pods it replaces.
  const revision = w.kind === 'Deployment' ? { matchLabelKeys: ['pod-template-hash'] } : {};
  const constraint = (topologyKey: string, whenUnsatisfiable: string, extra: Record<string, unknown> = {}) =>
    ({ maxSkew: 1, topologyKey, whenUnsatisfiable, labelSelector: spec.selector, ...revision, ...extra });
  const topologySpreadConstraints = [
    constraint(ZONE_KEY, 'ScheduleAnyway'),
    constraint(NODE_KEY, 'DoNotSchedule', { nodeTaintsPolicy: 'Honor' }),
  ];
  return { ...w, spec: { ...spec, template: { ...spec.template, spec: { ...pod, topologySpreadConstraints } } } };
}

/**
 * The workloads that stay at one replica in `large`, with the reason; everything else runs
 * two or more there (`test/high-availability.test.ts` checks both ways, and
 * docs/high-availability.md lists these). None of them serves a webhook.
 */
export const SINGLE_REPLICA: Readonly<Record<string, string>> = {
  'Deployment kubeflow/mysql': 'the Pipelines database, on one ReadWriteOnce volume: a second copy would be a second database',
  'Deployment kubeflow/katib-mysql': 'the Katib database, on one ReadWriteOnce volume: a second copy would be a second database',
  'StatefulSet kubeflow/model-catalog-postgres': 'the model catalog database, on one volume: a second copy would be a second database',
  'Deployment kubeflow/seaweedfs': 'the Pipelines object store, one server on one ReadWriteOnce volume',
  'Deployment kubeflow/ml-pipeline-persistenceagent': 'no leader election in Pipelines: two copies would both report every run to the API server',
  'Deployment kubeflow/ml-pipeline-scheduledworkflow': 'no leader election in Pipelines: two copies would start every scheduled run twice',
  'Deployment kubeflow/ml-pipeline-viewer-crd': 'no leader election in Pipelines: two copies would both reconcile every Viewer',
  'Deployment kubeflow/metadata-writer': 'no leader election in Pipelines: two copies would record every step twice',
  'StatefulSet kubeflow/metacontroller': 'Pipelines runs it without leader election and grants it no Leases; two copies would both sync every profile',
  'Deployment kubeflow/model-catalog-server': 'it loads the catalog sources into its database when it starts, without leader election; upstream runs one',
};
