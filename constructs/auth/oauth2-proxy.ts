import { createHash } from 'crypto';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ConfigInput } from '../core/component-config';
import { ComponentContext, resolveContext } from '../core/context';
import { selectorLabels } from '../core/labels';
import { allowSameNamespace } from '../core/network-policy';
import { restrictedContainer } from '../core/security';
import { deployment } from '../core/workload';
import { fromConfigMap, fromSecret } from '../core/env';
import { IN_CLUSTER_ISSUER, oauth2ProxyOptions } from './config';
import { gatewayRoute } from './gateway';
import { DEFAULT_LOGO, LOGO_DIR, LOGO_FILE, proxyCfg, toToml } from './oauth2-proxy-config';

export const PROXY_NAMESPACE = 'oauth2-proxy';
const DEX_SERVICE = 'http://dex.auth.svc.cluster.local:5556/dex';

// replicas, cookieSecure, cookieExpire, allowSelfSignedIssuer, bearerTokens, extraJwtIssuers,
// emailDomains and signInLogo are config fields: their defaults live in the schema.
export interface OAuth2ProxyProps extends ComponentContext, ConfigInput<typeof oauth2ProxyOptions> {
  /** Client id and secret registered at Dex; the secret must be random. */
  readonly client: { readonly id: string; readonly secret: string };
  /** Key of the session cookies: 16, 24 or 32 random characters. */
  readonly cookieSecret: string;
  /** Issuer of the ID tokens (Dex's). @default "http://dex.auth.svc.cluster.local:5556/dex" */
  readonly issuer?: string;
}

/** Env of the proxy set from the `oauth2-proxy-parameters` ConfigMap, by upstream's keys. */
const PARAMETER_ENV: readonly [string, string][] = [
  ['OAUTH2_PROXY_COOKIE_SECURE', 'FORCE_HTTPS'],
  ['OAUTH2_PROXY_SSL_INSECURE_SKIP_VERIFY', 'ALLOW_SELF_SIGNED_ISSUER'],
  ['OAUTH2_PROXY_SKIP_JWT_BEARER_TOKENS', 'ENABLE_M2M_TOKENS'],
  ['OAUTH2_PROXY_EXTRA_JWT_ISSUERS', 'EXTRA_JWT_ISSUERS'],
];
const SECRET_ENV: readonly [string, string][] = [
  ['OAUTH2_PROXY_CLIENT_ID', 'client-id'],
  ['OAUTH2_PROXY_CLIENT_SECRET', 'client-secret'],
  ['OAUTH2_PROXY_COOKIE_SECRET', 'cookie-secret'],
];

