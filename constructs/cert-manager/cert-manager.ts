import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ConfigInput } from '../core/component-config';
import { ComponentContext, resolveContext } from '../core/context';
import { allowSameNamespace, ingressPolicy } from '../core/network-policy';
import { clusterRoleBinding, role, roleBinding, serviceAccount } from '../core/rbac';
import { selectorLabels } from '../core/labels';
import { restrictedContainer } from '../core/security';
import { ResourceClass } from '../core/sizing';
import { podNamespaceEnv } from '../core/env';
import { deployment } from '../core/workload';
import { certManagerOptions } from './config';
import { certManagerCrds } from './crds';
import { controllerRoles, leaderElectionRules } from './rbac';

// leaderElectionNamespace, logLevel and kubeflowIssuer are config fields: their defaults live in the schema.
export interface CertManagerProps extends ComponentContext, ConfigInput<typeof certManagerOptions> {
  /** @default "cert-manager" */
  readonly namespace?: string;
  /** Name of the token-request RoleBinding; cert-manager before 1.17 named it `cert-manager-cert-manager-tokenrequest`. @default "cert-manager-tokenrequest" */
  readonly tokenRequestBinding?: string;
}

export const KUBEFLOW_ISSUER = 'kubeflow-self-signing-issuer';

interface ServerSpec {
  /** Object name suffix: `cert-manager`, `cert-manager-cainjector`, `cert-manager-webhook`. */
  readonly name: string;
  /** Upstream's `app` label and selector name. */
  readonly app: 'cert-manager' | 'cainjector' | 'webhook';
  readonly component: 'controller' | 'cainjector' | 'webhook';
  /** @default the object name */
  readonly container?: string;
  readonly image: string;
  readonly args: string[];
  readonly ports: k8s.ContainerPort[];
  readonly size: ResourceClass;
  readonly probes?: Pick<k8s.Container, 'livenessProbe' | 'readinessProbe'>;
}

/**
 * cert-manager as Kubeflow ships it: CRDs, controller, cainjector and webhook with
 * their RBAC, and the self-signed ClusterIssuer Kubeflow's webhooks get certificates from.
 */
/** The chart's component label for each app (the controller's app is `cert-manager`). */
const CHART_COMPONENT: Readonly<Record<string, string>> = { 'cert-manager': 'controller' };

export class CertManager extends Construct {
  public readonly namespace: string;

