import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { injectCaFrom, serviceDnsNames, WebhookCertificate } from '../core/certificate';
import { ComponentContext, resolveContext } from '../core/context';
import { selectorLabels } from '../core/labels';
import { clusterRole, clusterRoleBinding, READ, rule, serviceAccount } from '../core/rbac';
import { restrictedContainer } from '../core/security';
import { deployment } from '../core/workload';
import { ingressPolicy } from '../core/network-policy';
import { metadataLabels, PodDefaultsLayout } from '../catalog/dashboard-features';

export interface PodDefaultsWebhookProps extends ComponentContext {
  /** @default "kubeflow" */
  readonly namespace?: string;
  /** Namespaces whose pods get PodDefaults applied, by label. @default `app.kubernetes.io/part-of: kubeflow-profile` (tenant namespaces) */
  readonly namespaceSelector?: Readonly<Record<string, string>>;
  /** Object names, selectors and upstream layout. @default the release catalog's `podDefaultsLayout` */
  readonly layout?: PodDefaultsLayout;
}

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
    const layout = props.layout ?? images.catalog.features.podDefaultsLayout;
    const name = layout.prefix;
    const service = `${name}-service`;
    const sa = `${name}-service-account`;
    const ns = props.namespace ?? 'kubeflow';
    const selector = selectorLabels(layout.selector);
    const labels = metadataLabels(layout);
    const meta = { labels };

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: sa, namespace: ns, labels } });
    clusterRole(this, `${name}-cluster-role`, [rule('kubeflow.org', ['poddefaults'], ['get', 'watch', 'list', 'update', 'create', 'patch', 'delete'])], meta);
    // Tenants' rights on PodDefaults, aggregated into kubeflow-admin/edit/view.
    const agg = (to: string) => ({ [`${AGG}-${to}`]: 'true' });
    const selecting = (of: string) => ({ clusterRoleSelectors: [{ matchLabels: agg(of) }] });
    clusterRole(this, `${name}-kubeflow-poddefaults-admin`, [], { labels: { ...labels, ...agg('admin') }, aggregationRule: selecting('poddefaults-admin') });
    clusterRole(this, `${name}-kubeflow-poddefaults-edit`, [], { labels: { ...labels, ...agg('edit') }, aggregationRule: selecting('poddefaults-edit') });
    clusterRole(this, `${name}-kubeflow-poddefaults-view`, [rule('kubeflow.org', ['poddefaults'], READ)], {
      labels: { ...labels, ...agg('poddefaults-admin'), ...agg('poddefaults-edit'), ...agg('view') },
    });
    clusterRoleBinding(this, `${name}-cluster-role-binding`, `${name}-cluster-role`, [serviceAccount(ns, sa)], meta);

    new k8s.KubeService(this, 'Service', {
      metadata: { name: service, namespace: ns, labels },
      spec: { ports: [{ name: 'https-webhook', port: 443, targetPort: k8s.IntOrString.fromString('https-webhook') }], selector },
    });

    deployment(this, {
      id: 'Deployment',
      name: `${name}-deployment`,
      namespace: ns,
      labels,
      selector,
      // No sidecar: the API server calls the webhook without a mesh identity.
      podLabels: { 'sidecar.istio.io/inject': 'false' },
      ...(layout.defaultContainerAnnotation ? { podAnnotations: { 'kubectl.kubernetes.io/default-container': name } } : {}),
      replicas: sizing.replicas,
      serviceAccount: sa,
      containers: [{
        name,
        image: images.ref('profiles/poddefaults-webhook'),
        args: [`--tlsCertFile=${CERT_DIR}/tls.crt`, `--tlsKeyFile=${CERT_DIR}/tls.key`],
        ports: [{ containerPort: PORT, name: 'https-webhook' }],
        resources: sizing.resources('small'),
        securityContext: restrictedContainer({ runAsUser: 65532 }),
        volumeMounts: [{ mountPath: CERT_DIR, name: 'webhook-cert', readOnly: true }],
      }],
      volumes: [{ name: 'webhook-cert', secret: { secretName: layout.certSecret } }],
    });

    new WebhookCertificate(this, 'Certificate', {
      namespace: ns,
      issuer: `${name}-selfsigned-issuer`,
      certificate: `${name}-cert`,
      secretName: layout.certSecret,
      commonName: `${service}.${ns}.svc`,
      dnsNames: serviceDnsNames(service, ns),
      isCA: true,
      labels,
    });

    new k8s.KubeMutatingWebhookConfiguration(this, 'Webhook', {
      metadata: { name: `${name}-mutating-webhook-configuration`, labels, annotations: injectCaFrom(ns, `${name}-cert`) },
      webhooks: [{
        name: `${name}-deployment.kubeflow.org`,
        admissionReviewVersions: ['v1beta1', 'v1'],
        clientConfig: { service: { name: service, namespace: ns, path: '/apply-poddefault' } },
        failurePolicy: 'Fail',
        namespaceSelector: { matchLabels: { ...(props.namespaceSelector ?? { 'app.kubernetes.io/part-of': 'kubeflow-profile' }) } },
        rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }],
        sideEffects: 'None',
      }],
    });
    // The API server calls the webhook from outside the cluster network: any source, webhook port only.
    if (layout.ownNetworkPolicies) ingressPolicy(this, { namespace: ns, name: 'poddefaults', select: selector, selectByLabels: true, ports: [PORT], labels });
  }
}
