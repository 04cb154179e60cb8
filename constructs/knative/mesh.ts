import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { authorizationPolicy } from '../core/mesh-policy';
import { allowSameNamespace, ingressPolicy } from '../core/network-policy';
import { KNATIVE_LOCAL_GATEWAY, KNATIVE_NAMESPACE, NET_ISTIO } from './names';

type Labels = (component?: string, extra?: Record<string, string>) => Record<string, string>;

export interface KnativeMeshOptions {
  readonly istioNamespace: string;
  /** Pod labels of the cluster-local gateway. */
  readonly localGatewaySelector: Readonly<Record<string, string>>;
  /** Namespace of the ingress gateway's pods, when it differs from `istioNamespace`. */
  readonly ingressNamespace?: string;
  /** Pod `app` labels of the gateways that may reach the activator. */
  readonly gatewayApps: readonly string[];
}

/** Istio objects of Knative: its local Gateway, mTLS to its services, and the policies Kubeflow adds. */
export function knativeMesh(scope: Construct, labels: Labels, o: KnativeMeshOptions): void {
  const ns = KNATIVE_NAMESPACE;
  new ApiObject(scope, 'DestinationRule-knative', {
    apiVersion: 'networking.istio.io/v1alpha3',
    kind: 'DestinationRule',
    metadata: { name: 'knative', namespace: ns },
    spec: { host: `*.${ns}.svc.cluster.local`, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } },
  });
  new ApiObject(scope, 'Gateway-local', {
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'Gateway',
    metadata: { name: KNATIVE_LOCAL_GATEWAY, namespace: ns, labels: labels('net-istio', { ...NET_ISTIO }) },
    spec: { selector: { ...o.localGatewaySelector }, servers: [{ hosts: ['*'], port: { name: 'http', number: 8081, protocol: 'HTTP' } }] },
  });
  // Every Knative server accepts any caller inside the mesh: Kubeflow's default-deny would block the data plane.
  for (const [name, selector] of [
    ['activator-service', { app: 'activator' }], ['autoscaler', { app: 'autoscaler' }], ['controller', { app: 'controller' }],
    ['istio-webhook', { app: 'net-istio-webhook' }], ['webhook', { role: 'webhook' }],
  ] as const) {
    authorizationPolicy(scope, `AuthorizationPolicy-${name}`, { name, namespace: ns }, { action: 'ALLOW', rules: [{}], selector: { matchLabels: { ...selector } } });
  }
  // The API server calls the webhooks without a mesh certificate.
  for (const [name, app] of [['net-istio-webhook', 'net-istio-webhook'], ['webhook', 'webhook']]) {
    new ApiObject(scope, `PeerAuthentication-${name}`, {
      apiVersion: 'security.istio.io/v1beta1',
      kind: 'PeerAuthentication',
      metadata: { name, namespace: ns, labels: labels('net-istio', { ...NET_ISTIO }) },
      spec: { portLevelMtls: { '8443': { mode: 'PERMISSIVE' } }, selector: { matchLabels: { app } } },
    });
  }

  new k8s.KubeNetworkPolicy(scope, 'NetworkPolicy-activator', {
    metadata: { name: 'allow-istio-gateways-to-activator', namespace: ns },
    spec: {
      podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['activator'] }] },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [...new Set([o.istioNamespace, o.ingressNamespace ?? o.istioNamespace])].map((namespace) => ({
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
          podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: [...o.gatewayApps] }] },
        })),
        ports: [{ port: k8s.IntOrString.fromNumber(8012), protocol: 'TCP' }],
      }],
    },
  });
  allowSameNamespace(scope, ns, `default-allow-same-namespace-${ns}`);
  for (const app of ['net-istio-webhook', 'webhook']) {
    ingressPolicy(scope, { namespace: ns, name: `${app}-apiserver`, select: { app, role: app }, ports: [8443] });
  }
}

