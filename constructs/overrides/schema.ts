import { z } from 'zod';
import { QUANTITY, QUANTITY_TEXT } from '../core/quantity';
import { COMPONENT_LABEL, MANAGED_BY_LABEL } from '../core/labels';
import { LABEL_KEY, LABEL_KEY_TEXT, labelKey, labelValue, Toleration, toleration } from '../core/toleration';

/**
 * The config's placement, overrides and patches (`placement`, `overrides`, `patches`): zod
 * schemas of the Kubernetes shapes they carry, strict like the rest of the config, so a typo
 * is an error rather than a field the API server drops.
 */

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_SUBDOMAIN_TEXT = "must be a DNS subdomain: lower-case letters, digits, '-' and '.', at most 253 characters";
// Labels kubeflow-iac relies on: prune and plan find the platform's objects by them.
const OWN_LABELS = [MANAGED_BY_LABEL, COMPONENT_LABEL];

const dnsSubdomain = z.string().max(253, { message: DNS_SUBDOMAIN_TEXT }).regex(DNS_SUBDOMAIN, { message: DNS_SUBDOMAIN_TEXT });

// A mapping whose keys follow a rule; checked here rather than by a key schema, so the
// message says the rule instead of a bare "not allowed".
function keyedBy<V extends z.ZodType>(key: RegExp, rule: string, value: V) {
  return z.record(z.string(), value).superRefine((m, ctx) => {
    for (const k of Object.keys(m).filter((x) => !key.test(x))) ctx.addIssue({ code: 'custom', path: [k], input: k, message: rule });
  });
}
const labels = () => keyedBy(LABEL_KEY, LABEL_KEY_TEXT, labelValue);

/** Labels to add; kubeflow-iac's own (`app.kubernetes.io/managed-by`, `kubeflow-iac.io/component`) cannot be set. */
const extraLabels = labels().superRefine((m, ctx) => {
  for (const key of Object.keys(m).filter((k) => OWN_LABELS.includes(k))) {
    ctx.addIssue({ code: 'custom', path: [key], input: m[key], message: `${key} is kubeflow-iac's own label (prune and plan find the platform's objects by it); pick another key` });
  }
});
const annotations = keyedBy(LABEL_KEY, LABEL_KEY_TEXT, z.string());

/** A Kubernetes quantity, as a string or a number: `500m`, `2`, `16Gi`. */
export const quantity = z.custom<string | number>().superRefine((v: unknown, ctx) => {
  if (typeof v === 'number' ? !Number.isFinite(v) || v < 0 : typeof v !== 'string' || !QUANTITY.test(v) || v.startsWith('-')) {
    ctx.addIssue({ code: 'custom', input: v, message: `${QUANTITY_TEXT}, not negative` });
  }
});

// cpu, memory, ephemeral-storage, hugepages-2Mi, or an extended resource such as nvidia.com/gpu.
const RESOURCE_NAME = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[a-z0-9]([-a-zA-Z0-9.]*[a-zA-Z0-9])?$/;
const resourceMap = () => keyedBy(RESOURCE_NAME, 'must be a resource name such as cpu, memory, ephemeral-storage or nvidia.com/gpu', quantity);

/** Requests and limits of one container; each given resource replaces the component's value, the others are kept. */
export const containerResources = z.strictObject({
  /** What the scheduler reserves, e.g. `{ cpu: 500m, memory: 1Gi }`. */
  requests: resourceMap().optional(),
  /** The most the container may use, e.g. `{ memory: 2Gi }`. */
  limits: resourceMap().optional(),
});

// The toleration schema lives in core (notebooks and tenant files use it too); still exported here.
export { toleration } from '../core/toleration';
export type { Toleration } from '../core/toleration';

const selectorRequirement = (operators: readonly [string, ...string[]]) =>
  z.strictObject({ key: labelKey, operator: z.enum(operators), values: z.array(z.string()).optional() });
