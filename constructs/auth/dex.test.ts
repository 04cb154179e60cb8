import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { parseConfig } from '../config/load';
import { EphemeralSecretStore } from '../core/secrets';
import { KubeflowPlatform } from '../platform/platform';
import { ConnectorConfig } from './connectors';
import { Dex, DexProps } from './dex';

const authKeys = (store: EphemeralSecretStore) => store.generated.filter((k) => /^(dex|oauth2Proxy)\./.test(k)).sort();
type Obj = { kind: string; metadata: { name: string; namespace?: string }; [k: string]: any };

const HASH = `$2b$10$${'h'.repeat(53)}`;
const client = { id: 'kubeflow-oidc-authservice', secret: 'client-secret-from-the-store' };

function synth(props: Partial<DexProps> = {}): Obj[] {
  const chart = Testing.chart();
  new Dex(chart, 'dex', { client, ...props });
  return Testing.synth(chart) as Obj[];
}
const find = (objs: Obj[], kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name)!;
const dexConfigOf = (objs: Obj[]) => parse(find(objs, 'ConfigMap', 'dex').data['config.yaml']);
const container = (objs: Obj[]) => find(objs, 'Deployment', 'dex').spec.template.spec.containers[0];
const ref = (name: string, key: string) => ({ name, key });

describe('Dex connectors render to the config Dex reads', () => {
  const callback = 'https://kf.example.com/dex/callback';
  test.each<[string, ConnectorConfig, Record<string, unknown>, string[]]>([
    ['oidc',
      { type: 'oidc', id: 'corp', name: 'Corp SSO', issuer: 'https://sso.example.com', clientID: 'kf', clientSecret: ref('corp-oidc', 'secret'), scopes: ['openid', 'email', 'groups'], insecureEnableGroups: true, claimMapping: { groups: 'roles' } },
      { type: 'oidc', id: 'corp', name: 'Corp SSO', config: { issuer: 'https://sso.example.com', clientID: 'kf', clientSecret: '$DEX_CONNECTOR_CORP_CLIENT_SECRET', redirectURI: callback, scopes: ['openid', 'email', 'groups'], insecureEnableGroups: true, claimMapping: { groups: 'roles' } } },
      ['DEX_CONNECTOR_CORP_CLIENT_SECRET']],
    ['ldap',
      { type: 'ldap', id: 'ad', name: 'Active Directory', host: 'ldap.example.com:636', bindDN: 'cn=kf,dc=example,dc=com', bindPW: ref('ldap-bind', 'password'), userSearch: { baseDN: 'ou=people,dc=example,dc=com', filter: '(objectClass=person)', username: 'uid', idAttr: 'uid', emailAttr: 'mail', nameAttr: 'cn' }, groupSearch: { baseDN: 'ou=groups,dc=example,dc=com', userMatchers: [{ userAttr: 'DN', groupAttr: 'member' }], nameAttr: 'cn' } },
      { type: 'ldap', id: 'ad', name: 'Active Directory', config: { host: 'ldap.example.com:636', bindDN: 'cn=kf,dc=example,dc=com', bindPW: '$DEX_CONNECTOR_AD_BIND_PW', userSearch: { baseDN: 'ou=people,dc=example,dc=com', filter: '(objectClass=person)', username: 'uid', idAttr: 'uid', emailAttr: 'mail', nameAttr: 'cn' }, groupSearch: { baseDN: 'ou=groups,dc=example,dc=com', userMatchers: [{ userAttr: 'DN', groupAttr: 'member' }], nameAttr: 'cn' } } },
      ['DEX_CONNECTOR_AD_BIND_PW']],
    ['github',
      { type: 'github', id: 'gh', name: 'GitHub', clientID: 'Iv1.abc', clientSecret: ref('gh', 'secret'), orgs: [{ name: 'acme', teams: ['ml'] }], teamNameField: 'slug' },
      { type: 'github', id: 'gh', name: 'GitHub', config: { clientID: 'Iv1.abc', clientSecret: '$DEX_CONNECTOR_GH_CLIENT_SECRET', redirectURI: callback, orgs: [{ name: 'acme', teams: ['ml'] }], teamNameField: 'slug' } },
      ['DEX_CONNECTOR_GH_CLIENT_SECRET']],
    ['google',
      { type: 'google', id: 'google', name: 'Google', clientID: 'x.apps.googleusercontent.com', clientSecret: ref('google', 'secret'), hostedDomains: ['example.com'], redirectURI: 'https://other.example.com/dex/callback' },
      { type: 'google', id: 'google', name: 'Google', config: { clientID: 'x.apps.googleusercontent.com', clientSecret: '$DEX_CONNECTOR_GOOGLE_CLIENT_SECRET', redirectURI: 'https://other.example.com/dex/callback', hostedDomains: ['example.com'] } },
      ['DEX_CONNECTOR_GOOGLE_CLIENT_SECRET']],
    ['microsoft',
      { type: 'microsoft', id: 'entra-id', name: 'Microsoft', clientID: 'guid', clientSecret: ref('entra', 'secret'), tenant: 'organizations', groups: ['ml-users'] },
      { type: 'microsoft', id: 'entra-id', name: 'Microsoft', config: { clientID: 'guid', clientSecret: '$DEX_CONNECTOR_ENTRA_ID_CLIENT_SECRET', redirectURI: callback, tenant: 'organizations', groups: ['ml-users'] } },
      ['DEX_CONNECTOR_ENTRA_ID_CLIENT_SECRET']],
    ['saml',
      { type: 'saml', id: 'saml', name: 'SAML', ssoURL: 'https://idp.example.com/sso', caData: 'LS0tLS1CRUdJTg==', usernameAttr: 'name', emailAttr: 'email', groupsAttr: 'groups' },
      { type: 'saml', id: 'saml', name: 'SAML', config: { ssoURL: 'https://idp.example.com/sso', caData: 'LS0tLS1CRUdJTg==', redirectURI: callback, usernameAttr: 'name', emailAttr: 'email', groupsAttr: 'groups' } },
      []],
  ])('%s', (_, connector, expected, envNames) => {
    const objs = synth({ connectors: [connector], externalUrl: 'https://kf.example.com/dex/' });
    expect(dexConfigOf(objs).connectors).toEqual([expected]);
    const env = container(objs).env.filter((e: { name: string }) => e.name.startsWith('DEX_CONNECTOR_'));
    expect(env.map((e: { name: string }) => e.name)).toEqual(envNames);
    if ('clientSecret' in connector) {
      expect(env[0].valueFrom).toEqual({ secretKeyRef: connector.clientSecret });
    }
  });
});

