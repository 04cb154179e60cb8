import { ConfigError } from '../config/errors';
import { parseConfig } from '../config/load';
import { PlatformConfigInput } from '../config/schema';
import { EphemeralSecretStore } from '../core/secrets';
import { KubeflowPlatform } from '../platform/platform';

type AuthInput = NonNullable<NonNullable<PlatformConfigInput['components']>['auth']>;

function problems(auth: AuthInput, rest: PlatformConfigInput = {}): readonly string[] {
  try {
    new KubeflowPlatform(parseConfig({ ...rest, components: { auth } }), new EphemeralSecretStore({ 'dex.staticPassword.user@example.com.hash': `$2b$10$${'a'.repeat(53)}` }));
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

const secret = { name: 'github-oauth', key: 'client-secret' };
const github = { type: 'github' as const, id: 'gh', name: 'GitHub', clientID: 'abc', clientSecret: secret };

describe('components.auth config errors', () => {
  test.each<[string, AuthInput, string[]]>([
    ['an unknown connector type', { dex: { connectors: [{ type: 'okta', id: 'x', name: 'X' } as never] } },
      ['components.auth.dex.connectors[0].type: got {"type":"okta","id":"x","name":"X"}; type must be one of oidc, ldap, github, google, microsoft, saml']],
    ['a connector without a callback URL', { dex: { connectors: [github] } },
      ['components.auth.dex.connectors[0].redirectURI: got nothing; a github connector sends the browser back to Dex; set redirectURI (e.g. https://kubeflow.example.com/dex/callback) or components.auth.dex.externalUrl']],
    ['an inline client secret', { dex: { connectors: [{ ...github, clientSecret: 'hunter2' as never, redirectURI: 'https://kf.example.com/dex/callback' }] } },
      ['components.auth.dex.connectors[0].clientSecret: got "hunter2"; expected object']],
    ['a connector id Dex cannot use', { dex: { externalUrl: 'https://kf.example.com/dex', connectors: [{ ...github, id: 'Git_Hub' }] } },
      ['components.auth.dex.connectors[0].id: got "Git_Hub"; expected lower case letters, digits and -, e.g. corp-sso']],
    ['two connectors with one id', { dex: { externalUrl: 'https://kf.example.com/dex', connectors: [github, github] } },
      ['components.auth.dex.connectors[1].id: got "gh"; another connector has this id; ids must be unique']],
    ['no way to log in', { dex: { staticUsers: [] } },
      ['components.auth.dex.staticUsers: got []; with no connectors and no static users nobody can log in; add a connector or a static user']],
    ['a static user without an email', { dex: { staticUsers: [{ email: 'alice' }] } },
      ['components.auth.dex.staticUsers[0].email: got "alice"; expected an email address']],
    ['a plain password where the hash goes', { dex: { staticUsers: [{ email: 'alice@example.com', hash: 'hunter2hunter2' }] } },
      ['components.auth.dex.staticUsers[0].hash: got "hunter2hunter2"; expected a bcrypt hash: $2a$, $2b$ or $2y$, the cost and 53 characters']],
    ['two static users with one email', { dex: { staticUsers: [{ email: 'alice@example.com' }, { email: 'alice@example.com' }] } },
      ['components.auth.dex.staticUsers[1].email: got "alice@example.com"; another static user has this email']],
    ['an issuer Dex would serve outside /dex/', { dex: { issuer: 'https://kf.example.com/' } },
      ['components.auth.dex.issuer: got "https://kf.example.com/"; the gateway routes /dex/ to Dex, which serves under its issuer path, so the path must be /dex']],
    ['a password field', { dex: { password: '12341234' } as never },
      ['components.auth.dex.password: unknown key; allowed keys here: issuer, externalUrl, logLevel, replicas, staticUsers, connectors']],
    ['a cookie lifetime in days', { oauth2Proxy: { cookieExpire: '1d' } },
      ['components.auth.oauth2Proxy.cookieExpire: got "1d"; expected a duration such as 24h or 90m']],
    ['an extra issuer without audience', { oauth2Proxy: { extraJwtIssuers: ['https://issuer.example.com'] } },
      ['components.auth.oauth2Proxy.extraJwtIssuers[0]: got "https://issuer.example.com"; expected ISSUER_URL=AUDIENCE']],
    ['a partial GKE cluster', { m2m: { gke: { project: 'p' } as never } },
      ['components.auth.m2m.gke.location: got nothing; expected string', 'components.auth.m2m.gke.cluster: got nothing; expected string']],
  ])('%s', (_, auth, expected) => {
    expect(problems(auth)).toEqual(expected);
  });

  test('EKS needs the cluster issuer for service-account tokens', () => {
    expect(problems({}, { platform: 'eks' })).toEqual([
      "components.auth.m2m.issuer: got nothing; on platform eks the gateway needs the cluster's OIDC issuer URL in components.auth.m2m.issuer (aws eks describe-cluster --name NAME --query cluster.identity.oidc.issuer) to accept service-account tokens, or set components.auth.m2m.enabled: false",
    ]);
  });

  test('GKE needs the cluster identity for service-account tokens', () => {
    expect(problems({}, { platform: 'gke' })).toEqual([
      'components.auth.m2m.issuer: got nothing; on platform gke the gateway needs components.auth.m2m.gke (project, location, cluster) or components.auth.m2m.issuer to accept service-account tokens, or set components.auth.m2m.enabled: false',
    ]);
  });

  test.each([
    ['', 0], ['short', 5], ['x'.repeat(31), 31],
  ])('a cookie secret of %j from the store is refused', (value, length) => {
    const store = new EphemeralSecretStore({ 'oauth2Proxy.cookieSecret': value as string });
    expect(() => new KubeflowPlatform(parseConfig({}), store)).toThrow(
      `secrets: oauth2Proxy.cookieSecret has ${length} characters; oauth2-proxy needs 16, 24 or 32 (delete it to generate one)`,
    );
  });

  test('m2m can be turned off where the issuer is unknown', () => {
    expect(problems({ m2m: { enabled: false } }, { platform: 'eks' })).toEqual([]);
  });
});
