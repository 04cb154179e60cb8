/** Namespace Knative Serving runs in; upstream's name, which KServe and net-istio expect. */
export const KNATIVE_NAMESPACE = 'knative-serving';
/** The in-mesh gateway Knative routes cluster-local traffic through, and its Service in istio-system. */
export const KNATIVE_LOCAL_GATEWAY = 'knative-local-gateway';

/** Upstream's metadata labels on Knative Serving objects. */
export function knativeLabels(version: string, component?: string, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return {
    ...(component ? { 'app.kubernetes.io/component': component } : {}),
    'app.kubernetes.io/name': 'knative-serving',
    'app.kubernetes.io/version': version,
    ...extra,
  };
}

/** Labels of the net-istio objects (ingress provider). */
export const NET_ISTIO = { 'networking.knative.dev/ingress-provider': 'istio' } as const;
