import type { Manifest } from '../platform/parts';

/**
 * Install and uninstall order, side by side (as Helm keeps them). Across files the order is
 * the waves (`KubeflowPlatform.waves`: CRDs, namespaces, then each component after what it
 * needs); this file orders the objects inside one wave.
 */

// Inside one file, as Helm orders a release: identities and config before the workloads that
// use them, webhooks after their servers. Kinds not listed go last.
const INSTALL_ORDER = [
  'PriorityClass', 'ServiceAccount', 'Secret', 'ConfigMap', 'StorageClass', 'PersistentVolumeClaim',
  'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'Service', 'DaemonSet', 'Deployment',
  'StatefulSet', 'Job', 'CronJob', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'NetworkPolicy',
  'APIService', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
];

export function kindRank(kind: string): number {
  const i = INSTALL_ORDER.indexOf(kind);
  return i < 0 ? INSTALL_ORDER.length : i;
}

/** Sorts by kind rank, keeping construction order within a kind. */
export function orderManifests(list: readonly Manifest[]): Manifest[] {
  return list.map((m, i) => ({ m, i })).sort((a, b) => kindRank(a.m.kind) - kindRank(b.m.kind) || a.i - b.i).map((x) => x.m);
}

/**
 * Step of an object inside its wave, for installers that wait per step (the Pulumi component).
 * 0: config, identities, RBAC, policies; 1: workloads, Services and volumes (a Service waits for
 * endpoints and a volume for its consumer, so they go up with the pods); 2: webhook
 * registrations and API services, once their servers answer.
 * Uninstall runs the steps and the waves the other way: webhooks go before their servers, so
 * no call reaches a server that is gone, and namespaces and CRDs go last.
 */
export function stepOf(kind: string): 0 | 1 | 2 {
  switch (kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job':
    case 'CronJob':
    case 'Service':
    case 'PersistentVolumeClaim':
      return 1;
    case 'MutatingWebhookConfiguration':
    case 'ValidatingWebhookConfiguration':
    case 'APIService':
      return 2;
    default:
      return 0;
  }
}

export const STEP_NAMES = ['config', 'workloads', 'webhooks'] as const;
