import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { ComponentContext, resolveContext } from '../core/context';
import { selectorLabels } from '../core/labels';
import { clusterRole, clusterRoleBinding, READ, role, roleBinding, rule, serviceAccount } from '../core/rbac';
import { restrictedContainer } from '../core/security';
import { deployment } from '../core/workload';
import { JOBSET_GROUP, TRAINER_GROUP } from './crds';
import { webhooks } from './webhooks';

export interface TrainerControllerProps extends ComponentContext {
  /** @default "kubeflow-system" */
  readonly namespace?: string;
}

export const TRAINER_NAME = 'kubeflow-trainer-controller-manager';
/** The controller's cert manager writes the webhook certificate here; it must exist first. */
const CERT_SECRET = 'kubeflow-trainer-webhook-cert';
const CONFIG = 'kubeflow-trainer-config';
const PUBLIC = 'kubeflow-trainer-public';
const CONFIG_FILE = 'controller_manager_config.yaml';
const WEBHOOK_PORT = 9443;
const MONITORING_PORT = 8080;
const METRICS_PORT = 8443;
const PROBE_PORT = 8081;
const STATUS_PORT = 10443;
const WATCH_WRITE = ['create', 'get', 'list', 'patch', 'update', 'watch'];
const RESOURCES = ['clustertrainingruntimes', 'trainingruntimes', 'trainjobs'];

/** The controller's Configuration, as upstream ships it. */
function controllerConfig(statusServer: boolean) {
  return {
    apiVersion: 'config.trainer.kubeflow.org/v1alpha1',
    kind: 'Configuration',
    health: { healthProbeBindAddress: `:${PROBE_PORT}`, readinessEndpointName: 'readyz', livenessEndpointName: 'healthz' },
    metrics: { bindAddress: ':8443', secureServing: true },
    webhook: { port: WEBHOOK_PORT, host: '' },
    leaderElection: { leaderElect: true, resourceName: TRAINER_GROUP, resourceNamespace: '', leaseDuration: '15s', renewDeadline: '10s', retryPeriod: '2s' },
    controller: {
      groupKindConcurrency: { [`TrainJob.${TRAINER_GROUP}`]: 5, [`TrainingRuntime.${TRAINER_GROUP}`]: 1, [`ClusterTrainingRuntime.${TRAINER_GROUP}`]: 1 },
    },
    certManagement: { enable: true, webhookServiceName: TRAINER_NAME, webhookSecretName: CERT_SECRET },
    clientConnection: { qps: 50, burst: 100 },
    ...(statusServer ? { statusServer: { port: STATUS_PORT, qps: 5, burst: 10 } } : {}),
  };
}

