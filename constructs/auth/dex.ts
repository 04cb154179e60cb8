import { createHash } from 'crypto';
import { ApiObject, JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { ConfigInput } from '../core/component-config';
import { ComponentContext, resolveContext } from '../core/context';
import { Crd } from '../core/crd';
import { allowSameNamespace } from '../core/network-policy';
import { clusterRole, clusterRoleBinding, rule, serviceAccount } from '../core/rbac';
import { array, embedded, string } from '../core/schema';
import { restrictedContainer } from '../core/security';
import { deployment } from '../core/workload';
import { selectorLabels } from '../core/labels';
import { fromSecret, podNamespaceEnv } from '../core/env';
import { CLIENT_ID_ENV, CLIENT_SECRET_ENV, dexConfig, passwordEnv, StaticPassword } from './dex-config';
import { dexOptions } from './config';
import { gatewayRoute, matchLabelsPeer } from './gateway';

export const DEX_NAMESPACE = 'auth';
const PORT = 5556;

// issuer, externalUrl, logLevel, replicas and connectors are config fields: their defaults live in the schema.
export interface DexProps extends ComponentContext, ConfigInput<typeof dexOptions> {
  /** The OAuth client oauth2-proxy uses; the secret must be random (never a constant). */
  readonly client: { readonly id: string; readonly secret: string };
  /** Users of Dex's password database, with bcrypt hashes. @default none */
  readonly staticPasswords?: readonly StaticPassword[];
}

const labels = selectorLabels({ app: 'dex' });

/** Dex, the OIDC provider Kubeflow users log in at: namespace `auth`, routed at `/dex/`. */
export class Dex extends Construct {
  constructor(scope: Construct, id: string, props: DexProps) {
    super(scope, id);
    const { images, sizing, gateways } = resolveContext(props);
    const ns = DEX_NAMESPACE;
    const users = props.staticPasswords ?? [];
    const o = dexOptions.parse({ issuer: props.issuer, externalUrl: props.externalUrl, logLevel: props.logLevel, replicas: props.replicas, connectors: props.connectors });
    const { config, env } = dexConfig({
      issuer: o.issuer,
      logLevel: o.logLevel,
      staticPasswords: users,
      connectors: o.connectors,
      callback: o.externalUrl ? `${o.externalUrl.replace(/\/+$/, '')}/callback` : undefined,
    });

    new k8s.KubeNamespace(this, 'Namespace', { metadata: { name: ns, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } });
    authCodeCrd(this);
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: 'dex', namespace: ns } });
    // Dex creates the rest of its storage CRDs itself at start.
    clusterRole(this, 'dex', [rule('dex.coreos.com', ['*'], ['*']), rule('apiextensions.k8s.io', ['customresourcedefinitions'], ['create'])]);
    clusterRoleBinding(this, 'dex', 'dex', [serviceAccount(ns, 'dex')]);

    const configYaml = stringify(config, { lineWidth: 0 });
    new k8s.KubeConfigMap(this, 'ConfigMap', { metadata: { name: 'dex', namespace: ns }, data: { 'config.yaml': configYaml } });
    const clientData = { [CLIENT_ID_ENV]: props.client.id, [CLIENT_SECRET_ENV]: props.client.secret };
    const passwordData = Object.fromEntries(users.map((u, i) => [passwordEnv(i), u.hash]));
    new k8s.KubeSecret(this, 'ClientSecret', { metadata: { name: 'dex-oidc-client', namespace: ns }, type: 'Opaque', stringData: clientData });
    new k8s.KubeSecret(this, 'Passwords', { metadata: { name: 'dex-passwords', namespace: ns }, type: 'Opaque', stringData: passwordData });

    new k8s.KubeService(this, 'Service', {
      metadata: { name: 'dex', namespace: ns },
      spec: { type: 'ClusterIP', selector: labels, ports: [{ name: 'dex', port: PORT, protocol: 'TCP', targetPort: k8s.IntOrString.fromNumber(PORT) }] },
    });
    // Config and secrets are mounted, not watched: a checksum rolls the pods when they change.
    const checksum = createHash('sha256').update(JSON.stringify([configYaml, clientData, passwordData])).digest('hex');
    deployment(this, {
      id: 'Deployment',
      name: 'dex',
      namespace: ns,
      labels,
      podAnnotations: { 'checksum/config': checksum },
      replicas: o.replicas ?? 1, // the schema leaves replicas to the release (platform.ts); one without it
      serviceAccount: 'dex',
      containers: [{
        name: 'dex',
        image: images.ref('dex/dex'),
        command: ['dex', 'serve', '/etc/dex/cfg/config.yaml'],
        env: [
          podNamespaceEnv('KUBERNETES_POD_NAMESPACE'),
          ...env.map((e) => fromSecret(e.name, e.ref)),
        ],
        envFrom: [{ secretRef: { name: 'dex-oidc-client' } }, { secretRef: { name: 'dex-passwords' } }],
        ports: [{ name: 'http', containerPort: PORT }],
        readinessProbe: {
          httpGet: { path: '/dex/healthz', port: k8s.IntOrString.fromNumber(PORT) },
          initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3,
        },
        resources: sizing.resources('small'),
        securityContext: restrictedContainer({ runAsUser: 1001, runAsGroup: 1001 }),
        volumeMounts: [{ name: 'config', mountPath: '/etc/dex/cfg' }],
      }],
      volumes: [{ name: 'config', configMap: { name: 'dex', items: [{ key: 'config.yaml', path: 'config.yaml' }] } }],
    });
    gatewayRoute(this, gateways, ns, 'dex', '/dex/', `dex.${ns}.svc.cluster.local`, PORT);

    new k8s.KubeNetworkPolicy(this, 'NetworkPolicy-allow-istio-and-oauth2-proxy', {
      metadata: { name: 'allow-istio-and-oauth2-proxy', namespace: ns },
      spec: {
        podSelector: { matchLabels: labels },
        ingress: [{
          from: [
            matchLabelsPeer(gateways.ingress.namespace, gateways.ingress.labels),
            matchLabelsPeer('istio-system', { app: 'istiod' }),
            matchLabelsPeer('oauth2-proxy', { 'app.kubernetes.io/name': 'oauth2-proxy' }),
          ],
        }],
        policyTypes: ['Ingress'],
      },
    });
    allowSameNamespace(this, ns, 'default-allow-same-namespace-auth');
  }
}

/**
 * Dex keeps state in its own custom resources and creates all but this one itself.
 * The fields are Dex's storage format and change with Dex versions, so unknown fields are
 * kept (as upstream does): pruning one, e.g. the PKCE challenge, would break logins.
 */
function authCodeCrd(scope: Construct): void {
  const crd = new Crd(scope, 'AuthCodeCrd', {
    group: 'dex.coreos.com',
    kind: 'AuthCode',
    scope: 'Namespaced',
    versions: [{
      name: 'v1',
      storage: true,
      topLevel: { clientID: string(), redirectURI: string(), scopes: array(string()), nonce: string(), connectorID: string(), expiry: string({ format: 'date-time' }), claims: embedded() },
    }],
  });
  (crd.resource as ApiObject).addJsonPatch(JsonPatch.add('/spec/versions/0/schema/openAPIV3Schema/x-kubernetes-preserve-unknown-fields', true));
}
