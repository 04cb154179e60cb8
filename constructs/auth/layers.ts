import { ClusterKind } from '../config/schema';
import { M2mConfig } from './config';
import { JwtIssuer } from './gateway';
import { JWKS_PROXY_URI } from './jwks-proxy';

/** The API server's own issuer, as kubeadm and kind configure it. */
export const IN_CLUSTER_TOKEN_ISSUER = 'https://kubernetes.default.svc.cluster.local';

/** How one platform issues service-account tokens, for the gateway to accept them (m2m). */
export interface M2mLayer {
  /** The issuer URL, from the config; undefined when the config lacks what it needs. */
  readonly issuer: (m2m: M2mConfig) => string | undefined;
  /** What the config must give when `issuer` is undefined, for the error message. */
  readonly needs: string;
  /** Other spellings of the issuer the same keys sign tokens for. */
  readonly aliases: readonly string[];
  /** The keys are behind the API server's self-signed certificate: publish them through `cluster-jwks-proxy`. */
  readonly jwksProxy: boolean;
}

const inCluster: M2mLayer = {
  issuer: (m) => m.issuer ?? IN_CLUSTER_TOKEN_ISSUER,
  needs: '',
  // kind tokens requested without an audience carry the short service name (upstream's m2m-dex-and-kind).
  aliases: ['https://kubernetes.default.svc'],
  jwksProxy: true,
};

/** What auth does differently on one platform. */
export interface AuthLayer {
  /** Where the platform's service-account tokens come from. EKS and GKE publish their keys publicly. */
  readonly m2m: M2mLayer;
  /** Default of `oauth2Proxy.cookieSecure`: upstream's EKS overlay expects HTTPS at the gateway. */
  readonly cookieSecure: boolean;
}

export const AUTH_LAYERS: Readonly<Record<ClusterKind, AuthLayer>> = {
  kind: { m2m: inCluster, cookieSecure: false },
  generic: { m2m: inCluster, cookieSecure: false },
  eks: {
    m2m: {
      issuer: (m) => m.issuer,
      needs: "the cluster's OIDC issuer URL in components.auth.m2m.issuer (aws eks describe-cluster --name NAME --query cluster.identity.oidc.issuer)",
      aliases: [],
      jwksProxy: false,
    },
    cookieSecure: true,
  },
  gke: {
    m2m: {
      issuer: (m) => m.issuer ?? (m.gke && `https://container.googleapis.com/v1/projects/${m.gke.project}/locations/${m.gke.location}/clusters/${m.gke.cluster}`),
      needs: 'components.auth.m2m.gke (project, location, cluster) or components.auth.m2m.issuer',
      aliases: [],
      jwksProxy: false,
    },
    cookieSecure: false,
  },
};

/** The token issuers of the cluster the gateway should trust, or what is missing. */
export function machineIssuers(layer: M2mLayer, m2m: M2mConfig): { issuers: JwtIssuer[]; jwksProxy: boolean } | { missing: string } {
  const issuer = layer.issuer(m2m);
  if (!issuer) return { missing: layer.needs };
  const jwksUri = m2m.jwksUri ?? (layer.jwksProxy ? JWKS_PROXY_URI : undefined);
  return {
    issuers: [issuer, ...(m2m.issuer ? [] : layer.aliases)].map((i) => ({ issuer: i, ...(jwksUri ? { jwksUri } : {}), userClaim: 'sub' as const })),
    jwksProxy: layer.jwksProxy && !m2m.jwksUri,
  };
}
