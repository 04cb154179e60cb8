import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** The ingress gateway's workload identity: requests from outside the mesh arrive with it. */
export const INGRESS_GATEWAY_PRINCIPAL = 'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account';

/** Lets only these workload identities call the pods the selector picks, past the mesh-wide deny. */
export function allowPrincipals(
  scope: Construct, id: string, metadata: { readonly name: string; readonly namespace: string; readonly labels?: Record<string, string> },
  principals: readonly string[], matchLabels: Readonly<Record<string, string>>,
): ApiObject {
  return new ApiObject(scope, id, {
    apiVersion: 'security.istio.io/v1beta1',
    kind: 'AuthorizationPolicy',
    metadata,
    spec: { action: 'ALLOW', rules: [{ from: [{ source: { principals: [...principals] } }] }], selector: { matchLabels: { ...matchLabels } } },
  });
}
