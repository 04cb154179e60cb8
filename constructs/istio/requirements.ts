import type { PlatformConfig } from '../config/schema';
import { ingressPrincipal } from '../core/mesh-policy';
import { meshGateways } from './identity';
import { OAUTH2_PROXY_EXT_AUTHZ, TRUST_DOMAIN } from './mesh';
import { ISTIO_NAMESPACE } from './names';

/**
 * What an Istio the cluster already has must provide for this config: the platform installs
 * none of it, only objects that rely on it. One line per requirement, for `validate` and the README.
 */
export function externalIstioRequirements(config: PlatformConfig): string[] {
  const c = config.components;
  const g = meshGateways(c.istio);
  const knative = c.knative.enabled || c.knative.external;
  const auth = c.auth.enabled || c.auth.external;
  const raw = c.kserve.enabled && c.kserve.deploymentMode === 'RawDeployment';
  const local = g.clusterLocal;
  const p = OAUTH2_PROXY_EXT_AUTHZ;
  const labels = (l: Readonly<Record<string, string>>) => Object.entries(l).map(([k, v]) => `${k}=${v}`).join(', ');
  return [
    `Istio ${c.istio.existing.version ?? '(components.istio.existing.version)'} with its CRDs: networking.istio.io v1alpha3 and v1beta1 (Gateway, VirtualService, DestinationRule), security.istio.io v1beta1 (AuthorizationPolicy, PeerAuthentication, RequestAuthentication)`,
    `istiod in ${ISTIO_NAMESPACE}, the mesh root namespace, with trust domain ${TRUST_DOMAIN} (policies name workloads as ${TRUST_DOMAIN}/ns/NAMESPACE/sa/ACCOUNT)`,
    `sidecar injection by the namespace label istio-injection=enabled (set on the Kubeflow namespaces) and the pod annotation sidecar.istio.io/inject`,
    `the Gateway ${g.gateway} on port 80 (443 with TLS) for the Kubeflow host: every web app's VirtualService binds to it`,
    `its ingress gateway pods in ${g.ingress.namespace}, labelled ${labels(g.ingress.labels)}, behind the Service ${g.ingress.service}, running as ${ingressPrincipal(g)} (the identity the web apps' and tenants' AuthorizationPolicies admit)`,
    ...(knative ? [`the cluster-local gateway ${g.clusterLocalGateway} for Knative: pods in ${local.namespace} labelled ${labels(local.labels)}, behind the Service ${local.service}`] : []),
    ...(auth ? [`mesh config extensionProviders entry "${p.name}": envoyExtAuthzHttp to ${p.service} port ${p.port}, includeRequestHeadersInCheck [${p.includeRequestHeadersInCheck.join(', ')}], headersToUpstreamOnAllow [${p.headersToUpstreamOnAllow.join(', ')}], headersToDownstreamOnDeny [${p.headersToDownstreamOnDeny.join(', ')}]`] : []),
    ...(raw ? ['an IngressClass named istio (KServe raw deployments create Ingresses of that class)'] : []),
  ];
}