describe('Dex', () => {
  test('static users are listed by hash reference; the hashes live in the dex-passwords Secret', () => {
    const objs = synth({ staticPasswords: [{ email: 'user@example.com', hash: HASH }, { email: 'alice@example.com', hash: HASH.replace('h', 'a'), username: 'alice', userID: 'a-1' }] });
    const cfg = dexConfigOf(objs);
    expect(cfg.enablePasswordDB).toBe(true);
    expect(cfg.staticPasswords).toEqual([
      { email: 'user@example.com', hashFromEnv: 'DEX_USER_PASSWORD', username: 'user', userID: 'b4c9a289323b21a01c3e940f150eb9b8' },
      { email: 'alice@example.com', hashFromEnv: 'DEX_USER_PASSWORD_2', username: 'alice', userID: 'a-1' },
    ]);
    expect(find(objs, 'Secret', 'dex-passwords').stringData).toEqual({ DEX_USER_PASSWORD: HASH, DEX_USER_PASSWORD_2: HASH.replace('h', 'a') });
    expect(JSON.stringify(cfg)).not.toContain('$2b$');
  });

  test('without static users the password database is off', () => {
    const cfg = dexConfigOf(synth({ connectors: [{ type: 'ldap', id: 'ldap', name: 'LDAP', host: 'ldap:389', insecureNoSSL: true, userSearch: { baseDN: 'dc=x', username: 'uid', idAttr: 'uid', emailAttr: 'mail', nameAttr: 'cn' } }] }));
    expect(cfg.enablePasswordDB).toBe(false);
    expect(cfg.staticPasswords).toBeUndefined();
  });

  test('the client is referenced by environment, and its secret is the one given', () => {
    const objs = synth();
    expect(dexConfigOf(objs).staticClients).toEqual([{ idEnv: 'OIDC_CLIENT_ID', redirectURIs: ['/oauth2/callback'], name: 'Dex Login Application', secretEnv: 'OIDC_CLIENT_SECRET' }]);
    expect(find(objs, 'Secret', 'dex-oidc-client').stringData).toEqual({ OIDC_CLIENT_ID: client.id, OIDC_CLIENT_SECRET: client.secret });
    expect(container(objs).envFrom).toEqual([{ secretRef: { name: 'dex-oidc-client' } }, { secretRef: { name: 'dex-passwords' } }]);
  });

  test('issuer, log level and replicas', () => {
    const objs = synth({ issuer: 'https://kf.example.com/dex', logLevel: 'info', replicas: 3 });
    expect(dexConfigOf(objs)).toMatchObject({ issuer: 'https://kf.example.com/dex', logger: { level: 'info', format: 'text' }, storage: { type: 'kubernetes', config: { inCluster: true } } });
    expect(find(objs, 'Deployment', 'dex').spec.replicas).toBe(3);
  });

  test('a changed secret rolls the pods', () => {
    const annotation = (objs: Obj[]) => find(objs, 'Deployment', 'dex').spec.template.metadata.annotations['checksum/config'];
    expect(annotation(synth())).toEqual(annotation(synth()));
    expect(annotation(synth({ client: { ...client, secret: 'other' } }))).not.toEqual(annotation(synth()));
  });

  test('selector and service are upstream\'s', () => {
    const objs = synth();
    expect(find(objs, 'Deployment', 'dex').spec.selector).toEqual({ matchLabels: { app: 'dex' } });
    expect(find(objs, 'Service', 'dex').spec).toEqual({ type: 'ClusterIP', selector: { app: 'dex' }, ports: [{ name: 'dex', port: 5556, protocol: 'TCP', targetPort: 5556 }] });
  });

  test('the AuthCode CRD keeps fields of Dex versions it does not list', () => {
    const crd = find(synth(), 'CustomResourceDefinition', 'authcodes.dex.coreos.com');
    expect(crd.spec.scope).toBe('Namespaced');
    expect(crd.spec.versions.map((v: any) => [v.name, v.served, v.storage])).toEqual([['v1', true, true]]);
    expect(crd.spec.versions[0].schema.openAPIV3Schema['x-kubernetes-preserve-unknown-fields']).toBe(true);
  });
});

