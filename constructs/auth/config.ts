import { z } from 'zod';
import { componentBase } from '../core/component-config';
import { BCRYPT_HASH } from '../core/secrets';
import { connectorConfig } from './connectors';

/** Dex's address inside the cluster; upstream's issuer, and where oauth2-proxy redeems codes. */
export const IN_CLUSTER_ISSUER = 'http://dex.auth.svc.cluster.local:5556/dex';
/** The user the quick start logs in as, when no connector or user is configured. Its password is generated. */
export const DEFAULT_USER_EMAIL = 'user@example.com';

const staticUser = z.strictObject({
  email: z.email({ message: 'expected an email address' }),
  /**
   * bcrypt hash of the password (`htpasswd -nbBC 12 "" PASSWORD | tr -d ':\n'`).
   * @default a random password, kept in the secrets store as `dex.staticPassword.<email>`, hashed once
   */
  hash: z.string().regex(BCRYPT_HASH, { message: 'expected a bcrypt hash: $2a$, $2b$ or $2y$, the cost and 53 characters' }).optional(),
  /** @default the part of the email before `@` */
  username: z.string().min(1).optional(),
  /** Dex's user id, part of the token subject. @default derived from the email */
  userID: z.string().min(1).optional(),
});
export type StaticUserConfig = z.output<typeof staticUser>;

const dexFields = z
  .strictObject({
    /** Issuer URL in Dex's tokens; Istio and oauth2-proxy trust it. @default "http://dex.auth.svc.cluster.local:5556/dex" */
    issuer: z.url().default(IN_CLUSTER_ISSUER),
    /**
     * Where browsers reach Dex, e.g. `https://kubeflow.example.com/dex`; connector callbacks go to `<externalUrl>/callback`.
     * @default none: connectors that redirect need their own `redirectURI`
     */
    externalUrl: z.url().optional(),
    /** @default "debug" (upstream's) */
    logLevel: z.enum(['debug', 'info', 'warn', 'error']).default('debug'),
    /** @default the release's: 1, and 2 from 26.03.1 (Dex keeps its state in Kubernetes, so replicas share it) */
    replicas: z.number().int().min(1).optional(),
    /** Users of Dex's own password database. @default one user `user@example.com` with a generated password when there are no connectors, else none */
    staticUsers: z.array(staticUser).optional(),
    /** Identity providers users log in with. @default none */
    connectors: z.array(connectorConfig).default([]),
  });

/** Dex's options as one schema, without the static users (the construct takes them hashed): `DexProps` derive from it and the construct parses through it. */
export const dexOptions = dexFields.omit({ staticUsers: true });

const dex = dexFields
  .prefault({})
  .superRefine((d, ctx) => {
    if (new URL(d.issuer).pathname.replace(/\/+$/, '') !== '/dex') {
      ctx.addIssue({ code: 'custom', path: ['issuer'], input: d.issuer, message: 'the gateway routes /dex/ to Dex, which serves under its issuer path, so the path must be /dex' });
    }
    const seen = new Set<string>();
    d.connectors.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: 'custom', path: ['connectors', i, 'id'], input: c.id, message: 'another connector has this id; ids must be unique' });
      seen.add(c.id);
      if (c.type !== 'ldap' && !c.redirectURI && !d.externalUrl) {
        ctx.addIssue({
          code: 'custom', path: ['connectors', i, 'redirectURI'], input: undefined,
          message: `a ${c.type} connector sends the browser back to Dex; set redirectURI (e.g. https://kubeflow.example.com/dex/callback) or components.auth.dex.externalUrl`,
        });
      }
    });
    const emails = new Set<string>();
    (d.staticUsers ?? []).forEach((u, i) => {
      if (emails.has(u.email)) ctx.addIssue({ code: 'custom', path: ['staticUsers', i, 'email'], input: u.email, message: 'another static user has this email' });
      emails.add(u.email);
    });
    if (d.staticUsers?.length === 0 && d.connectors.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['staticUsers'], input: [], message: 'with no connectors and no static users nobody can log in; add a connector or a static user' });
    }
  });

/** oauth2-proxy's options as one schema: `OAuth2ProxyProps` derive from it and the construct parses through it. */
export const oauth2ProxyOptions = z
  .strictObject({
    /** @default 2 (upstream's) */
    replicas: z.number().int().min(1).default(2),
    /** Mark cookies `Secure`: needs HTTPS at the gateway (upstream's `FORCE_HTTPS`). @default true on EKS (upstream's EKS overlay), else false */
    cookieSecure: z.boolean().optional(),
    /** Cookie lifetime; keep it within Dex's ID token lifetime (24h). @default "24h" */
    cookieExpire: z.string().regex(/^\d+[smh]$/, { message: 'expected a duration such as 24h or 90m' }).default('24h'),
    /** Accept an issuer with a self-signed certificate (upstream's `ALLOW_SELF_SIGNED_ISSUER`). @default true */
    allowSelfSignedIssuer: z.boolean().default(true),
    /** Let requests with an `Authorization: Bearer` JWT of a trusted issuer through (upstream's `ENABLE_M2M_TOKENS`). @default true */
    bearerTokens: z.boolean().default(true),
    /** More JWT issuers oauth2-proxy trusts, as `issuer=audience` (upstream's `EXTRA_JWT_ISSUERS`). @default none */
    extraJwtIssuers: z.array(z.string().regex(/^https?:\/\/[^=]+=.+$/, { message: 'expected ISSUER_URL=AUDIENCE' })).default([]),
    /** Email domains allowed to log in. @default ["*"] */
    emailDomains: z.array(z.string().min(1)).min(1).default(['*']),
    /** SVG shown on the sign-in page. @default a plain Kubeflow word mark */
    signInLogo: z.string().startsWith('<', { message: 'expected SVG markup' }).optional(),
  });
const oauth2Proxy = oauth2ProxyOptions.prefault({});

const m2m = z
  .strictObject({
    /** Accept Kubernetes service-account tokens at the gateway (istio `m2m-token-issuer`). @default true */
    enabled: z.boolean().default(true),
    /**
     * Issuer of the cluster's service-account tokens. Required on EKS (`aws eks describe-cluster --query cluster.identity.oidc.issuer`).
     * @default kind and generic: https://kubernetes.default.svc.cluster.local; GKE: from `gke`
     */
    issuer: z.url().optional(),
    /** Where Istio fetches the issuer's keys. @default kind and generic: the in-cluster `cluster-jwks-proxy`; else the issuer's discovery document */
    jwksUri: z.url().optional(),
    /** The GKE cluster, for its issuer URL. Required on GKE unless `issuer` is set. */
    gke: z.strictObject({ project: z.string().min(1), location: z.string().min(1), cluster: z.string().min(1) }).optional(),
  })
  .prefault({});

/** Platform config of the auth component (`components.auth`): Dex, oauth2-proxy and the gateway's token checks. */
export const authConfig = z
  .strictObject({
    ...componentBase,
    /** OAuth client id oauth2-proxy uses at Dex (its secret is generated). @default "kubeflow-oidc-authservice" */
    clientId: z.string().min(1).default('kubeflow-oidc-authservice'),
    dex,
    oauth2Proxy,
    m2m,
  })
  .prefault({});
export type AuthConfig = z.output<typeof authConfig>;
export type M2mConfig = AuthConfig['m2m'];
