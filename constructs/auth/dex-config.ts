import { createHash } from 'crypto';
import { ConnectorConfig, renderConnector, SecretEnv } from './connectors';

/** A user of Dex's password database. The password exists only as its bcrypt hash. */
export interface StaticPassword {
  readonly email: string;
  /** bcrypt hash of the password. */
  readonly hash: string;
  /** @default the part of the email before `@` */
  readonly username?: string;
  /** @default derived from the email */
  readonly userID?: string;
}

/** The OAuth client Dex knows oauth2-proxy by; both read it from environment variables. */
export const CLIENT_ID_ENV = 'OIDC_CLIENT_ID';
export const CLIENT_SECRET_ENV = 'OIDC_CLIENT_SECRET';
/** oauth2-proxy's callback, relative so that any gateway host works. */
export const OAUTH2_CALLBACK = '/oauth2/callback';

/** Environment variable holding a static user's hash; the first keeps upstream's name. */
export function passwordEnv(index: number): string {
  return index === 0 ? 'DEX_USER_PASSWORD' : `DEX_USER_PASSWORD_${index + 1}`;
}

/** A stable user id for a static user who has none. */
export function userIdFor(email: string): string {
  return createHash('sha256').update(email).digest('hex').slice(0, 32);
}

export interface DexConfigInput {
  readonly issuer: string;
  readonly logLevel: string;
  readonly staticPasswords: readonly StaticPassword[];
  readonly connectors: readonly ConnectorConfig[];
  /** `<external Dex URL>/callback`, for connectors without their own redirectURI. */
  readonly callback?: string;
}

/**
 * Dex's `config.yaml` as an object, and the Secret-backed environment variables its
 * connectors reference. No credential is inline: the client secret, password hashes and
 * connector secrets are all `*Env`/`$VAR` references.
 */
export function dexConfig(input: DexConfigInput): { config: Record<string, unknown>; env: SecretEnv[] } {
  const rendered = input.connectors.map((c) => {
    const callback = input.callback;
    const explicit = 'redirectURI' in c ? c.redirectURI : undefined;
    if (c.type !== 'ldap' && !explicit && !callback) {
      throw new Error(`Dex connector '${c.id}' needs a redirectURI, or the external Dex URL to derive one`);
    }
    return renderConnector(c, callback ?? '');
  });
  const config: Record<string, unknown> = {
    issuer: input.issuer,
    storage: { type: 'kubernetes', config: { inCluster: true } },
    web: { http: '0.0.0.0:5556' },
    logger: { level: input.logLevel, format: 'text' },
    oauth2: { skipApprovalScreen: true },
    enablePasswordDB: input.staticPasswords.length > 0,
    ...(input.staticPasswords.length
      ? {
        staticPasswords: input.staticPasswords.map((u, i) => ({
          email: u.email,
          hashFromEnv: passwordEnv(i),
          username: u.username ?? u.email.split('@')[0],
          userID: u.userID ?? userIdFor(u.email),
        })),
      }
      : {}),
    staticClients: [{ idEnv: CLIENT_ID_ENV, redirectURIs: [OAUTH2_CALLBACK], name: 'Dex Login Application', secretEnv: CLIENT_SECRET_ENV }],
    ...(rendered.length ? { connectors: rendered.map((r) => r.connector) } : {}),
  };
  return { config, env: rendered.flatMap((r) => r.env) };
}
