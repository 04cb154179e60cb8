/** Where an object goes in the install order, by what it needs to exist first. */
export type Phase = 'crds' | 'namespaces' | 'pre' | 'main' | 'post';

export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
  readonly [key: string]: unknown;
}

const BUILTIN_GROUPS = new Set([
  '', 'apps', 'batch', 'policy', 'autoscaling', 'rbac.authorization.k8s.io', 'networking.k8s.io',
  'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'scheduling.k8s.io',
  'storage.k8s.io', 'coordination.k8s.io', 'node.k8s.io', 'discovery.k8s.io', 'certificates.k8s.io',
]);

export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

export function isCustomResource(m: Manifest): boolean {
  return !BUILTIN_GROUPS.has(groupOf(m.apiVersion));
}

// Install order inside one file, as Helm orders a release: identities and config
// before the workloads that use them, webhooks after their servers.
const KIND_ORDER = [
  'PriorityClass', 'ServiceAccount', 'Secret', 'ConfigMap', 'StorageClass', 'PersistentVolumeClaim',
  'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'Service', 'DaemonSet', 'Deployment',
  'StatefulSet', 'Job', 'CronJob', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'NetworkPolicy',
  'APIService', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
];

export function kindRank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
}

/** Sorts by kind rank, keeping construction order within a kind. */
export function orderManifests(list: readonly Manifest[]): Manifest[] {
  return list.map((m, i) => ({ m, i })).sort((a, b) => kindRank(a.m.kind) - kindRank(b.m.kind) || a.i - b.i).map((x) => x.m);
}