describe('Dex in the platform', () => {
  test('the default user gets a generated password; only its hash is written', () => {
    const store = new EphemeralSecretStore();
    const platform = new KubeflowPlatform(parseConfig({}), store);
    const text = JSON.stringify(platform.manifests());
    const password = store.entries()['dex.staticPassword.user@example.com'];
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(text).not.toContain(password);
    expect(text).toContain(store.entries()['dex.staticPassword.user@example.com.hash']);
    expect(authKeys(store)).toEqual(['dex.oidcClient.secret', 'dex.staticPassword.user@example.com', 'dex.staticPassword.user@example.com.hash', 'oauth2Proxy.cookieSecret']);
  });

  test('a password put in the store is hashed, and bcrypt accepts it', async () => {
    const { compareSync } = await import('bcryptjs');
    const store = new EphemeralSecretStore({ 'dex.staticPassword.user@example.com': 'correct horse battery staple' });
    new KubeflowPlatform(parseConfig({}), store);
    expect(compareSync('correct horse battery staple', store.entries()['dex.staticPassword.user@example.com.hash'])).toBe(true);
  });

  test('configured users and connectors replace the default user', () => {
    const store = new EphemeralSecretStore();
    const platform = new KubeflowPlatform(parseConfig({ components: { auth: { dex: { staticUsers: [{ email: 'alice@example.com', hash: HASH }] } } } }), store);
    const dex = parse((platform.manifests().find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'dex') as Obj).data['config.yaml']);
    expect(dex.staticPasswords.map((u: { email: string }) => u.email)).toEqual(['alice@example.com']);
    expect(authKeys(store)).toEqual(['dex.oidcClient.secret', 'oauth2Proxy.cookieSecret']);
    const withConnector = new KubeflowPlatform(parseConfig({ components: { auth: { dex: { externalUrl: 'https://kf.example.com/dex', connectors: [{ type: 'github', id: 'gh', name: 'GitHub', clientID: 'a', clientSecret: { name: 'gh', key: 'k' } }] } } } }), new EphemeralSecretStore());
    const dex2 = parse((withConnector.manifests().find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'dex') as Obj).data['config.yaml']);
    expect(dex2.enablePasswordDB).toBe(false);
  });
});

// The release's replica count (dexReplicas) unless the config names one.
test.each([
  ['26.03', undefined, 1],
  ['26.03.1', undefined, 2],
  ['26.03.1', 1, 1],
  ['v1.11.0', 3, 3],
] as const)('release %s with dex.replicas %s runs %i Dex pods', (release, replicas, expected) => {
  const objs = new KubeflowPlatform(parseConfig({ release, components: { auth: { dex: replicas === undefined ? {} : { replicas } } } }), new EphemeralSecretStore()).manifests() as unknown as Obj[];
  expect(find(objs, 'Deployment', 'dex').spec.replicas).toBe(expected);
});
