import { parseConfig } from '../config/load';
import { PlatformConfigInput } from '../config/schema';
import { EphemeralSecretStore } from '../core/secrets';
import { Manifest } from '../platform/parts';
import { KubeflowPlatform } from '../platform/platform';

type Obj = Manifest & { spec: any };
const FIXED = { 'dex.oidcClient.secret': 'c'.repeat(32), 'oauth2Proxy.cookieSecret': 'k'.repeat(32), 'dex.staticPassword.user@example.com.hash': `$2b$10$${'h'.repeat(53)}` };

function auth(input: PlatformConfigInput): Obj[] {
  const platform = new KubeflowPlatform(parseConfig(input), new EphemeralSecretStore(FIXED));
  return platform.manifests().filter((m) => m.metadata.labels?.['kubeflow-iac.io/component'] === 'auth') as Obj[];
}
const find = (objs: Obj[], kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name);
const rules = (objs: Obj[]) => find(objs, 'RequestAuthentication', 'm2m-token-issuer')?.spec.jwtRules.map((r: any) => ({ issuer: r.issuer, jwksUri: r.jwksUri }));
const headers = [{ header: 'kubeflow-userid', claim: 'sub' }, { header: 'kubeflow-groups', claim: 'groups' }];
const PROXY = 'http://cluster-jwks-proxy.istio-system.svc.cluster.local/openid/v1/jwks';

describe('machine-to-machine tokens per platform layer', () => {
  test.each(['kind', 'generic'] as const)('%s trusts the API server issuer, its keys through cluster-jwks-proxy', (platform) => {
    const objs = auth({ platform });
    expect(rules(objs)).toEqual([
      { issuer: 'https://kubernetes.default.svc.cluster.local', jwksUri: PROXY },
      { issuer: 'https://kubernetes.default.svc', jwksUri: PROXY },
    ]);
    expect(find(objs, 'RequestAuthentication', 'm2m-token-issuer')!.spec.jwtRules[0]).toEqual({
      issuer: 'https://kubernetes.default.svc.cluster.local', jwksUri: PROXY, forwardOriginalToken: true,
      outputClaimToHeaders: headers, fromHeaders: [{ name: 'Authorization', prefix: 'Bearer ' }],
    });
    const proxy = find(objs, 'Deployment', 'cluster-jwks-proxy')!;
    expect(proxy.metadata.namespace).toBe('istio-system');
    expect(proxy.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'cluster-jwks-proxy' } });
    expect(proxy.spec.template.spec.containers[0].args).toContain('--accept-paths=^(?:/openid/v1/jwks)|(?:/.well-known/openid-configuration)$');
  });

  test('EKS trusts the OIDC issuer from the config, keys by discovery', () => {
    const issuer = 'https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF';
    const objs = auth({ platform: 'eks', components: { auth: { m2m: { issuer } } } });
    expect(rules(objs)).toEqual([{ issuer, jwksUri: undefined }]);
    expect(find(objs, 'Deployment', 'cluster-jwks-proxy')).toBeUndefined();
  });

  test('GKE builds the issuer from project, location and cluster', () => {
    const objs = auth({ platform: 'gke', components: { auth: { m2m: { gke: { project: 'ml-prod', location: 'europe-west4', cluster: 'kubeflow' } } } } });
    expect(rules(objs)).toEqual([{ issuer: 'https://container.googleapis.com/v1/projects/ml-prod/locations/europe-west4/clusters/kubeflow', jwksUri: undefined }]);
    expect(find(objs, 'Deployment', 'cluster-jwks-proxy')).toBeUndefined();
  });

  test('an explicit issuer and key URL replace the layer\'s', () => {
    const objs = auth({ platform: 'generic', components: { auth: { m2m: { issuer: 'https://issuer.example.com', jwksUri: 'https://issuer.example.com/keys' } } } });
    expect(rules(objs)).toEqual([{ issuer: 'https://issuer.example.com', jwksUri: 'https://issuer.example.com/keys' }]);
    expect(find(objs, 'Deployment', 'cluster-jwks-proxy')).toBeUndefined();
  });

  test.each([
    ['kind', {}, 'false'], ['generic', {}, 'false'], ['gke', { m2m: { enabled: false } }, 'false'],
    ['eks', { m2m: { enabled: false } }, 'true'], ['eks', { m2m: { enabled: false }, oauth2Proxy: { cookieSecure: false } }, 'false'],
  ] as const)('on %s with %j cookies are Secure: %s', (platform, authInput, expected) => {
    const objs = auth({ platform, components: { auth: authInput } });
    expect(find(objs, 'ConfigMap', 'oauth2-proxy-parameters')!.data).toMatchObject({ FORCE_HTTPS: expected });
  });

  test('m2m off: no token issuer and no proxy', () => {
    const objs = auth({ platform: 'kind', components: { auth: { m2m: { enabled: false } } } });
    expect(find(objs, 'RequestAuthentication', 'm2m-token-issuer')).toBeUndefined();
    expect(find(objs, 'Deployment', 'cluster-jwks-proxy')).toBeUndefined();
  });
});

describe('Istio external authorization', () => {
  test('requests without a bearer token go to oauth2-proxy; requests without a JWT are denied', () => {
    const objs = auth({});
    const open = ['/dex/*', '/dex/**', '/oauth2/*'];
    expect(find(objs, 'AuthorizationPolicy', 'istio-ingressgateway-oauth2-proxy')!.spec).toEqual({
      selector: { matchLabels: { app: 'istio-ingressgateway' } },
      action: 'CUSTOM',
      provider: { name: 'oauth2-proxy' },
      rules: [{ to: [{ operation: { notPaths: open } }], when: [{ key: 'request.headers[authorization]', notValues: ['*'] }] }],
    });
    expect(find(objs, 'AuthorizationPolicy', 'istio-ingressgateway-require-jwt')!.spec).toEqual({
      selector: { matchLabels: { app: 'istio-ingressgateway' } },
      action: 'DENY',
      rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }], to: [{ operation: { notPaths: open } }] }],
    });
  });

  test('Dex tokens name the user by email, at the issuer configured', () => {
    const objs = auth({ components: { auth: { dex: { issuer: 'https://kf.example.com/dex' } } } });
    expect(find(objs, 'RequestAuthentication', 'dex-jwt')!.spec.jwtRules).toEqual([{
      issuer: 'https://kf.example.com/dex', forwardOriginalToken: true,
      outputClaimToHeaders: [{ header: 'kubeflow-userid', claim: 'email' }, { header: 'kubeflow-groups', claim: 'groups' }],
      fromHeaders: [{ name: 'Authorization', prefix: 'Bearer ' }],
    }]);
  });

  test('Dex and oauth2-proxy are routed at the Kubeflow gateway', () => {
    const objs = auth({});
    expect(['dex', 'oauth2-proxy'].map((n) => find(objs, 'VirtualService', n)!.spec.gateways)).toEqual([['kubeflow/kubeflow-gateway'], ['kubeflow/kubeflow-gateway']]);
  });
});
