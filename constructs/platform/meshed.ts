/**
 * Whether our Istio injects a sidecar into a pod, decided as it is in the cluster: first
 * which of the injector's webhooks the API server calls (`constructs/istio/istiod.ts`
 * `istio-sidecar-injector`: namespace and pod labels only), then istiod's own check with
 * injection policy `enabled` (`injection.ts` `injectorConfig`). `meshed.test.ts` checks this
 * against the webhook's selectors in the output.
 */

const INJECT = 'sidecar.istio.io/inject';
const REVISION_LABEL = 'istio.io/rev';
const NAMESPACE_LABEL = 'istio-injection';
/** The revision our istiod serves (its webhooks select `istio.io/rev: default`). */
const REVISION = 'default';
/** Namespaces istiod never injects into, whatever the labels say. */
const IGNORED_NAMESPACES = new Set(['kube-system', 'kube-public']);
const YES = new Set(['y', 'yes', 'true', 'on']);

export interface PodMeta {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly hostNetwork: boolean;
}

/** Whether one of the injector's four webhooks is called for the pod. */
function webhookCalled(pod: PodMeta, ns: Readonly<Record<string, string>>): boolean {
  const label = pod.labels[INJECT];
  if (ns[NAMESPACE_LABEL] !== undefined) return ns[NAMESPACE_LABEL] === 'enabled' && label !== 'false';
  if (ns[REVISION_LABEL] !== undefined) return ns[REVISION_LABEL] === REVISION && label !== 'false';
  const podRevision = pod.labels[REVISION_LABEL];
  if (podRevision !== undefined) return podRevision === REVISION && label !== 'false';
  // A pod in an unlabelled namespace opts in by the label; the annotation alone calls no webhook.
  return label === 'true';
}

/** istiod's answer once called: the label wins over the annotation; unset means yes under policy `enabled`. */
function istiodInjects(pod: PodMeta): boolean {
  if (pod.hostNetwork || IGNORED_NAMESPACES.has(pod.namespace)) return false;
  const asked = pod.labels[INJECT] ?? pod.annotations[INJECT];
  return asked === undefined || asked === '' || YES.has(asked.toLowerCase());
}

/** Whether the pod gets our sidecar; `namespaceLabels` are its namespace's labels ({} when the output does not make it). */
export function isMeshed(pod: PodMeta, namespaceLabels: Readonly<Record<string, string>>): boolean {
  return webhookCalled(pod, namespaceLabels) && istiodInjects(pod);
}
