import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { injectCaFrom, serviceDnsNames, WebhookCertificate } from '../core/certificate';
import { ComponentContext, resolveContext } from '../core/context';
import { selectorLabels } from '../core/labels';
import { clusterRole, clusterRoleBinding, READ, rule, serviceAccount } from '../core/rbac';
import { restrictedContainer, restrictedPod } from '../core/security';

export interface PodDefaultsWebhookProps extends ComponentContext {
  /** @default "kubeflow" */
  readonly namespace?: string;
  /** Namespaces whose pods get PodDefaults applied, by label. @default `app.kubernetes.io/part-of: kubeflow-profile` (tenant namespaces) */
  readonly namespaceSelector?: Readonly<Record<string, string>>;
}

const NAME = 'admission-webhook';
const SERVICE = `${NAME}-service`;
const SA = `${NAME}-service-account`;
const PORT = 4443;
const CERT_DIR = '/etc/webhook/certs';
const AGG = 'rbac.authorization.kubeflow.org/aggregate-to-kubeflow';

/**
 * The PodDefaults admission webhook: when a pod is created in a tenant namespace, it
 * merges in the env, volumes, labels and the rest of every PodDefault whose selector
 * matches the pod (the notebook form's "configurations").
 */
export class PodDefaultsWebhook extends Construct {
  constructor(scope: Construct, id: string, props: PodDefaultsWebhookProps = {}) {
    super(scope, id);
    const { images, sizing } = resolveContext(props);
    const ns = props.namespace ?? 'kubeflow';
    const labels = {
      app: 'poddefaults',
      'app.kubernetes.io/component': 'poddefaults',
      'app.kubernetes.io/name': 'poddefaults',
      'kustomize.component': 'poddefaults',
    };
    const meta = { labels };

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: SA, namespace: ns, labels } });
    clusterRole(this, `${NAME}-cluster-role`, [rule('kubeflow.org', ['poddefaults'], ['get', 'watch', 'list', 'update', 'create', 'patch', 'delete'])], meta);
    // Tenants' rights on PodDefaults, aggregated into kubeflow-admin/edit/view.
    const agg = (to: string) => ({ [`${AGG}-${to}`]: 'true' });
    const selecting = (of: string) => ({ clusterRoleSelectors: [{ matchLabels: agg(of) }] });
    clusterRole(this, `${NAME}-kubeflow-poddefaults-admin`, [], { labels: { ...labels, ...agg('admin') }, aggregationRule: selecting('poddefaults-admin') });
    clusterRole(this, `${NAME}-kubeflow-poddefaults-edit`, [], { labels: { ...labels, ...agg('edit') }, aggregationRule: selecting('poddefaults-edit') });
    clusterRole(this, `${NAME}-kubeflow-poddefaults-view`, [rule('kubeflow.org', ['poddefaults'], READ)], {
      labels: { ...labels, ...agg('poddefaults-admin'), ...agg('poddefaults-edit'), ...agg('view') },
    });
    clusterRoleBinding(this, `${NAME}-cluster-role-binding`, `${NAME}-cluster-role`, [serviceAccount(ns, SA)], meta);

    new k8s.KubeService(this, 'Service', {
      metadata: { name: SERVICE, namespace: ns, labels },
      spec: { ports: [{ name: 'https-webhook', port: 443, targetPort: k8s.IntOrString.fromString('https-webhook') }], selector: selectorLabels(labels) },
    });

    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: { name: `${NAME}-deployment`, namespace: ns, labels },
      spec: {
        replicas: sizing.replicas,
        selector: { matchLabels: selectorLabels(labels) },
        template: {
          // No sidecar: the API server calls the webhook without a mesh identity.
          metadata: { labels: { ...labels, 'sidecar.istio.io/inject': 'false' } },
          spec: {
            serviceAccountName: SA,
            securityContext: restrictedPod(),
            containers: [{
              name: NAME,
              image: images.ref('profiles/poddefaults-webhook'),
              args: [`--tlsCertFile=${CERT_DIR}/tls.crt`, `--tlsKeyFile=${CERT_DIR}/tls.key`],
              ports: [{ containerPort: PORT, name: 'https-webhook' }],
              resources: sizing.resources('small'),
              securityContext: restrictedContainer({ runAsUser: 65532 }),
              volumeMounts: [{ mountPath: CERT_DIR, name: 'webhook-cert', readOnly: true }],
            }],
            volumes: [{ name: 'webhook-cert', secret: { secretName: 'webhook-certs' } }],
          },
        },
      },
    });

    new WebhookCertificate(this, 'Certificate', {
      namespace: ns,
      issuer: `${NAME}-selfsigned-issuer`,
      certificate: `${NAME}-cert`,
      secretName: 'webhook-certs',
      commonName: `${SERVICE}.${ns}.svc`,
      dnsNames: serviceDnsNames(SERVICE, ns),
      isCA: true,
      labels,
    });

    new k8s.KubeMutatingWebhookConfiguration(this, 'Webhook', {
      metadata: { name: `${NAME}-mutating-webhook-configuration`, labels, annotations: injectCaFrom(ns, `${NAME}-cert`) },
      webhooks: [{
        name: `${NAME}-deployment.kubeflow.org`,
        admissionReviewVersions: ['v1beta1', 'v1'],
        clientConfig: { service: { name: SERVICE, namespace: ns, path: '/apply-poddefault' } },
        failurePolicy: 'Fail',
        namespaceSelector: { matchLabels: { ...(props.namespaceSelector ?? { 'app.kubernetes.io/part-of': 'kubeflow-profile' }) } },
        rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }],
        sideEffects: 'None',
      }],
    });
  }
}
