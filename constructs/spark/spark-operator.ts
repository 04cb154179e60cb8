import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { z } from 'zod';
import { ComponentContext, resolveContext } from '../core/context';
import { selectorLabels } from '../core/labels';
import { restrictedContainer, restrictedPod } from '../core/security';
import { deployment as workload } from '../core/workload';
import { sparkOptions } from './config';
import { SPARK_GROUP, sparkCrds } from './crds';
import { SparkRbac, SparkUserRoles } from './rbac';

export interface SparkOperatorProps extends ComponentContext {
  /** @default "kubeflow" */
  readonly namespace?: string;
  /**
   * `components.spark.jobNamespaces` (docs/configuration.md), with `tenants` already replaced by
   * the tenants' namespaces: `all` or a list, which also scopes the webhooks.
   */
  readonly jobNamespaces?: Readonly<Exclude<z.input<typeof sparkOptions.shape.jobNamespaces>, 'tenants'>>;
}

const INSTANCE = 'spark-operator';
const CONTROLLER = 'spark-operator-controller';
const WEBHOOK = 'spark-operator-webhook';
const WEBHOOK_SERVICE = 'spark-operator-webhook-svc';
const CERT_SECRET = 'spark-operator-webhook-certs';
const CONTROLLER_LOCK = 'spark-operator-controller-lock';
const WEBHOOK_LOCK = 'spark-operator-webhook-lock';
const WEBHOOK_PORT = 9443;
const METRICS_PORT = 8080;
const PROBE_PORT = 8081;
/** The spark user of the operator image owns files in the pod's volumes. */
const SPARK_GID = 185;

/** The args that select namespaces; `""` is one empty entry, which means every namespace. */
export function namespacesArg(jobNamespaces: 'all' | readonly string[]): string {
  return `--namespaces=${jobNamespaces === 'all' ? '""' : jobNamespaces.join(',')}`;
}

/**
 * The Kubeflow Spark operator: CRDs, the controller, and the admission webhook, which
 * issues its own serving certificate into a Secret it creates and patches its CA into
 * the webhook configurations.
 */
export class SparkOperator extends Construct {
  constructor(scope: Construct, id: string, props: SparkOperatorProps = {}) {
    super(scope, id);
    const { images, sizing } = resolveContext(props);
    const namespace = props.namespace ?? 'kubeflow';
    if (props.jobNamespaces !== undefined && props.jobNamespaces !== 'all' && props.jobNamespaces.length === 0) throw new Error("jobNamespaces must list at least one namespace, or be 'all'");
    // The schema fills in the default and checks the names; the props type leaves out `tenants`.
    const jobNamespaces = z.object(sparkOptions.shape).parse(props).jobNamespaces as 'all' | string[];
    const version = images.catalog.versions.spark;
    // The SparkConnect webhooks and their controller flags.
    const sparkConnect = images.catalog.features.sparkConnect;
    const selector = (component: 'controller' | 'webhook') =>
      selectorLabels({ 'app.kubernetes.io/component': component, 'app.kubernetes.io/instance': INSTANCE, 'app.kubernetes.io/name': 'spark-operator' });
    const labels = (component: 'controller' | 'webhook') => ({ ...selector(component), 'app.kubernetes.io/version': version, 'helm.sh/chart': `spark-operator-${version}` });

    sparkCrds(this);
    for (const [name, component] of [[CONTROLLER, 'controller'], [WEBHOOK, 'webhook']] as const) {
      new k8s.KubeServiceAccount(this, `ServiceAccount-${component}`, { metadata: { name, namespace, labels: labels(component) }, automountServiceAccountToken: true });
    }
    new SparkRbac(this, 'Rbac', {
      namespace,
      controller: CONTROLLER,
      webhook: WEBHOOK,
      labels,
      names: { controllerLock: CONTROLLER_LOCK, webhookLock: WEBHOOK_LOCK, certSecret: CERT_SECRET, webhookConfig: WEBHOOK },
    });
    new SparkUserRoles(this, 'UserRoles');

    new k8s.KubeService(this, 'WebhookService', {
      metadata: { name: WEBHOOK_SERVICE, namespace, labels: labels('webhook') },
      spec: { ports: [{ name: 'webhook', port: WEBHOOK_PORT, targetPort: k8s.IntOrString.fromString('webhook') }], selector: selector('webhook') },
    });

    const common = ['--zap-log-level=info', '--zap-encoder=console', namespacesArg(jobNamespaces)];
    const metrics = ['--enable-metrics=true', `--metrics-bind-address=:${METRICS_PORT}`, '--metrics-endpoint=/metrics', '--metrics-prefix=', '--metrics-labels=app_type'];
    const leader = (lock: string) => ['--leader-election=true', `--leader-election-lock-name=${lock}`, `--leader-election-lock-namespace=${namespace}`];
    const controllerArgs = [
      'controller',
      'start',
      ...common,
      '--controller-threads=10',
      '--enable-ui-service=true',
      ...metrics,
      '--metrics-job-start-latency-buckets=30,60,90,120,150,180,210,240,270,300',
      ...leader(CONTROLLER_LOCK),
      '--leader-election-lease-duration=15s',
      '--leader-election-renew-deadline=10s',
      '--leader-election-retry-period=2s',
      '--workqueue-ratelimiter-bucket-qps=50',
      '--workqueue-ratelimiter-bucket-size=500',
      '--workqueue-ratelimiter-max-delay=6h',
      '--driver-pod-creation-grace-period=10s',
      '--max-tracked-executor-per-app=1000',
      ...(sparkConnect ? ['--scheduled-spark-application-timestamp-precision=nanos', '--feature-gates=PartialRestart=false,LoadSparkDefaults=false'] : []),
    ];
    const webhookArgs = [
      'webhook',
      'start',
      ...common,
      `--webhook-secret-name=${CERT_SECRET}`,
      `--webhook-secret-namespace=${namespace}`,
      `--webhook-svc-name=${WEBHOOK_SERVICE}`,
      `--webhook-svc-namespace=${namespace}`,
      `--webhook-port=${WEBHOOK_PORT}`,
      `--mutating-webhook-name=${WEBHOOK}`,
      `--validating-webhook-name=${WEBHOOK}`,
      ...metrics,
      ...leader(WEBHOOK_LOCK),
    ];

    const probe = (path: string): k8s.Probe => ({ httpGet: { path, port: k8s.IntOrString.fromNumber(PROBE_PORT), scheme: 'HTTP' } });
    const deployment = (name: string, component: 'controller' | 'webhook', container: Partial<k8s.Container>, volume: k8s.Volume, annotations?: Record<string, string>) =>
      workload(this, {
        id: `Deployment-${component}`,
        name,
        namespace,
        labels: labels(component),
        selector: selector(component),
        // Upstream keeps the operator out of the mesh.
        podLabels: { 'sidecar.istio.io/inject': 'false' },
        podAnnotations: annotations,
        // Both elect a leader (--leader-election=true above); the webhook serves on every replica.
        replicas: sizing.controllerReplicas,
        revisionHistoryLimit: 10,
        serviceAccount: name,
        podSecurity: restrictedPod({ fsGroup: SPARK_GID }),
        pod: { automountServiceAccountToken: true },
        containers: [
          {
            name,
            image: images.ref('spark/controller'),
            imagePullPolicy: 'IfNotPresent',
            livenessProbe: probe('/healthz'),
            readinessProbe: probe('/readyz'),
            securityContext: { ...restrictedContainer(), privileged: false },
            ...container,
          },
        ],
        volumes: [volume],
      });
    deployment(
      CONTROLLER,
      'controller',
      {
        args: controllerArgs,
        ports: [{ containerPort: METRICS_PORT, name: 'metrics' }],
        resources: sizing.resources('medium'),
        volumeMounts: [{ mountPath: '/tmp', name: 'tmp', readOnly: false }],
      },
      { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('1Gi') } },
      { 'prometheus.io/path': '/metrics', 'prometheus.io/port': String(METRICS_PORT), 'prometheus.io/scrape': 'true' },
    );
    deployment(
      WEBHOOK,
      'webhook',
      {
        args: webhookArgs,
        ports: [
          { containerPort: WEBHOOK_PORT, name: 'webhook' },
          { containerPort: METRICS_PORT, name: 'metrics' },
        ],
        resources: sizing.resources('small'),
        // The webhook writes its generated certificate here.
        volumeMounts: [{ mountPath: '/etc/k8s-webhook-server/serving-certs', name: 'serving-certs', readOnly: false, subPath: 'serving-certs' }],
      },
      { name: 'serving-certs', emptyDir: { sizeLimit: k8s.Quantity.fromString('500Mi') } },
    );