/** Knative's own custom resources: the queue-proxy image cache and the internal routing certificate. */
export function knativeResources(scope: Construct, labels: Labels, queueImage: string): void {
  new ApiObject(scope, 'Image-queue-proxy', {
    apiVersion: 'caching.internal.knative.dev/v1alpha1',
    kind: 'Image',
    metadata: { name: 'queue-proxy', namespace: KNATIVE_NAMESPACE, labels: labels('queue-proxy') },
    spec: { image: queueImage },
  });
  new ApiObject(scope, 'Certificate-routing-serving-certs', {
    apiVersion: 'networking.internal.knative.dev/v1alpha1',
    kind: 'Certificate',
    metadata: {
      name: 'routing-serving-certs',
      namespace: KNATIVE_NAMESPACE,
      annotations: { 'networking.knative.dev/certificate.class': 'cert-manager.certificate.networking.knative.dev' },
      labels: { 'networking.knative.dev/certificate-type': 'system-internal' },
    },
    spec: { dnsNames: ['kn-routing', 'data-plane.knative.dev'], secretName: 'routing-serving-certs' },
  });
}

const KNATIVE_RESOURCES = ['metrics', 'podautoscalers', 'certificates', 'ingresses', 'serverlessservices', 'configurations', 'revisions', 'routes', 'services', 'domainmappings', 'domainmappings/status'];
const KNATIVE_GROUPS = ['autoscaling.internal.knative.dev', 'networking.internal.knative.dev', 'serving.knative.dev'];

/** The admission webhooks; each server injects its own CA bundle, so no cert-manager annotation. */
export function knativeWebhooks(scope: Construct, labels: Labels): void {
  const base = (service: string) => ({
    admissionReviewVersions: ['v1', 'v1beta1'],
    clientConfig: { service: { name: service, namespace: KNATIVE_NAMESPACE } },
    failurePolicy: 'Fail',
    sideEffects: 'None',
  });
  const rules = (operations: string[]): k8s.RuleWithOperations[] => [{ apiGroups: KNATIVE_GROUPS, apiVersions: ['*'], operations, resources: KNATIVE_RESOURCES, scope: '*' }];
  const servingLabels = labels('webhook');
  const istioLabels = labels('net-istio', { ...NET_ISTIO });

  new k8s.KubeMutatingWebhookConfiguration(scope, 'Mutating-istio', {
    metadata: { name: 'webhook.istio.networking.internal.knative.dev', labels: istioLabels },
    webhooks: [{ ...base('net-istio-webhook'), name: 'webhook.istio.networking.internal.knative.dev', objectSelector: { matchExpressions: [{ key: 'serving.knative.dev/configuration', operator: 'Exists' }] } }],
  });
  new k8s.KubeMutatingWebhookConfiguration(scope, 'Mutating-serving', {
    metadata: { name: 'webhook.serving.knative.dev', labels: servingLabels },
    webhooks: [{ ...base('webhook'), name: 'webhook.serving.knative.dev', rules: rules(['CREATE', 'UPDATE']), timeoutSeconds: 10 }],
  });
  new k8s.KubeValidatingWebhookConfiguration(scope, 'Validating-istio-config', {
    metadata: { name: 'config.webhook.istio.networking.internal.knative.dev', labels: istioLabels },
    webhooks: [{
      ...base('net-istio-webhook'), name: 'config.webhook.istio.networking.internal.knative.dev',
      objectSelector: { matchLabels: { 'app.kubernetes.io/component': 'net-istio', 'app.kubernetes.io/name': 'knative-serving' } },
    }],
  });
  new k8s.KubeValidatingWebhookConfiguration(scope, 'Validating-serving-config', {
    metadata: { name: 'config.webhook.serving.knative.dev', labels: servingLabels },
    webhooks: [{
      ...base('webhook'), name: 'config.webhook.serving.knative.dev', timeoutSeconds: 10,
      objectSelector: {
        matchExpressions: [
          { key: 'app.kubernetes.io/name', operator: 'In', values: ['knative-serving'] },
          { key: 'app.kubernetes.io/component', operator: 'In', values: ['autoscaler', 'controller', 'logging', 'networking', 'observability', 'tracing', 'net-certmanager'] },
        ],
      },
    }],
  });
  new k8s.KubeValidatingWebhookConfiguration(scope, 'Validating-serving', {
    metadata: { name: 'validation.webhook.serving.knative.dev', labels: servingLabels },
    webhooks: [{ ...base('webhook'), name: 'validation.webhook.serving.knative.dev', rules: rules(['CREATE', 'UPDATE', 'DELETE']), timeoutSeconds: 10 }],
  });
}
