import { z } from 'zod';

/**
 * A key of a Kubernetes Secret in the `auth` namespace. Dex reads it from an environment
 * variable (Dex expands `$VAR` in connector config), so no credential is ever written
 * into the Dex ConfigMap or the synthesized output.
 */
export const secretKeyRef = z.strictObject({
  /** Secret name, in the `auth` namespace. */
  name: z.string().min(1),
  /** Key inside the Secret. */
  key: z.string().min(1),
});
export type SecretKeyRef = z.output<typeof secretKeyRef>;

const common = {
  /** Connector id: part of Dex user ids and callback state, so keep it stable. Lower case letters, digits and `-`. */
  id: z.string().regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, { message: 'expected lower case letters, digits and -, e.g. corp-sso' }),
  /** Name shown on the Dex login page. */
  name: z.string().min(1),
};

/** Where the identity provider sends the browser back. @default `<dex.externalUrl>/callback` */
const redirectURI = z.url().optional();

const oidc = z.strictObject({
  type: z.literal('oidc'),
  ...common,
  issuer: z.url(),
  clientID: z.string().min(1),
  clientSecret: secretKeyRef,
  redirectURI,
  /** @default Dex's: openid, profile, email */
  scopes: z.array(z.string()).optional(),
  /** Ask the userinfo endpoint for claims missing from the ID token. @default false */
  getUserInfo: z.boolean().optional(),
  /** Take groups from the `groups` claim. @default false */
  insecureEnableGroups: z.boolean().optional(),
  /** Accept users whose `email_verified` is false. @default false */
  insecureSkipEmailVerified: z.boolean().optional(),
  /** Claim used as the user name. @default "name" */
  userNameKey: z.string().optional(),
  /** Claim names when the provider uses other ones. @default Dex's */
  claimMapping: z.strictObject({ preferred_username: z.string().optional(), email: z.string().optional(), groups: z.string().optional() }).optional(),
});

const ldap = z.strictObject({
  type: z.literal('ldap'),
  ...common,
  /** `HOST:PORT` of the LDAP server. */
  host: z.string().min(1),
  /** Plain LDAP without TLS. @default false */
  insecureNoSSL: z.boolean().optional(),
  /** @default false */
  insecureSkipVerify: z.boolean().optional(),
  /** Upgrade a plain connection with StartTLS. @default false */
  startTLS: z.boolean().optional(),
  /** Base64 PEM of the CA that signed the server certificate. @default the system roots */
  rootCAData: z.string().optional(),
  /** DN to bind as for searches. @default anonymous */
  bindDN: z.string().optional(),
  /** Password of `bindDN`. */
  bindPW: secretKeyRef.optional(),
  /** Label of the user name field on the login page. @default "Username" */
  usernamePrompt: z.string().optional(),
  userSearch: z.strictObject({
    baseDN: z.string().min(1),
    filter: z.string().optional(),
    username: z.string().min(1),
    idAttr: z.string().min(1),
    emailAttr: z.string().min(1),
    nameAttr: z.string().min(1),
    preferredUsernameAttr: z.string().optional(),
  }),
  groupSearch: z
    .strictObject({
      baseDN: z.string().min(1),
      filter: z.string().optional(),
      userMatchers: z.array(z.strictObject({ userAttr: z.string(), groupAttr: z.string() })).min(1),
      nameAttr: z.string().min(1),
    })
    .optional(),
});

const github = z.strictObject({
  type: z.literal('github'),
  ...common,
  clientID: z.string().min(1),
  clientSecret: secretKeyRef,
  redirectURI,
  /** Only members of these organizations (and teams) may log in. @default anyone with a GitHub account */
  orgs: z.array(z.strictObject({ name: z.string().min(1), teams: z.array(z.string()).optional() })).optional(),
  /** @default false */
  loadAllGroups: z.boolean().optional(),
  /** @default "name" */
  teamNameField: z.enum(['name', 'slug', 'both']).optional(),
  /** @default false */
  useLoginAsID: z.boolean().optional(),
  /** GitHub Enterprise host. @default github.com */
  hostName: z.string().optional(),
});

const google = z.strictObject({
  type: z.literal('google'),
  ...common,
  clientID: z.string().min(1),
  clientSecret: secretKeyRef,
  redirectURI,
  /** Only accounts of these Google Workspace domains. @default any Google account */
  hostedDomains: z.array(z.string()).optional(),
});

const microsoft = z.strictObject({
  type: z.literal('microsoft'),
  ...common,
  clientID: z.string().min(1),
  clientSecret: secretKeyRef,
  redirectURI,
  /** Entra ID tenant: a tenant id or `common`, `organizations`, `consumers`. @default "common" */
  tenant: z.string().optional(),
  /** Only members of these groups; needs a tenant. @default no group check */
  groups: z.array(z.string()).optional(),
  /** @default false */
  onlySecurityGroups: z.boolean().optional(),
});

const saml = z.strictObject({
  type: z.literal('saml'),
  ...common,
  ssoURL: z.url(),
  /** Base64 PEM of the certificate the provider signs responses with. */
  caData: z.string().min(1),
  redirectURI,
  entityIssuer: z.string().optional(),
  ssoIssuer: z.string().optional(),
  usernameAttr: z.string().min(1),
  emailAttr: z.string().min(1),
  groupsAttr: z.string().optional(),
  nameIDPolicyFormat: z.string().optional(),
});

/** A Dex connector: how users of an existing identity provider log in. */
export const CONNECTOR_TYPES = ['oidc', 'ldap', 'github', 'google', 'microsoft', 'saml'] as const;
export const connectorConfig = z.discriminatedUnion('type', [oidc, ldap, github, google, microsoft, saml], {
  error: (issue) => (issue.code === 'invalid_union' ? `type must be one of ${CONNECTOR_TYPES.join(', ')}` : undefined),
});
export type ConnectorConfig = z.output<typeof connectorConfig>;

/** Connectors whose provider redirects the browser back to Dex. */
export function needsRedirect(c: ConnectorConfig): boolean {
  return c.type !== 'ldap';
}

/** An environment variable of the Dex container, set from a Secret key. */
export interface SecretEnv {
  readonly name: string;
  readonly ref: SecretKeyRef;
}

const envName = (id: string, what: string) => `DEX_CONNECTOR_${id.toUpperCase().replace(/-/g, '_')}_${what}`;

/**
 * A connector as Dex's config file spells it. Credentials become `$VAR` references and
 * are returned as `env`, for the Deployment to set from their Secrets.
 */
export function renderConnector(c: ConnectorConfig, callback: string): { connector: Record<string, unknown>; env: SecretEnv[] } {
  const env: SecretEnv[] = [];
  const secret = (what: string, ref: SecretKeyRef) => {
    const name = envName(c.id, what);
    env.push({ name, ref });
    return `$${name}`;
  };
  const { type, id, name, ...rest } = c;
  const config: Record<string, unknown> = { ...rest };
  if ('clientSecret' in c) config.clientSecret = secret('CLIENT_SECRET', c.clientSecret);
  if (c.type === 'ldap' && c.bindPW) config.bindPW = secret('BIND_PW', c.bindPW);
  if (needsRedirect(c)) config.redirectURI = ('redirectURI' in c && c.redirectURI) || callback;
  return { connector: { type, id, name, config: dropUndefined(config) }, env };
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