    this.webhookConfigurations(namespace, jobNamespaces, sparkConnect, labels('webhook'));
  }

  private webhookConfigurations(namespace: string, jobNamespaces: 'all' | readonly string[], sparkConnect: boolean, labels: Record<string, string>): void {
    const scoped = jobNamespaces === 'all' ? {} : { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [...jobNamespaces] }] } };
    const hook = (kind: 'mutate' | 'validate', group: string, version: string, resource: string, extra: Partial<k8s.MutatingWebhook> = {}) => {
      const path = `/${kind}-${group.replace(/\./g, '-')}-${version}-${resource}`;
      return {
        admissionReviewVersions: ['v1'],
        clientConfig: { service: { name: WEBHOOK_SERVICE, namespace, path, port: WEBHOOK_PORT } },
        failurePolicy: 'Fail',
        name: `${path.slice(1)}.${SPARK_GROUP}`,
        ...scoped,
        rules: [{ apiGroups: [group], apiVersions: [version], operations: resource === 'pod' ? ['CREATE'] : ['CREATE', 'UPDATE'], resources: [`${resource}s`] }],
        sideEffects: 'NoneOnDryRun',
        timeoutSeconds: 10,
        ...extra,
      };
    };
    const apps = (kind: 'mutate' | 'validate') => [
      hook(kind, SPARK_GROUP, 'v1beta2', 'sparkapplication'),
      hook(kind, SPARK_GROUP, 'v1beta2', 'scheduledsparkapplication'),
      ...(sparkConnect ? [hook(kind, SPARK_GROUP, 'v1alpha1', 'sparkconnect')] : []),
    ];
    new k8s.KubeMutatingWebhookConfiguration(this, 'Mutating', {
      metadata: { name: WEBHOOK, labels },
      webhooks: [hook('mutate', '', 'v1', 'pod', { objectSelector: { matchLabels: { 'sparkoperator.k8s.io/launched-by-spark-operator': 'true' } } }), ...apps('mutate')],
    });
    new k8s.KubeValidatingWebhookConfiguration(this, 'Validating', { metadata: { name: WEBHOOK, labels }, webhooks: apps('validate') });
  }
}
