import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { injectCaFrom, WebhookCertificate } from '../core/certificate';
import { ImageResolver } from '../core/images';
import { Sizing } from '../core/sizing';
import { INSTALL_CONFIG, kfpApp, NAMESPACE } from './names';
import { DatabaseWiring } from './settings';
import { deployment, env, fromConfigMap, fromSecret, kfpContainerSecurity, service } from './workload';

export interface CacheServerProps {
  readonly images: ImageResolver;
  readonly sizing: Sizing;
  readonly db: DatabaseWiring;
}

const CERT = 'kfp-cache-cert';
const TLS_SECRET = 'webhook-server-tls';
const install = (name: string, key: string) => fromConfigMap(name, INSTALL_CONFIG, key);

/**
 * The cache server: a mutating webhook on pipeline pods (those labelled
 * `pipelines.kubeflow.org/cache_enabled`) that swaps a cached step for a no-op.
 */
export class CacheServer extends Construct {
  constructor(scope: Construct, id: string, props: CacheServerProps) {
    super(scope, id);
    const { images, sizing, db } = props;
    const labels = kfpApp('cache-server');
    const certLabels = { app: 'cache-server-cert-manager' };
    new WebhookCertificate(this, 'Certificate', {
      namespace: NAMESPACE,
      issuer: 'kfp-cache-selfsigned-issuer',
      certificate: CERT,
      commonName: CERT,
      secretName: TLS_SECRET,
      dnsNames: ['cache-server', `cache-server.${NAMESPACE}`, `cache-server.${NAMESPACE}.svc`],
      isCA: true,
      labels: certLabels,
    });
    // Flags reference env vars so the database settings stay in one place.
    const flags = ['driver', 'host=$(DBCONFIG_HOST_NAME)', 'port', 'name=$(DBCONFIG_DB_NAME)', 'user', 'password'];
    deployment(this, {
      name: 'cache-server',
      labels,
      replicas: sizing.replicas,
      serviceAccount: 'kubeflow-pipelines-cache',
      volumes: [{ name: 'webhook-tls-certs', secret: { secretName: TLS_SECRET } }],
      containers: [{
        name: 'server',
        image: images.ref('pipelines/cache-server'),
        imagePullPolicy: 'IfNotPresent',
        args: [
          ...flags.map((f) => (f.includes('=') ? `--db_${f}` : `--db_${f}=$(DBCONFIG_${f.toUpperCase()})`)),
          '--namespace_to_watch=$(NAMESPACE_TO_WATCH)',
          '--listen_port=$(WEBHOOK_PORT)',
          '--tls_cert_filename=tls.crt',
          '--tls_key_filename=tls.key',
        ],
        env: [
          env('NAMESPACE_TO_WATCH', ''),
          install('DEFAULT_CACHE_STALENESS', 'DEFAULT_CACHE_STALENESS'),
          install('MAXIMUM_CACHE_STALENESS', 'MAXIMUM_CACHE_STALENESS'),
          install('CACHE_IMAGE', 'cacheImage'),
          install('CACHE_NODE_RESTRICTIONS', 'cacheNodeRestrictions'),
          env('DBCONFIG_DRIVER', 'mysql'),
          install('DBCONFIG_DB_NAME', 'cacheDb'),
          install('DBCONFIG_HOST_NAME', 'dbHost'),
          install('DBCONFIG_PORT', 'dbPort'),
          fromSecret('DBCONFIG_USER', db.user),
          fromSecret('DBCONFIG_PASSWORD', db.password),
          env('WEBHOOK_PORT', 8443),
        ],
        ports: [{ name: 'webhook-api', containerPort: 8443 }],
        resources: sizing.resources('small'),
        securityContext: kfpContainerSecurity(),
        volumeMounts: [{ name: 'webhook-tls-certs', mountPath: '/etc/webhook/certs', readOnly: true }],
      }],
    });
    service(this, 'cache-server', labels, labels, [{ port: 443, target: 'webhook-api' }]);
    new k8s.KubeMutatingWebhookConfiguration(this, 'Webhook', {
      metadata: { name: 'cache-webhook-kubeflow', labels: certLabels, annotations: injectCaFrom(NAMESPACE, CERT) },
      webhooks: [{
        name: 'cache-server.kubeflow.svc',
        admissionReviewVersions: ['v1beta1'],
        clientConfig: { service: { name: 'cache-server', namespace: NAMESPACE, path: '/mutate' } },
        // A cache miss must never block a pipeline pod.
        failurePolicy: 'Ignore',
        objectSelector: { matchLabels: { 'pipelines.kubeflow.org/cache_enabled': 'true' } },
        rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }],
        sideEffects: 'None',
        timeoutSeconds: 5,
      }],
    });
  }
}
