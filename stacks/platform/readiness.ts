import * as pulumi from '@pulumi/pulumi';
import { Manifest } from '../../constructs/platform/parts';

/** Annotations the Kubernetes provider reads to know when an object is ready. */
export const WAIT_FOR = 'pulumi.com/waitFor';
export const SKIP_AWAIT = 'pulumi.com/skipAwait';
const INJECT_FROM = ['cert-manager.io/inject-ca-from', 'cert-manager.io/inject-ca-from-secret'];

const injected = (m: Manifest) => INJECT_FROM.some((a) => m.metadata.annotations?.[a] !== undefined);

/**
 * What the provider should wait for before an object counts as created, beyond its own
 * await logic (Deployments available, Services with endpoints, Jobs complete). Objects
 * of the next wave call webhooks and use CRDs, so those must really be serving:
 * CRDs Established, cert-manager-injected CA bundles present, cert-manager objects Ready.
 */
export function waitFor(m: Manifest): string | undefined {
  const conditions: string[] = [];
  switch (m.kind) {
    case 'CustomResourceDefinition':
      // Only Established: CRDs install in wave 0, before the certificates whose CA cainjector
      // would copy into a conversion webhook, and some carry the annotation with no webhook.
      conditions.push('condition=Established');
      break;
    case 'MutatingWebhookConfiguration':
    case 'ValidatingWebhookConfiguration':
      if (injected(m)) conditions.push('jsonpath={.webhooks[0].clientConfig.caBundle}');
      break;
    case 'APIService':
      if (injected(m)) conditions.push('jsonpath={.spec.caBundle}');
      break;
    case 'Certificate':
    case 'Issuer':
    case 'ClusterIssuer':
      if (m.apiVersion.startsWith('cert-manager.io/')) conditions.push('condition=Ready');
      break;
  }
  if (conditions.length === 0) return undefined;
  return conditions.length === 1 ? conditions[0] : JSON.stringify(conditions);
}

/**
 * The readiness annotations of an object. A Service other than a load balancer skips the
 * provider's wait for endpoints: some select pods an operator makes from a later wave's
 * custom resource, and its own pods are already awaited through their workload.
 */
export function readinessAnnotations(m: Manifest): Record<string, string> | undefined {
  const wait = waitFor(m);
  if (wait) return { [WAIT_FOR]: wait };
  if (m.kind === 'Service' && (m.spec as { type?: string } | undefined)?.type !== 'LoadBalancer') return { [SKIP_AWAIT]: 'true' };
  return undefined;
}

const MINUTE = 60;
// Workloads pull images (slow on a fresh node or a mirror) and may wait for a node
// group to scale; webhooks and CRDs only wait on the API server and cert-manager.
const TIMEOUTS: Readonly<Record<string, number>> = {
  CustomResourceDefinition: 5 * MINUTE,
  Namespace: 5 * MINUTE,
  Deployment: 15 * MINUTE,
  StatefulSet: 15 * MINUTE,
  DaemonSet: 15 * MINUTE,
  Job: 20 * MINUTE,
  Service: 15 * MINUTE,
  PersistentVolumeClaim: 15 * MINUTE,
  MutatingWebhookConfiguration: 5 * MINUTE,
  ValidatingWebhookConfiguration: 5 * MINUTE,
  APIService: 5 * MINUTE,
  Certificate: 5 * MINUTE,
};
const DEFAULT_TIMEOUT = 5 * MINUTE;

/** Create/update timeouts for an object of a kind; deletes get the same budget. */
export function timeoutsFor(kind: string): pulumi.CustomTimeouts {
  const t = `${TIMEOUTS[kind] ?? DEFAULT_TIMEOUT}s`;
  return { create: t, update: t, delete: t };
}
