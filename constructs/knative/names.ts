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

/** `major.minor` of a Knative version such as `1.21.1`, for release-dependent behaviour. */
export function minorOf(version: string): number {
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  if (!m) throw new Error(`cannot read Knative version '${version}'`);
  return Number(m[1]) * 1000 + Number(m[2]);
}
