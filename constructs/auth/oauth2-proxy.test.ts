import { withoutCrdSchemas } from '../platform/test-helpers';
import { Testing } from 'cdk8s';
import { catalogFor, RELEASES } from '../catalog';
import { parseConfig } from '../config/load';
import { ImageResolver } from '../core/images';
import { EphemeralSecretStore } from '../core/secrets';
import { KubeflowPlatform } from '../platform/platform';
import { OAuth2Proxy, OAuth2ProxyProps } from './oauth2-proxy';
import { toToml } from './oauth2-proxy-config';

type Obj = { kind: string; metadata: { name: string; namespace?: string }; [k: string]: any };
const client = { id: 'kubeflow-oidc-authservice', secret: 's'.repeat(32) };

function synth(props: Partial<OAuth2ProxyProps> = {}): Obj[] {
  const chart = Testing.chart();
  new OAuth2Proxy(chart, 'p', { client, cookieSecret: 'k'.repeat(32), ...props });
  return Testing.synth(chart) as Obj[];
}
const find = (objs: Obj[], kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name)!;
const cfgLines = (objs: Obj[]) => find(objs, 'ConfigMap', 'oauth2-proxy').data['oauth2_proxy.cfg'].trim().split('\n');

describe('OAuth2Proxy', () => {
  test('the TOML writer quotes strings and lists, and leaves booleans and numbers bare', () => {
    expect(toToml({ a: 'x"y', b: ['1', '2'], c: true, d: 0 })).toBe('a = "x\\"y"\nb = [ "1", "2" ]\nc = true\nd = 0\n');
  });

  test('logs in at Dex through the gateway, redeeming codes in-cluster', () => {
    const lines = cfgLines(synth({ issuer: 'https://kf.example.com/dex', cookieExpire: '12h', emailDomains: ['example.com'] }));
    expect(lines).toEqual(expect.arrayContaining([
      'provider = "oidc"',
      'oidc_issuer_url = "https://kf.example.com/dex"',
      'email_domains = [ "example.com" ]',
      'skip_oidc_discovery = true',
      'login_url = "/dex/auth"',
      'redeem_url = "http://dex.auth.svc.cluster.local:5556/dex/token"',
      'oidc_jwks_url = "http://dex.auth.svc.cluster.local:5556/dex/keys"',
      'cookie_expire = "12h"',
      'set_authorization_header = true',
      'upstreams = [ "static://200" ]',
    ]));
  });

  test('parameters keep upstream\'s keys', () => {
    expect(find(synth(), 'ConfigMap', 'oauth2-proxy-parameters').data).toEqual({ ALLOW_SELF_SIGNED_ISSUER: 'true', ENABLE_M2M_TOKENS: 'true', EXTRA_JWT_ISSUERS: '', FORCE_HTTPS: 'false' });
    const objs = synth({ cookieSecure: true, allowSelfSignedIssuer: false, bearerTokens: false, extraJwtIssuers: ['https://a.example.com=kubeflow', 'https://b.example.com=kf'] });
    expect(find(objs, 'ConfigMap', 'oauth2-proxy-parameters').data).toEqual({
      ALLOW_SELF_SIGNED_ISSUER: 'false', ENABLE_M2M_TOKENS: 'false', EXTRA_JWT_ISSUERS: 'https://a.example.com=kubeflow,https://b.example.com=kf', FORCE_HTTPS: 'true',
    });
  });

  test('client and cookie secrets come from the props, into the Secret the env reads', () => {
    const objs = synth();
    expect(find(objs, 'Secret', 'oauth2-proxy').stringData).toEqual({ 'client-id': client.id, 'client-secret': client.secret, 'cookie-secret': 'k'.repeat(32) });
    const env = find(objs, 'Deployment', 'oauth2-proxy').spec.template.spec.containers[0].env;
    expect(env.slice(0, 3)).toEqual([
      { name: 'OAUTH2_PROXY_CLIENT_ID', valueFrom: { secretKeyRef: { name: 'oauth2-proxy', key: 'client-id' } } },
      { name: 'OAUTH2_PROXY_CLIENT_SECRET', valueFrom: { secretKeyRef: { name: 'oauth2-proxy', key: 'client-secret' } } },
      { name: 'OAUTH2_PROXY_COOKIE_SECRET', valueFrom: { secretKeyRef: { name: 'oauth2-proxy', key: 'cookie-secret' } } },
    ]);
  });

  test('selector, labels and replicas are upstream\'s', () => {
    const d = find(synth(), 'Deployment', 'oauth2-proxy');
    expect((d.metadata as { labels?: unknown }).labels).toEqual({ app: 'oauth2-proxy' });
    expect(d.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'oauth2-proxy' } });
    expect(d.spec.replicas).toBe(2);
    expect(find(synth({ replicas: 3 }), 'Deployment', 'oauth2-proxy').spec.replicas).toBe(3);
  });

  test('a custom sign-in logo replaces the word mark', () => {
    expect(find(synth({ signInLogo: '<svg/>' }), 'ConfigMap', 'oauth2-proxy-theme').data).toEqual({ 'kubeflow-logo.svg': '<svg/>' });
  });

  test('the image goes through the mirror', () => {
    const images = new ImageResolver(catalogFor('26.03'), 'mirror.local/kf');
    expect(find(synth({ images }), 'Deployment', 'oauth2-proxy').spec.template.spec.containers[0].image).toBe('mirror.local/kf/oauth2-proxy/oauth2-proxy:v7.14.3');
  });

  test('the platform config reaches the proxy', () => {
    const store = new EphemeralSecretStore({ 'dex.staticPassword.user@example.com.hash': `$2b$10$${'h'.repeat(53)}` });
    const platform = new KubeflowPlatform(parseConfig({ components: { auth: { oauth2Proxy: { cookieSecure: true, replicas: 1 } } } }), store);
    const objs = platform.manifests() as Obj[];
    expect(find(objs, 'ConfigMap', 'oauth2-proxy-parameters').data.FORCE_HTTPS).toBe('true');
    expect(find(objs, 'Deployment', 'oauth2-proxy').spec.replicas).toBe(1);
    expect(store.entries()['oauth2Proxy.cookieSecret']).toHaveLength(32);
  });
});

describe('auth component snapshot', () => {
  const FIXED = { 'dex.oidcClient.secret': 'c'.repeat(32), 'oauth2Proxy.cookieSecret': 'k'.repeat(32), 'dex.staticPassword.user@example.com.hash': `$2b$10$${'h'.repeat(53)}` };
  test.each(RELEASES)('release %s', (release) => {
    const platform = new KubeflowPlatform(parseConfig({ release }), new EphemeralSecretStore(FIXED));
    expect(withoutCrdSchemas(platform.charts.get('auth')!.toJson())).toMatchSnapshot();
  });
});
