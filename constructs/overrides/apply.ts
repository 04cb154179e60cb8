import { COMPONENT_KEYS, ComponentKey, PlatformConfig } from '../config/schema';
import { COMPONENT_LABEL, MANAGED_BY, MANAGED_BY_LABEL } from '../core/labels';
import { Manifest } from '../platform/parts';
import { selects } from './names';
import { copy, isWorkload, PodSpec, podTemplate, Workload } from './pods';
import { ComponentOverride, Placement, SCALABLE_KINDS, Toleration, WorkloadOverride } from './schema';

/** The config key of a component's chart (`cert-manager` is `certManager`); none for the Kubeflow base. */
export function componentKeyOf(chart: string): ComponentKey | undefined {
  return COMPONENT_KEYS.find((k) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`) === chart);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

// A toleration the pod has already is not added twice; none of the component's is dropped.
function addTolerations(spec: PodSpec, tolerations: readonly Toleration[] | undefined): void {
  if (!tolerations?.length) return;
  const list = [...(spec.tolerations ?? [])];
  for (const t of tolerations) if (!list.some((x) => same(x, t))) list.push({ ...t });
  spec.tolerations = list;
}

const text = (m: Record<string, string | number>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, String(v)]));

/** Platform-wide placement: DaemonSets keep running on every node, so they get no node selector. */
function place(w: Workload, p: Placement): void {
  const spec = podTemplate(w)!.spec;
  if (p.nodeSelector && w.kind !== 'DaemonSet') spec.nodeSelector = { ...spec.nodeSelector, ...p.nodeSelector };
  addTolerations(spec, p.tolerations);
  // A component's own class (istio-cni's system-node-critical) is kept.
  const priority = p.priorityClassName ?? p.priorityClass?.name;
  if (priority && !spec.priorityClassName) spec.priorityClassName = priority;
}

/** One override on one workload; `scalable` are the kinds whose replicas it sets. */
function override(w: Workload, o: ComponentOverride, scalable: readonly string[]): void {
  const template = podTemplate(w)!;
  const spec = template.spec;
  if (o.replicas !== undefined && scalable.includes(w.kind)) w.spec.replicas = o.replicas;
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    const r = o.resources?.[c.name];
    if (!r) continue;
    c.resources = { ...c.resources };
    if (r.requests) c.resources.requests = { ...c.resources.requests, ...text(r.requests) };
    if (r.limits) c.resources.limits = { ...c.resources.limits, ...text(r.limits) };
  }
  if (o.nodeSelector) spec.nodeSelector = { ...spec.nodeSelector, ...o.nodeSelector };
  addTolerations(spec, o.tolerations);
  if (o.affinity) spec.affinity = { ...spec.affinity, ...o.affinity };
  if (o.labels) w.metadata.labels = { ...w.metadata.labels, ...o.labels };
  if (o.annotations) w.metadata.annotations = { ...w.metadata.annotations, ...o.annotations };
  if (o.podLabels || o.podAnnotations) template.metadata = { ...template.metadata };
  if (o.podLabels) template.metadata!.labels = { ...template.metadata!.labels, ...o.podLabels };
  if (o.podAnnotations) template.metadata!.annotations = { ...template.metadata!.annotations, ...o.podAnnotations };
}

function priorityClass(p: NonNullable<Placement['priorityClass']>, chart: string): Manifest {
  return {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: p.name, labels: { [MANAGED_BY_LABEL]: MANAGED_BY, [COMPONENT_LABEL]: chart } },
    value: p.value,
    globalDefault: false,
    description: p.description ?? 'Kubeflow platform pods (kubeflow-iac placement.priorityClass)',
  };
}

/**
 * The config's placement and overrides on one chart's objects, in this order: platform-wide
 * placement, the component's override, then each workload override that selects the object.
 * What selects nothing is reported by `checkOverrides`, across the whole platform; here it is
 * skipped. A config without placement or overrides gives back the very same objects.
 */
export function applyOverrides(chart: string, manifests: Manifest[], config: PlatformConfig): Manifest[] {
  const key = componentKeyOf(chart);
  const placement = config.placement;
  const own = key ? config.overrides?.components?.[key] : undefined;
  const workloads: readonly WorkloadOverride[] = config.overrides?.workloads ?? [];
  if (!placement && !own && !workloads.length) return manifests;
  const out = manifests.map((m) => {
    if (!isWorkload(m) || !podTemplate(m)) return m;
    const mine = workloads.filter((w) => selects(w, m));
    if (!placement && !own && !mine.length) return m;
    const w = copy(m) as unknown as Workload;
    if (placement) place(w, placement);
    // A component's replicas go to its Deployments only: its StatefulSets are stores whose
    // replicas are not interchangeable, so they are set per workload.
    if (own) override(w, own, ['Deployment']);
    for (const o of mine) override(w, o, SCALABLE_KINDS);
    return w as unknown as Manifest;
  });
  // The class kubeflow-iac creates goes with the Kubeflow base, the chart without a key.
  if (placement?.priorityClass && !key) out.push(priorityClass(placement.priorityClass, chart));
  return out;
}