  constructor(scope: Construct, id: string, props: CertManagerProps = {}) {
    super(scope, id);
    const { images, sizing } = resolveContext(props);
    const ns = (this.namespace = props.namespace ?? 'cert-manager');
    const o = certManagerOptions.parse({ leaderElectionNamespace: props.leaderElectionNamespace, logLevel: props.logLevel, kubeflowIssuer: props.kubeflowIssuer });
    const leases = o.leaderElectionNamespace;
    const v = `--v=${o.logLevel}`;
    const version = images.catalog.versions.certManager;
    const base = { 'app.kubernetes.io/component': 'cert-manager', 'app.kubernetes.io/name': 'cert-manager', 'kustomize.component': 'cert-manager' };
    // Kubeflow's overlay relabelled the chart's objects as one component before 26.03.1; since, the chart's own labels stay.
    const chart = images.catalog.features.certManagerLabels === 'chart';
    const labels = (app: string, component?: string) => ({
      app,
      ...(chart ? { 'app.kubernetes.io/component': component ?? CHART_COMPONENT[app] ?? app, 'app.kubernetes.io/name': app } : base),
      'app.kubernetes.io/instance': 'cert-manager',
      'app.kubernetes.io/version': version,
    });

    certManagerCrds(this, labels('cert-manager', 'crds'));
    new k8s.KubeNamespace(this, 'Namespace', { metadata: { name: ns, labels: { ...(chart ? {} : base), 'pod-security.kubernetes.io/enforce': 'restricted' } } });

    const http = (containerPort: number, name: string): k8s.ContainerPort => ({ containerPort, name, protocol: 'TCP' });
    const probe = (path: string, port: string, p: Partial<k8s.Probe>): k8s.Probe => ({
      httpGet: { path, port: k8s.IntOrString.fromString(port), scheme: 'HTTP' },
      successThreshold: 1, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 1, ...p,
    });
    const servers: ServerSpec[] = [
      {
        name: 'cert-manager', app: 'cert-manager', component: 'controller', container: 'cert-manager-controller', image: images.ref('cert-manager/controller'), size: 'medium',
        args: [v, '--cluster-resource-namespace=$(POD_NAMESPACE)', `--leader-election-namespace=${leases}`,
          `--acme-http01-solver-image=${images.ref('cert-manager/acmesolver')}`, '--max-concurrent-challenges=60'],
        ports: [http(9402, 'http-metrics'), http(9403, 'http-healthz')],
        probes: { livenessProbe: probe('/livez', 'http-healthz', { initialDelaySeconds: 10, failureThreshold: 8, timeoutSeconds: 15 }) },
      },
      {
        name: 'cert-manager-cainjector', app: 'cainjector', component: 'cainjector', image: images.ref('cert-manager/cainjector'), size: 'medium',
        args: [v, `--leader-election-namespace=${leases}`],
        ports: [http(9402, 'http-metrics')],
      },
      {
        name: 'cert-manager-webhook', app: 'webhook', component: 'webhook', image: images.ref('cert-manager/webhook'), size: 'small',
        args: [v, '--secure-port=10250', '--dynamic-serving-ca-secret-namespace=$(POD_NAMESPACE)', '--dynamic-serving-ca-secret-name=cert-manager-webhook-ca',
          '--dynamic-serving-dns-names=cert-manager-webhook', '--dynamic-serving-dns-names=cert-manager-webhook.$(POD_NAMESPACE)',
          '--dynamic-serving-dns-names=cert-manager-webhook.$(POD_NAMESPACE).svc'],
        ports: [http(10250, 'https'), http(6080, 'healthcheck'), http(9402, 'http-metrics')],
        probes: {
          livenessProbe: probe('/livez', 'healthcheck', { initialDelaySeconds: 60 }),
          readinessProbe: probe('/healthz', 'healthcheck', { initialDelaySeconds: 5, periodSeconds: 5 }),
        },
      },
    ];

    for (const s of servers) {
      new k8s.KubeServiceAccount(this, `ServiceAccount-${s.name}`, { metadata: { name: s.name, namespace: ns, labels: labels(s.app) }, automountServiceAccountToken: true });
      // The controller's selector names the product, the others their own app: upstream's, kept for adoption.
      const selector = selectorLabels({
        'app.kubernetes.io/component': s.component,
        'app.kubernetes.io/instance': 'cert-manager',
        'app.kubernetes.io/name': s.app === 'cert-manager' ? 'cert-manager' : s.app,
      });
      deployment(this, {
        name: s.name,
        namespace: ns,
        labels: labels(s.app),
        selector,
        podLabels: { app: s.app, 'app.kubernetes.io/version': version },
        podAnnotations: { 'prometheus.io/path': '/metrics', 'prometheus.io/port': '9402', 'prometheus.io/scrape': 'true' },
        // The controller and cainjector elect a leader (cert-manager's --leader-elect defaults to true).
        replicas: s.app === 'webhook' ? sizing.replicas : sizing.controllerReplicas,
        serviceAccount: s.name,
        pod: { enableServiceLinks: false, nodeSelector: { 'kubernetes.io/os': 'linux' } },
        containers: [{
          name: s.container ?? s.name,
          image: s.image,
          imagePullPolicy: 'IfNotPresent',
          args: s.args,
          env: [podNamespaceEnv()],
          ports: s.ports,
          resources: sizing.resources(s.size),
          securityContext: restrictedContainer(),
          ...s.probes,
        }],
      });
      const svcPorts: k8s.ServicePort[] = s.app === 'cert-manager'
        ? [{ name: 'tcp-prometheus-servicemonitor', port: 9402, protocol: 'TCP', targetPort: k8s.IntOrString.fromString('http-metrics') }]
        : s.app === 'cainjector'
          ? [{ name: 'http-metrics', port: 9402, protocol: 'TCP' }]
          : [
            { name: 'https', port: 443, protocol: 'TCP', targetPort: k8s.IntOrString.fromString('https') },
            { name: 'metrics', port: 9402, protocol: 'TCP', targetPort: k8s.IntOrString.fromString('http-metrics') },
          ];
      new k8s.KubeService(this, `Service-${s.name}`, {
        metadata: { name: s.name, namespace: ns, labels: labels(s.app) },
        spec: { type: 'ClusterIP', ports: svcPorts, selector },
      });
    }

    const controller = serviceAccount(ns, 'cert-manager');
    const cainjector = serviceAccount(ns, 'cert-manager-cainjector');
    const webhook = serviceAccount(ns, 'cert-manager-webhook');
    role(this, ns, 'cert-manager-tokenrequest', [{ apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'], resourceNames: ['cert-manager'] }], { labels: labels('cert-manager') });
    roleBinding(this, ns, props.tokenRequestBinding ?? 'cert-manager-tokenrequest', { kind: 'Role', name: 'cert-manager-tokenrequest' }, [controller], { labels: labels('cert-manager') });
    role(this, ns, 'cert-manager-webhook:dynamic-serving', [
      { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch', 'update'], resourceNames: ['cert-manager-webhook-ca'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
    ], { labels: labels('webhook') });
    roleBinding(this, ns, 'cert-manager-webhook:dynamic-serving', { kind: 'Role', name: 'cert-manager-webhook:dynamic-serving' }, [webhook], { labels: labels('webhook') });
    for (const [name, app, sa, leaseNames] of [
      ['cert-manager-cainjector:leaderelection', 'cainjector', cainjector, ['cert-manager-cainjector-leader-election', 'cert-manager-cainjector-leader-election-core']],
      ['cert-manager:leaderelection', 'cert-manager', controller, ['cert-manager-controller']],
    ] as const) {
      role(this, leases, name, leaderElectionRules(leaseNames), { labels: labels(app) });
      roleBinding(this, leases, name, { kind: 'Role', name }, [sa], { labels: labels(app) });
    }
    for (const r of controllerRoles(this, labels)) {
      if (r.bindTo) clusterRoleBinding(this, r.name, r.name, [{ cert: controller, cainjector, webhook }[r.bindTo]], { labels: labels(r.app, r.component) });
    }

    allowSameNamespace(this, ns, `default-allow-same-namespace-${ns}`, base);
    ingressPolicy(this, {
      namespace: ns, name: 'cert-manager-webhook', labels: base,
      select: { 'app.kubernetes.io/name': 'webhook', 'app.kubernetes.io/component': 'webhook' }, ports: [10250],
    });

    const hook = (path: string) => ({
      admissionReviewVersions: ['v1'],
      clientConfig: { service: { name: 'cert-manager-webhook', namespace: ns, path } },
      failurePolicy: 'Fail', matchPolicy: 'Equivalent', name: 'webhook.cert-manager.io', sideEffects: 'None', timeoutSeconds: 30,
    });
    const webhookMeta = { name: 'cert-manager-webhook', labels: labels('webhook'), annotations: { 'cert-manager.io/inject-ca-from-secret': `${ns}/cert-manager-webhook-ca` } };
    new k8s.KubeMutatingWebhookConfiguration(this, 'MutatingWebhook', {
      metadata: webhookMeta,
      webhooks: [{ ...hook('/mutate'), rules: [{ apiGroups: ['cert-manager.io'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['certificaterequests'] }] }],
    });
    new k8s.KubeValidatingWebhookConfiguration(this, 'ValidatingWebhook', {
      metadata: webhookMeta,
      webhooks: [{
        ...hook('/validate'),
        namespaceSelector: { matchExpressions: [{ key: 'cert-manager.io/disable-validation', operator: 'NotIn', values: ['true'] }] },
        rules: [{ apiGroups: ['cert-manager.io', 'acme.cert-manager.io'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['*/*'] }],
      }],
    });

    if (o.kubeflowIssuer) {
      new ApiObject(this, 'KubeflowIssuer', {
        apiVersion: 'cert-manager.io/v1',
        kind: 'ClusterIssuer',
        metadata: { name: KUBEFLOW_ISSUER, labels: base },
        spec: { selfSigned: {} },
      });
    }
  }
}