/** The Trainer v2 controller manager, its RBAC and its validating webhook. */
export class TrainerController extends Construct {
  constructor(scope: Construct, id: string, props: TrainerControllerProps = {}) {
    super(scope, id);
    const { images, sizing } = resolveContext(props);
    const namespace = props.namespace ?? 'kubeflow-system';
    const f = images.catalog.features;
    const labels = selectorLabels({ 'app.kubernetes.io/component': 'manager', 'app.kubernetes.io/name': 'trainer', 'app.kubernetes.io/part-of': 'kubeflow' });

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: TRAINER_NAME, namespace } });
    const defaulter = f.trainerJobDefaulter;
    clusterRole(this, TRAINER_NAME, [
      rule('', ['configmaps', 'secrets'], WATCH_WRITE),
      ...(defaulter
        ? [rule('', ['limitranges'], READ), rule(['', 'events.k8s.io'], ['events'], ['create', 'patch', 'update', 'watch'])]
        : [rule('', ['events'], ['create', 'patch', 'update', 'watch']), rule('', ['limitranges'], READ)]),
      rule('admissionregistration.k8s.io', [...(defaulter ? ['mutatingwebhookconfigurations'] : []), 'validatingwebhookconfigurations'], ['get', 'list', 'update', 'watch']),
      rule('coordination.k8s.io', ['leases'], ['create', ...(defaulter ? ['delete'] : []), 'get', 'list', 'update']),
      rule(JOBSET_GROUP, ['jobsets'], WATCH_WRITE),
      rule('node.k8s.io', ['runtimeclasses'], READ),
      rule(['scheduling.volcano.sh', 'scheduling.x-k8s.io'], ['podgroups'], WATCH_WRITE),
      rule(TRAINER_GROUP, RESOURCES, ['get', 'list', 'patch', 'update', 'watch']),
      rule(TRAINER_GROUP, [...RESOURCES.map((r) => `${r}/finalizers`), 'trainjobs/status'], ['get', 'patch', 'update']),
    ]);
    clusterRoleBinding(this, TRAINER_NAME, TRAINER_NAME, [serviceAccount(namespace, TRAINER_NAME)]);

    new k8s.KubeConfigMap(this, 'Config', { metadata: { name: CONFIG, namespace }, data: { [CONFIG_FILE]: stringify(controllerConfig(f.trainerStatusServer)) } });
    new k8s.KubeSecret(this, 'CertSecret', { metadata: { name: CERT_SECRET, namespace }, type: 'Opaque', data: {} });

    // Upstream's Service selects on the component label alone.
    new k8s.KubeService(this, 'Service', {
      metadata: { name: TRAINER_NAME, namespace },
      spec: {
        ports: f.trainerStatusServer
          ? [
            { name: 'monitoring-port', port: METRICS_PORT, targetPort: k8s.IntOrString.fromString('metrics') },
            { name: 'webhook-server', port: 443, protocol: 'TCP', targetPort: k8s.IntOrString.fromString('webhook') },
            { name: 'status-server', port: STATUS_PORT, protocol: 'TCP', targetPort: k8s.IntOrString.fromString('status-server') },
          ]
          : [
            { name: 'monitoring-port', port: MONITORING_PORT, targetPort: k8s.IntOrString.fromNumber(MONITORING_PORT) },
            { name: 'webhook-server', port: 443, protocol: 'TCP', targetPort: k8s.IntOrString.fromNumber(WEBHOOK_PORT) },
          ],
        selector: { 'app.kubernetes.io/component': 'manager' },
      },
    });

    const probe = (path: string, initialDelaySeconds: number, periodSeconds: number): k8s.Probe => ({
      httpGet: { path, port: f.trainerStatusServer ? k8s.IntOrString.fromString('health') : k8s.IntOrString.fromNumber(PROBE_PORT) },
      initialDelaySeconds,
      periodSeconds,
      timeoutSeconds: 3,
    });
    deployment(this, {
      id: 'Deployment',
      name: TRAINER_NAME,
      namespace,
      labels,
      // Elects a leader (leaderElection.leaderElect in its config); the webhook serves on every replica.
      replicas: sizing.controllerReplicas > 1 ? sizing.controllerReplicas : undefined,
      podAnnotations: { 'traffic.sidecar.istio.io/excludeInboundPorts': String(WEBHOOK_PORT) },
      serviceAccount: TRAINER_NAME,
      containers: [
        {
          name: 'manager',
          image: images.ref('trainer/controller-manager'),
          args: [`--config=/${CONFIG_FILE}`, '--zap-log-level=2'],
          ...(f.trainerStatusServer
            ? {
              ports: [
                { containerPort: PROBE_PORT, name: 'health', protocol: 'TCP' },
                { containerPort: METRICS_PORT, name: 'metrics', protocol: 'TCP' },
                { containerPort: WEBHOOK_PORT, name: 'webhook', protocol: 'TCP' },
                { containerPort: STATUS_PORT, name: 'status-server', protocol: 'TCP' },
              ],
            }
            : {}),
          livenessProbe: probe('/healthz', 15, 20),
          readinessProbe: probe('/readyz', 10, 15),
          resources: sizing.resources('medium'),
          securityContext: restrictedContainer(),
          volumeMounts: [
            { mountPath: `/${CONFIG_FILE}`, name: CONFIG, readOnly: true, subPath: CONFIG_FILE },
            { mountPath: '/tmp/k8s-webhook-server/serving-certs', name: 'cert', readOnly: true },
          ],
        },
      ],
      volumes: [
        { name: CONFIG, configMap: { name: CONFIG } },
        { name: 'cert', secret: { secretName: CERT_SECRET, defaultMode: 0o644 } },
      ],
    });

    if (defaulter) {
      new k8s.KubeMutatingWebhookConfiguration(this, 'Mutating', {
        metadata: { name: `defaulter.${TRAINER_GROUP}` },
        webhooks: webhooks({ name: TRAINER_NAME, namespace }, [{
          name: `defaulter.trainjob.${TRAINER_GROUP}`,
          path: '/mutate-trainer-kubeflow-org-v1alpha1-trainjob',
          group: TRAINER_GROUP,
          version: 'v1alpha1',
          resources: ['trainjobs'],
          operations: ['CREATE', 'UPDATE'],
        }]),
      });
    }
    if (f.trainerPublicVersionConfigMap) {
      // Anyone signed in may read which Trainer runs (the SDK checks it).
      new k8s.KubeConfigMap(this, 'Public', { metadata: { name: PUBLIC, namespace }, data: { kubeflow_trainer_version: images.catalog.versions.trainer } });
      role(this, namespace, PUBLIC, [rule('', ['configmaps'], READ, [PUBLIC])]);
      roleBinding(this, namespace, PUBLIC, { kind: 'Role', name: PUBLIC }, [{ kind: 'Group', name: 'system:authenticated' }]);
    }

    new k8s.KubeValidatingWebhookConfiguration(this, 'Validating', {
      metadata: { name: `validator.${TRAINER_GROUP}` },
      webhooks: webhooks(
        { name: TRAINER_NAME, namespace },
        ['clustertrainingruntime', 'trainingruntime', 'trainjob'].map((kind) => ({
          name: `validator.${kind}.${TRAINER_GROUP}`,
          path: `/validate-trainer-kubeflow-org-v1alpha1-${kind}`,
          group: TRAINER_GROUP,
          version: 'v1alpha1',
          resources: [`${kind}s`],
          operations: ['CREATE', 'UPDATE'],
        })),
      ),
    });
  }
}
