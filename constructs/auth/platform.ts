import { hashSync } from 'bcryptjs';
import { ConfigError } from '../config/errors';
import { randomToken, SecretStore } from '../core/secrets';
import { WireComponent } from '../platform/build';
import { AuthConfig, DEFAULT_USER_EMAIL } from './config';
import { Dex } from './dex';
import { StaticPassword } from './dex-config';
import { GatewayAuth } from './gateway';
import { ClusterJwksProxy } from './jwks-proxy';
import { AUTH_LAYERS, machineIssuers } from './layers';
import { OAuth2Proxy } from './oauth2-proxy';

/** Keys of the generated credentials in the secrets store. */
export const SECRET_KEYS = {
  clientSecret: 'dex.oidcClient.secret',
  cookieSecret: 'oauth2Proxy.cookieSecret',
  password: (email: string) => `dex.staticPassword.${email}`,
  passwordHash: (email: string) => `dex.staticPassword.${email}.hash`,
} as const;

// Generated passwords are 144 random bits, so cost 10 (Go's and Dex's default) is ample.
const BCRYPT_COST = 10;
const COOKIE_SECRET_LENGTHS = [16, 24, 32];

/**
 * Static users with their hashes. A user without a hash gets a random password in the
 * store; its hash is stored too (bcrypt salts are random), so output stays the same.
 */
export function staticPasswords(dex: AuthConfig['dex'], secrets: SecretStore): StaticPassword[] {
  const users = dex.staticUsers ?? (dex.connectors.length ? [] : [{ email: DEFAULT_USER_EMAIL }]);
  return users.map((u) => ({
    ...u,
    hash: u.hash ?? secrets.value(SECRET_KEYS.passwordHash(u.email), () => hashSync(secrets.value(SECRET_KEYS.password(u.email), () => randomToken(18)), BCRYPT_COST)),
  }));
}

/** Wires Dex, oauth2-proxy and the gateway's login policies, configured from `components.auth`. */
export const wireAuth: WireComponent = (scope, { config, images, sizing, secrets, gateways }) => {
  const auth = config.components.auth;
  const layer = AUTH_LAYERS[config.platform];
  const ctx = { images, sizing, gateways };
  const client = { id: auth.clientId, secret: secrets.value(SECRET_KEYS.clientSecret, () => randomToken()) };
  const cookieSecret = secrets.value(SECRET_KEYS.cookieSecret, () => randomToken(24));
  if (!COOKIE_SECRET_LENGTHS.includes(cookieSecret.length)) {
    throw new ConfigError([`secrets: ${SECRET_KEYS.cookieSecret} has ${cookieSecret.length} characters; oauth2-proxy needs 16, 24 or 32 (delete it to generate one)`]);
  }
  let machine: ReturnType<typeof machineIssuers> | undefined;
  if (auth.m2m.enabled) {
    machine = machineIssuers(layer.m2m, auth.m2m);
    if ('missing' in machine) {
      throw new ConfigError([`components.auth.m2m.issuer: got nothing; on platform ${config.platform} the gateway needs ${machine.missing} to accept service-account tokens, or set components.auth.m2m.enabled: false`]);
    }
  }

  new Dex(scope, 'Dex', {
    ...ctx,
    ...auth.dex, // its options; the static users go in hashed, as staticPasswords
    client,
    staticPasswords: staticPasswords(auth.dex, secrets),
    // Dex keeps its state in Kubernetes objects, so the large preset runs two in every release.
    replicas: auth.dex.replicas ?? Math.max(ctx.images.catalog.features.dexReplicas, ctx.sizing.replicas),
  });
  const p = auth.oauth2Proxy;
  new OAuth2Proxy(scope, 'OAuth2Proxy', {
    ...ctx,
    client,
    cookieSecret,
    issuer: auth.dex.issuer,
    ...p,
    cookieSecure: p.cookieSecure ?? layer.cookieSecure,
  });
  new GatewayAuth(scope, 'Gateway', { dexIssuer: auth.dex.issuer, machineIssuers: machine && 'issuers' in machine ? machine.issuers : [], gateways });
  if (machine && 'issuers' in machine && machine.jwksProxy) new ClusterJwksProxy(scope, 'JwksProxy', ctx);
};
