import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  CLUSTER_LOCAL_GATEWAY, CLUSTER_LOCAL_GATEWAY_NAME, CLUSTER_LOCAL_GATEWAY_SERVICE_ACCOUNT, INGRESS_GATEWAY_SERVICE, INGRESS_GATEWAY_SERVICE_ACCOUNT,
  ISTIO_NAMESPACE, KUBEFLOW_GATEWAY,
} from '../istio/names';

/** A gateway's pods: where they run and how policies pick them. */
export interface GatewayWorkload {
  /** Namespace of the pods, their Service and service account. */
  readonly namespace: string;
  /** Their Service, e.g. `istio-ingressgateway`. */
  readonly service: string;
  /** Their service account: requests they forward carry its mesh identity. */
  readonly serviceAccount: string;
  /** Pod labels that select them (`app`, and `istio` for the cluster-local gateway, which Knative's Gateway selects). */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * The gateways of the mesh, as every component names them. The platform derives this once
 * from `components.istio` (upstream's names, or `existing` with an external Istio; see
 * `istio/identity.ts`) and hands it to each component through its context.
 */
export interface MeshGateways {
  /** The Gateway web apps' VirtualServices bind to, `namespace/name`. */
  readonly gateway: string;
  /** The Gateway for cluster-local traffic (Knative, KServe), `namespace/name`. */
  readonly clusterLocalGateway: string;
  /** The ingress gateway's pods. */
  readonly ingress: GatewayWorkload;
  /** The cluster-local gateway's pods. */
  readonly clusterLocal: GatewayWorkload;
}

/** Upstream's gateways, as the Istio component installs them (names from `istio/names.ts`). */
export const DEFAULT_GATEWAYS: MeshGateways = {
  gateway: KUBEFLOW_GATEWAY,
  clusterLocalGateway: CLUSTER_LOCAL_GATEWAY,
  ingress: { namespace: ISTIO_NAMESPACE, service: INGRESS_GATEWAY_SERVICE, serviceAccount: INGRESS_GATEWAY_SERVICE_ACCOUNT, labels: { app: INGRESS_GATEWAY_SERVICE } },
  clusterLocal: {
    namespace: ISTIO_NAMESPACE, service: CLUSTER_LOCAL_GATEWAY_NAME, serviceAccount: CLUSTER_LOCAL_GATEWAY_SERVICE_ACCOUNT,
    labels: { app: CLUSTER_LOCAL_GATEWAY_NAME, istio: CLUSTER_LOCAL_GATEWAY_NAME },
  },
};

/** A mesh workload identity (SPIFFE path without the scheme). */
export function principalOf(namespace: string, serviceAccount: string): string {
  return `cluster.local/ns/${namespace}/sa/${serviceAccount}`;
}

/** The ingress gateway's workload identity: requests from outside the mesh arrive with it. */
export function ingressPrincipal(g: MeshGateways): string {
  return principalOf(g.ingress.namespace, g.ingress.serviceAccount);
}

/** `namespace` and `name` of a `namespace/name` gateway reference. */
export function splitGateway(ref: string): { readonly namespace: string; readonly name: string } {
  const [namespace, name] = ref.split('/');
  return { namespace, name };
}

/**
 * How a VirtualService in `namespace` names a gateway: the bare name when the Gateway is in
 * the same namespace (as upstream writes it), `namespace/name` otherwise.
 */
export function gatewayFrom(namespace: string, ref: string): string {
  const g = splitGateway(ref);
  return g.namespace === namespace ? g.name : ref;
}

/** The default ingress gateway principal, for callers outside a platform. */
export const INGRESS_GATEWAY_PRINCIPAL = ingressPrincipal(DEFAULT_GATEWAYS);

/** Lets only these workload identities call the pods the selector picks, past the mesh-wide deny. */
export function allowPrincipals(
  scope: Construct, id: string, metadata: { readonly name: string; readonly namespace: string; readonly labels?: Record<string, string> },
  principals: readonly string[], matchLabels: Readonly<Record<string, string>>,
): ApiObject {
  return authorizationPolicy(scope, id, metadata,
    { action: 'ALLOW', rules: [{ from: [{ source: { principals: [...principals] } }] }], selector: { matchLabels: { ...matchLabels } } });
}

/**
 * Istio serves AuthorizationPolicy at both versions. Upstream's Istio install writes `v1`
 * (the gateways' and the mesh-wide policies); Kubeflow's component manifests still write
 * `v1beta1`. Each object keeps the version upstream gives it, so the output stays theirs.
 */
export type AuthorizationPolicyVersion = 'v1' | 'v1beta1';

/** An Istio AuthorizationPolicy; `spec` is written as given (its key order is the output's). */
export function authorizationPolicy(
  scope: Construct, id: string,
  metadata: { readonly name: string; readonly namespace: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> },
  spec: Readonly<Record<string, unknown>>, version: AuthorizationPolicyVersion = 'v1beta1',
): ApiObject {
  return new ApiObject(scope, id, { apiVersion: `security.istio.io/${version}`, kind: 'AuthorizationPolicy', metadata, spec });
}
