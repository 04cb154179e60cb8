/** Namespace of the Istio control plane and gateways. */
export const ISTIO_NAMESPACE = 'istio-system';
/** Where the CNI node agent runs, as upstream installs it. */
export const CNI_NAMESPACE = 'kube-system';

/** The Kubeflow gateway every web app's VirtualService binds to, as `namespace/name`. */
export const KUBEFLOW_GATEWAY = 'kubeflow/kubeflow-gateway';
export const KUBEFLOW_GATEWAY_NAMESPACE = 'kubeflow';
export const KUBEFLOW_GATEWAY_NAME = 'kubeflow-gateway';
/** The in-cluster gateway Knative and KServe route cluster-local traffic through, as `namespace/name`. */
export const CLUSTER_LOCAL_GATEWAY = 'istio-system/cluster-local-gateway';
export const CLUSTER_LOCAL_GATEWAY_NAME = 'cluster-local-gateway';
/** The Service the ingress gateway is reachable at (port-forward target on kind), and its pods' `app` label. */
export const INGRESS_GATEWAY_SERVICE = 'istio-ingressgateway';
/** The ingress gateway's service account, whose identity requests from outside the mesh carry. */
export const INGRESS_GATEWAY_SERVICE_ACCOUNT = 'istio-ingressgateway-service-account';
export const CLUSTER_LOCAL_GATEWAY_SERVICE_ACCOUNT = 'cluster-local-gateway-service-account';
/** Pod labels of the ingress gateway, which Gateways select. */
export const INGRESS_GATEWAY_SELECTOR: Readonly<Record<string, string>> = { istio: 'ingressgateway' };
/** Name of the mesh extension provider that sends requests to oauth2-proxy for external authorization. */
export const OAUTH2_PROXY_PROVIDER = 'oauth2-proxy';

/** Helm charts upstream renders Istio from; their name goes into `helm.sh/chart`. */
export type IstioChart = 'base' | 'istiod' | 'cni' | 'istio-ingress';

/**
 * Upstream's metadata labels on an Istio object. `operator` adds the labels of objects
 * installed through the Istio operator profile (gateways, istiod, CNI).
 */
export function istioLabels(
  chart: IstioChart,
  name: string,
  chartVersion: string,
  opts: { readonly app?: string; readonly operator?: string; readonly extra?: Readonly<Record<string, string>> } = {},
): Record<string, string> {
  return {
    ...(opts.app ? { app: opts.app } : {}),
    'app.kubernetes.io/instance': 'istio',
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/part-of': 'istio',
    'app.kubernetes.io/version': chartVersion,
    'helm.sh/chart': `${chart}-${chartVersion}`,
    ...(opts.operator
      ? { 'install.operator.istio.io/owning-resource': 'unknown', 'istio.io/rev': 'default', 'operator.istio.io/component': opts.operator }
      : {}),
    release: 'istio',
    ...(opts.extra ?? {}),
  };
}