const labelSelector = z.strictObject({
  matchLabels: labels().optional(),
  matchExpressions: z.array(selectorRequirement(['In', 'NotIn', 'Exists', 'DoesNotExist'])).optional(),
});
const nodeSelectorTerm = z.strictObject({
  matchExpressions: z.array(selectorRequirement(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'])).optional(),
  matchFields: z.array(selectorRequirement(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'])).optional(),
});
const weight = z.number().int().min(1).max(100);
const podAffinityTerm = z.strictObject({
  labelSelector: labelSelector.optional(),
  namespaceSelector: labelSelector.optional(),
  namespaces: z.array(z.string()).optional(),
  topologyKey: labelKey,
  matchLabelKeys: z.array(labelKey).optional(),
  mismatchLabelKeys: z.array(labelKey).optional(),
});
const podAffinity = z.strictObject({
  requiredDuringSchedulingIgnoredDuringExecution: z.array(podAffinityTerm).optional(),
  preferredDuringSchedulingIgnoredDuringExecution: z.array(z.strictObject({ weight, podAffinityTerm })).optional(),
});

/** A pod's affinity, as in a pod spec; each of the three parts given replaces the component's. */
export const affinity = z.strictObject({
  nodeAffinity: z
    .strictObject({
      requiredDuringSchedulingIgnoredDuringExecution: z.strictObject({ nodeSelectorTerms: z.array(nodeSelectorTerm).min(1) }).optional(),
      preferredDuringSchedulingIgnoredDuringExecution: z.array(z.strictObject({ weight, preference: nodeSelectorTerm })).optional(),
    })
    .optional(),
  podAffinity: podAffinity.optional(),
  podAntiAffinity: podAffinity.optional(),
});

export type ContainerResources = z.output<typeof containerResources>;
export type Affinity = z.output<typeof affinity>;

/**
 * What an override sets on a workload: in the pod template, except `replicas`, `labels` and
 * `annotations`, which go to the workload object itself. A named type, so the config's
 * reference shows it once rather than once per component.
 */
export interface ComponentOverride {
  /** Replicas of the workload (Deployments and StatefulSets; a component's override sets its Deployments only). */
  replicas?: number;
  /** Requests and limits by container name (init containers included); each resource given replaces the component's. */
  resources?: Record<string, ContainerResources>;
  /** Node labels the pods need, merged over what the component sets. */
  nodeSelector?: Record<string, string>;
  /** Tolerations added to the pods' own (none is dropped). */
  tolerations?: Toleration[];
  /** Affinity of the pods: each of nodeAffinity, podAffinity, podAntiAffinity given replaces the component's. */
  affinity?: Affinity;
  /** Labels added to the workload object's metadata. */
  labels?: Record<string, string>;
  /** Annotations added to the workload object's metadata. */
  annotations?: Record<string, string>;
  /** Labels added to the pod template (a selector label cannot change). */
  podLabels?: Record<string, string>;
  /** Annotations added to the pod template, e.g. `sidecar.istio.io/proxyMemory`. */
  podAnnotations?: Record<string, string>;
}

// The fields of ComponentOverride, checked.
const overrideFields = {
  replicas: z.number().int().min(0).optional(),
  resources: z.record(z.string(), containerResources).optional(),
  nodeSelector: labels().optional(),
  tolerations: z.array(toleration).optional(),
  affinity: affinity.optional(),
  labels: extraLabels.optional(),
  annotations: annotations.optional(),
  podLabels: extraLabels.optional(),
  podAnnotations: annotations.optional(),
};

/** The kinds that have a pod template overrides reach. */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];
/** Kinds whose `spec.replicas` is theirs to set. */
export const SCALABLE_KINDS: readonly string[] = ['Deployment', 'StatefulSet'];

/** An override for every workload of one component (`replicas` applies to its Deployments). */
export const componentOverride: z.ZodType<ComponentOverride, ComponentOverride> = z.strictObject(overrideFields);

/** An override for one workload, by kind and name; the namespace may be left out when the name is unique. */
export const workloadOverride = z
  .strictObject({
    kind: z.enum(WORKLOAD_KINDS),
    name: z.string().min(1),
    namespace: z.string().min(1).optional(),
    ...overrideFields,
  })
  .superRefine((w, ctx) => {
    if (w.replicas !== undefined && !SCALABLE_KINDS.includes(w.kind)) {
      ctx.addIssue({ code: 'custom', path: ['replicas'], input: w.replicas, message: `a ${w.kind} has no replicas; only a Deployment or a StatefulSet does` });
    }
  });
export type WorkloadOverride = z.output<typeof workloadOverride>;

/** `overrides`: by component config key, then by workload. */
export function overridesSchema<K extends string>(componentKeys: readonly K[]) {
  const components = z.strictObject(Object.fromEntries(componentKeys.map((k) => [k, componentOverride.optional()])) as Record<K, z.ZodOptional<typeof componentOverride>>);
  return z.strictObject({
    /** Per component, by its key under `components` (certManager, istio, ..., hub): applies to all its workloads. */
    components: components.optional(),
    /** Per workload, applied after the component's override. */
    workloads: z.array(workloadOverride).default([]),
  });
}

/** `placement`: where the platform's own pods run. */
export const placementSchema = z
  .strictObject({
    /** Node labels every platform pod needs (DaemonSets excepted: they run on every node). */
    nodeSelector: labels().optional(),
    /** Tolerations added to every platform pod, DaemonSets included. */
    tolerations: z.array(toleration).optional(),
    /** An existing PriorityClass for every platform pod that sets none. */
    priorityClassName: dnsSubdomain.optional(),
    /** A PriorityClass kubeflow-iac creates (before any pod) and puts on every platform pod that sets none. */
    priorityClass: z
      .strictObject({
        name: dnsSubdomain.refine((n) => !n.startsWith('system-'), { message: "must not start with 'system-': that prefix is Kubernetes' own" }),
        /** Higher runs first and may preempt lower; user classes go up to 1000000000. */
        value: z.number().int().min(-2147483648).max(1000000000),
        description: z.string().optional(),
      })
      .optional(),
  })
  .superRefine((p, ctx) => {
    if (p.priorityClassName && p.priorityClass) {
      ctx.addIssue({ code: 'custom', path: ['priorityClass'], input: p.priorityClass, message: 'set priorityClassName (an existing class) or priorityClass (one kubeflow-iac creates), not both' });
    }
  });
export type Placement = z.output<typeof placementSchema>;

const pointer = z.string().regex(/^(\/.*)?$/, { message: "must be a JSON pointer: empty, or starting with '/'" });
/** One RFC 6902 operation: `value` for add, replace and test, `from` for move and copy. */
export const jsonPatchOp = z
  .strictObject({
    op: z.enum(['add', 'remove', 'replace', 'move', 'copy', 'test']),
    path: pointer,
    from: pointer.optional(),
    value: z.unknown().optional(),
  })
  .superRefine((o, ctx) => {
    if (['add', 'replace', 'test'].includes(o.op) && o.value === undefined) ctx.addIssue({ code: 'custom', path: ['value'], input: undefined, message: `op ${o.op} needs a value` });
    if (['move', 'copy'].includes(o.op) && o.from === undefined) ctx.addIssue({ code: 'custom', path: ['from'], input: undefined, message: `op ${o.op} needs from, the pointer it takes the value from` });
  });
export type JsonPatchOp = z.output<typeof jsonPatchOp>;

/** The object a patch changes: one of the platform's, by kind and name. */
const patchTarget = z.strictObject({
  kind: z.string().min(1),
  name: z.string().min(1),
  /** Needed only when objects of that kind and name are in several namespaces. */
  namespace: z.string().min(1).optional(),
  /** Only when it matters, e.g. `apps/v1`. */
  apiVersion: z.string().min(1).optional(),
});
export type PatchTarget = z.output<typeof patchTarget>;

const opList = z.array(jsonPatchOp).min(1);
const patchObject = z.record(z.string(), z.unknown());

/**
 * One patch: `json` (RFC 6902 operations), `merge` (RFC 7386 JSON merge patch) or
 * `strategic` (Kubernetes strategic merge: lists merged by their merge key, `$patch`).
 */
export const patchEntry = z
  .strictObject({
    target: patchTarget,
    type: z.enum(['json', 'merge', 'strategic']),
    /** A list of operations for json, an object for merge and strategic. */
    patch: z.unknown(),
  })
  .superRefine((p, ctx) => {
    // The patch's form follows the type; its problems are reported at their own path.
    const r = (p.type === 'json' ? opList : patchObject).safeParse(p.patch, { reportInput: true });
    if (!r.success) {
      for (const issue of r.error.issues) ctx.addIssue({ ...issue, path: ['patch', ...issue.path] } as Parameters<typeof ctx.addIssue>[0]);
    }
  })
  .transform((p) => p as PatchEntry);

export type PatchEntry =
  | { target: PatchTarget; type: 'json'; patch: JsonPatchOp[] }
  | { target: PatchTarget; type: 'merge' | 'strategic'; patch: Record<string, unknown> };