/** oauth2-proxy, the login Istio's ingress gateway delegates to (external authorization). */
export class OAuth2Proxy extends Construct {
  constructor(scope: Construct, id: string, props: OAuth2ProxyProps) {
    super(scope, id);
    const { images, sizing, gateways } = resolveContext(props);
    const ns = PROXY_NAMESPACE;
    const name = 'oauth2-proxy';
    const selector = selectorLabels({ 'app.kubernetes.io/name': name });
    const meta = (n: string) => ({ name: n, namespace: ns });

    new k8s.KubeNamespace(this, 'Namespace', { metadata: { name: ns, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } });
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: meta(name) });

    const o = oauth2ProxyOptions.parse({
      replicas: props.replicas, cookieSecure: props.cookieSecure, cookieExpire: props.cookieExpire, allowSelfSignedIssuer: props.allowSelfSignedIssuer,
      bearerTokens: props.bearerTokens, extraJwtIssuers: props.extraJwtIssuers, emailDomains: props.emailDomains, signInLogo: props.signInLogo,
    });
    const cfg = toToml(proxyCfg({
      issuer: props.issuer ?? IN_CLUSTER_ISSUER,
      dexService: DEX_SERVICE,
      emailDomains: o.emailDomains,
      cookieExpire: o.cookieExpire,
    }));
    const parameters = {
      ALLOW_SELF_SIGNED_ISSUER: String(o.allowSelfSignedIssuer),
      ENABLE_M2M_TOKENS: String(o.bearerTokens),
      EXTRA_JWT_ISSUERS: o.extraJwtIssuers.join(','),
      // The schema leaves it to the platform (true on EKS); without one, plain HTTP works.
      FORCE_HTTPS: String(o.cookieSecure ?? false),
    };
    const logo = o.signInLogo ?? DEFAULT_LOGO;
    const secret = { 'client-id': props.client.id, 'client-secret': props.client.secret, 'cookie-secret': props.cookieSecret };
    new k8s.KubeConfigMap(this, 'Config', { metadata: meta(name), data: { 'oauth2_proxy.cfg': cfg } });
    new k8s.KubeConfigMap(this, 'Parameters', { metadata: meta(`${name}-parameters`), data: parameters });
    new k8s.KubeConfigMap(this, 'Theme', { metadata: meta(`${name}-theme`), data: { [LOGO_FILE]: logo } });
    new k8s.KubeSecret(this, 'Secret', { metadata: meta(name), type: 'Opaque', stringData: secret });

    new k8s.KubeService(this, 'Service', {
      metadata: meta(name),
      spec: { type: 'ClusterIP', selector, publishNotReadyAddresses: true, ports: [{ name: 'http', port: 80, targetPort: k8s.IntOrString.fromString('http') }] },
    });
    const checksum = createHash('sha256').update(JSON.stringify([cfg, parameters, logo, secret])).digest('hex');
    const probe = (path: string): k8s.Probe => ({ httpGet: { path, port: k8s.IntOrString.fromString('http'), scheme: 'HTTP' } });
    deployment(this, {
      id: 'Deployment',
      ...meta(name),
      labels: { app: name },
      selector,
      podAnnotations: { 'checksum/config': checksum },
      replicas: o.replicas,
      serviceAccount: name,
      containers: [{
        name,
        image: images.ref('oauth2-proxy/oauth2-proxy'),
        args: ['--http-address=0.0.0.0:4180', '--config=/etc/oauth2_proxy/oauth2_proxy.cfg'],
        env: [
          ...SECRET_ENV.map(([env, key]) => fromSecret(env, { name, key })),
          ...PARAMETER_ENV.map(([env, key]) => fromConfigMap(env, `${name}-parameters`, key)),
        ],
        ports: [{ name: 'http', containerPort: 4180, protocol: 'TCP' }, { name: 'metrics', containerPort: 44180, protocol: 'TCP' }],
        livenessProbe: probe('/ping'),
        readinessProbe: probe('/ready'),
        resources: sizing.resources('small'),
        securityContext: restrictedContainer(),
        volumeMounts: [
          { name: `${name}-config`, mountPath: '/etc/oauth2_proxy/oauth2_proxy.cfg', subPath: 'oauth2_proxy.cfg', readOnly: true },
          { name: `${name}-theme`, mountPath: `${LOGO_DIR}/${LOGO_FILE}`, subPath: LOGO_FILE, readOnly: true },
        ],
      }],
      volumes: [
        { name: `${name}-config`, configMap: { name } },
        { name: `${name}-theme`, configMap: { name: `${name}-theme` } },
      ],
    });
    gatewayRoute(this, gateways, ns, name, '/oauth2/', `${name}.${ns}.svc.cluster.local`, 80);

    new k8s.KubeNetworkPolicy(this, 'NetworkPolicy-allow-istio-ingressgateway', {
      metadata: meta('allow-istio-ingressgateway'),
      spec: {
        podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: [name] }] },
        ingress: [{
          from: [{
            namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [gateways.ingress.namespace] }] },
            podSelector: { matchLabels: { ...gateways.ingress.labels } },
          }],
        }],
        policyTypes: ['Ingress'],
      },
    });
    allowSameNamespace(this, ns, 'default-allow-same-namespace-oauth2-proxy');
  }
}
