import { RELEASES } from '../catalog';
import { parseConfig } from '../config/load';
import { PlatformConfigInput } from '../config/schema';
import { EphemeralSecretStore } from '../core/secrets';
import { renderWaves } from '../platform/output';
import { KubeflowPlatform } from '../platform/platform';

// Upstream's demo credentials: none of them may reach any output (GitHub issue 4).
const UPSTREAM_PASSWORD = '12341234';
const UPSTREAM_HASH = '$2y$12$4K/VkmDd1q1Orb3xAt82zu8gk7Ad6ReFR4LCP9UeYE90NLiN9Df72';
const UPSTREAM_CLIENT_SECRET = 'pUBnBOY80SnXgjibTYM9ZWNzY2xreNGQok';
const UPSTREAM_COOKIE_SECRET = '7d16fee92f8d11b8940b081b3f8b8acb';
const FORBIDDEN = [UPSTREAM_PASSWORD, UPSTREAM_HASH, UPSTREAM_CLIENT_SECRET, UPSTREAM_COOKIE_SECRET].flatMap((s) => [s, Buffer.from(s).toString('base64')]);

const PLATFORMS: [string, PlatformConfigInput][] = [
  ['generic', {}],
  ['kind', { platform: 'kind' }],
  ['eks', { platform: 'eks', components: { auth: { m2m: { issuer: 'https://oidc.eks.us-east-1.amazonaws.com/id/ABC' } } } }],
  ['gke', { platform: 'gke', components: { auth: { m2m: { gke: { project: 'p', location: 'l', cluster: 'c' } } } } }],
];

function output(input: PlatformConfigInput, store = new EphemeralSecretStore()): string {
  return [...renderWaves(new KubeflowPlatform(parseConfig(input), store).waves()).values()].join('\n');
}

describe('auth is safe by default', () => {
  test.each(RELEASES.flatMap((release) => PLATFORMS.map(([name, input]) => [release, name, input] as const)))(
    'release %s on %s writes none of upstream\'s demo credentials', (release, _, input) => {
      const text = output({ ...input, release });
      for (const s of FORBIDDEN) expect(text).not.toContain(s);
    },
  );

  test('client and cookie secrets and the password are generated: two fresh stores give different ones', () => {
    const a = new EphemeralSecretStore();
    const b = new EphemeralSecretStore();
    output({}, a);
    output({}, b);
    for (const key of ['dex.oidcClient.secret', 'oauth2Proxy.cookieSecret', 'dex.staticPassword.user@example.com', 'dex.staticPassword.user@example.com.hash']) {
      expect(a.entries()[key]).toBeDefined();
      expect(a.entries()[key]).not.toEqual(b.entries()[key]);
    }
  });

  test('the same store gives the same bytes, and generates nothing the second time', () => {
    const store = new EphemeralSecretStore();
    const first = output({}, store);
    const again = new EphemeralSecretStore(store.entries());
    expect(output({}, again)).toEqual(first);
    expect(again.generated).toEqual([]);
  });

  test('a plain password in the store never reaches the output', () => {
    const store = new EphemeralSecretStore({ 'dex.staticPassword.user@example.com': 'a-password-from-the-secrets-file' });
    expect(output({}, store)).not.toContain('a-password-from-the-secrets-file');
  });
});
