import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { authorizationPolicy, DEFAULT_GATEWAYS, MeshGateways } from '../core/mesh-policy';
import { ISTIO_NAMESPACE } from '../istio/names';

/** Namespace of the Istio control plane (istiod), where the cluster JWKS proxy runs. */
export { ISTIO_NAMESPACE };
/** The extension provider the Istio mesh config declares for oauth2-proxy. */
export const EXT_AUTHZ_PROVIDER = 'oauth2-proxy';
/** Paths that must be reachable before login: Dex itself and oauth2-proxy's callback. */
const PUBLIC_PATHS = ['/dex/*', '/dex/**', '/oauth2/*'];

/** Routes a path prefix at the Kubeflow gateway to a Service. */
export function gatewayRoute(scope: Construct, gateways: MeshGateways, namespace: string, name: string, prefix: string, host: string, port: number): ApiObject {
  return new ApiObject(scope, `VirtualService-${name}`, {
    apiVersion: 'networking.istio.io/v1alpha3',
    kind: 'VirtualService',
    metadata: { name, namespace },
    spec: {
      gateways: [gateways.gateway],
      hosts: ['*'],
      http: [{ match: [{ uri: { prefix } }], route: [{ destination: { host, port: { number: port } } }] }],
    },
  });
}

/** A NetworkPolicy peer: pods with these labels in one namespace. */
export function matchLabelsPeer(namespace: string, podLabels: Record<string, string>): k8s.NetworkPolicyPeer {
  return { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } }, podSelector: { matchLabels: podLabels } };
}

/** One JWT issuer the gateway trusts, and the headers its claims fill. */
export interface JwtIssuer {
  readonly issuer: string;
  /** @default the issuer's OIDC discovery document */
  readonly jwksUri?: string;
  /** Claim that names the user in `kubeflow-userid`. */
  readonly userClaim: 'email' | 'sub';
}

function jwtRule(j: JwtIssuer): Record<string, unknown> {
  return {
    issuer: j.issuer,
    ...(j.jwksUri ? { jwksUri: j.jwksUri } : {}),
    forwardOriginalToken: true,
    // The groups claim is mapped even when tokens have none, so a client cannot send its own kubeflow-groups header.
    outputClaimToHeaders: [{ header: 'kubeflow-userid', claim: j.userClaim }, { header: 'kubeflow-groups', claim: 'groups' }],
    // Only the Authorization header: requests carrying one skip oauth2-proxy.
    fromHeaders: [{ name: 'Authorization', prefix: 'Bearer ' }],
  };
}

function requestAuthentication(scope: Construct, gateways: MeshGateways, name: string, issuers: readonly JwtIssuer[]): ApiObject {
  return new ApiObject(scope, `RequestAuthentication-${name}`, {
    apiVersion: 'security.istio.io/v1beta1',
    kind: 'RequestAuthentication',
    metadata: { name, namespace: gateways.ingress.namespace },
    // Only at the ingress gateway: checking the same token at every sidecar gains nothing.
    spec: { selector: { matchLabels: { ...gateways.ingress.labels } }, jwtRules: issuers.map(jwtRule) },
  });
}

export interface GatewayAuthProps {
  /** Dex's issuer: its tokens, set by oauth2-proxy after login, carry the user's email. */
  readonly dexIssuer: string;
  /** The cluster's service-account token issuers (`m2m-token-issuer`). @default none */
  readonly machineIssuers?: readonly JwtIssuer[];
  /** The ingress gateway the policies apply to. @default upstream's */
  readonly gateways?: MeshGateways;
}

/**
 * The gateway's half of login: requests without a bearer token go to oauth2-proxy
 * (Istio external authorization), and requests without a valid JWT are denied.
 */
export class GatewayAuth extends Construct {
  constructor(scope: Construct, id: string, props: GatewayAuthProps) {
    super(scope, id);
    const gateways = props.gateways ?? DEFAULT_GATEWAYS;
    const policy = (name: string, spec: Record<string, unknown>) =>
      authorizationPolicy(this, `AuthorizationPolicy-${name}`, { name, namespace: gateways.ingress.namespace },
        { selector: { matchLabels: { ...gateways.ingress.labels } }, ...spec });
    policy('istio-ingressgateway-oauth2-proxy', {
      action: 'CUSTOM',
      provider: { name: EXT_AUTHZ_PROVIDER },
      rules: [{ to: [{ operation: { notPaths: PUBLIC_PATHS } }], when: [{ key: 'request.headers[authorization]', notValues: ['*'] }] }],
    });
    policy('istio-ingressgateway-require-jwt', {
      action: 'DENY',
      rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }], to: [{ operation: { notPaths: PUBLIC_PATHS } }] }],
    });
    requestAuthentication(this, gateways, 'dex-jwt', [{ issuer: props.dexIssuer, userClaim: 'email' }]);
    if (props.machineIssuers?.length) requestAuthentication(this, gateways, 'm2m-token-issuer', props.machineIssuers);
  }
}
