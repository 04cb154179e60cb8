import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { ComponentContext, resolveContext } from '../core/context';
import { ALL_VERBS, clusterRole, clusterRoleBinding, READ, role, roleBinding, rule, serviceAccount } from '../core/rbac';
import { restrictedContainer } from '../core/security';
import { deployment as workload } from '../core/workload';
import { selectorLabels } from '../core/labels';
import { JOBSET_GROUP, JobSetCrd } from './crds';
import { webhooks } from './webhooks';

export interface JobSetProps extends ComponentContext {
  /** @default "kubeflow-system" */
  readonly namespace?: string;
}

const NAME = 'jobset-controller-manager';
const WEBHOOK_SERVICE = 'jobset-webhook-service';
/** JobSet's cert rotator fills this Secret in; it must exist first. */
const CERT_SECRET = 'jobset-webhook-server-cert';
const CONFIG = 'jobset-manager-config';
const CONFIG_FILE = 'controller_manager_config.yaml';
const WEBHOOK_PORT = 9443;
const METRICS_PORT = 8443;
const PROBE_PORT = 8081;
const CRUD = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

/** kustomize's recommended labels, as upstream JobSet puts them on each object. */
function kustomized(instance: string, name: string, component?: string): Record<string, string> {
  return {
    ...(component ? { 'app.kubernetes.io/component': component } : {}),
    'app.kubernetes.io/created-by': 'jobset',
    'app.kubernetes.io/instance': instance,
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/part-of': 'jobset',
  };
}

/**
 * JobSet, the workload API Trainer runs TrainJobs on: CRD, controller, webhooks.
 * The controller issues its own webhook certificate into a pre-created Secret and
 * injects the CA into its webhook configurations.
 */
export class JobSet extends Construct {
  constructor(scope: Construct, id: string, props: JobSetProps = {}) {
    super(scope, id);
    const { images, sizing } = resolveContext(props);
    const namespace = props.namespace ?? 'kubeflow-system';
    const f = images.catalog.features;
    // JobSet 0.11 labels every object, and selects its controller, as one kustomize app.
    const common: Record<string, string> = f.jobsetLabels === 'jobset-wide'
      ? { 'app.kubernetes.io/instance': 'jobset', 'app.kubernetes.io/managed-by': 'kustomize', 'app.kubernetes.io/name': 'jobset' }
      : {};
    const kz = (instance: string, name: string, component?: string) => ({ ...kustomized(instance, name, component), ...common });
    const plain = Object.keys(common).length ? { labels: common } : {};
    const selector = selectorLabels({ ...common, 'control-plane': 'controller-manager' });
    const sa = serviceAccount(namespace, NAME);

    new JobSetCrd(this, 'Crd', { namespace, volumeClaimPolicies: f.trainerVolumeClaimPolicies });
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: NAME, namespace, labels: kz('controller-manager', 'serviceaccount', 'rbac') } });

    role(this, namespace, 'jobset-leader-election-role', [
      rule('', ['configmaps'], ALL_VERBS),
      rule('coordination.k8s.io', ['leases'], ALL_VERBS),
      rule('', ['events'], ['create', 'patch']),
    ], { labels: kz('leader-election-role', 'role', 'rbac') });
    roleBinding(this, namespace, 'jobset-leader-election-rolebinding', { kind: 'Role', name: 'jobset-leader-election-role' }, [sa], {
      labels: kz('leader-election-rolebinding', 'rolebinding', 'rbac'),
    });
    // JobSet 0.11 reads its webhook Secret through a Role in its own namespace only.
    const secretsRule = rule('', ['secrets'], ['get', 'list', 'update', 'watch']);
    const namespacedSecrets = f.jobsetNamespacedSecrets;
    clusterRole(this, 'jobset-manager-role', [
      rule('', ['events'], ['create', 'patch', 'update', 'watch']),
      rule('', ['nodes'], READ),
      ...(namespacedSecrets
        ? [
          rule('', ['persistentvolumeclaims'], ['create', 'get', 'list', 'watch']),
          rule('', ['pods'], ['delete', 'get', 'list', 'patch', 'update', 'watch']),
          rule('', ['services'], CRUD),
        ]
        : [rule('', ['pods', 'services'], CRUD), secretsRule]),
      rule('admissionregistration.k8s.io', ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'], ['get', 'list', 'update', 'watch']),
      rule('batch', ['jobs'], CRUD),
      rule('batch', ['jobs/status'], ['get', 'patch', 'update']),
      rule(JOBSET_GROUP, ['jobsets'], CRUD),
      rule(JOBSET_GROUP, ['jobsets/finalizers'], ['update']),
      rule(JOBSET_GROUP, ['jobsets/status'], ['get', 'patch', 'update']),
    ], plain);
    if (namespacedSecrets) {
      role(this, namespace, 'jobset-manager-secrets-role', [secretsRule], { labels: kz('jobset', 'jobset', 'rbac') });
      roleBinding(this, namespace, 'jobset-manager-secrets-rolebinding', { kind: 'Role', name: 'jobset-manager-secrets-role' }, [sa], { labels: kz('jobset', 'jobset', 'rbac') });
    }
    clusterRoleBinding(this, 'jobset-manager-rolebinding', 'jobset-manager-role', [sa], { labels: kz('manager-rolebinding', 'clusterrolebinding', 'rbac') });
    clusterRole(this, 'jobset-metrics-reader', [{ nonResourceUrLs: ['/metrics'], verbs: ['get'] }], { labels: kz('metrics-reader', 'clusterrole') });
    clusterRoleBinding(this, 'jobset-metrics-reader-rolebinding', 'jobset-metrics-reader', [sa], plain);
    clusterRole(this, 'jobset-proxy-role', [
      rule('authentication.k8s.io', ['tokenreviews'], ['create']),
      rule('authorization.k8s.io', ['subjectaccessreviews'], ['create']),
    ], { labels: kz('proxy-role', 'clusterrole') });
    clusterRoleBinding(this, 'jobset-proxy-rolebinding', 'jobset-proxy-role', [sa], { labels: kz('proxy-rolebinding', 'clusterrolebinding') });

    const config = { apiVersion: 'config.jobset.x-k8s.io/v1alpha1', kind: 'Configuration', leaderElection: { leaderElect: true }, internalCertManagement: { enable: true } };
    new k8s.KubeConfigMap(this, 'Config', { metadata: { name: CONFIG, namespace, ...plain }, data: { [CONFIG_FILE]: stringify(config) } });
    new k8s.KubeSecret(this, 'CertSecret', { metadata: { name: CERT_SECRET, namespace, ...plain } });

    new k8s.KubeService(this, 'MetricsService', {
      metadata: { name: 'jobset-controller-manager-metrics-service', namespace, labels: { 'app.kubernetes.io/name': 'jobset', ...selector } },
      spec: { ports: [{ name: 'https', port: METRICS_PORT, protocol: 'TCP', targetPort: k8s.IntOrString.fromNumber(METRICS_PORT) }], selector },
    });
    new k8s.KubeService(this, 'WebhookService', {
      metadata: { name: WEBHOOK_SERVICE, namespace, labels: kz('webhook-service', 'service', 'webhook') },
      spec: { ports: [{ port: 443, protocol: 'TCP', targetPort: k8s.IntOrString.fromNumber(WEBHOOK_PORT) }], selector },
    });

    workload(this, {
      id: 'Deployment',
      name: NAME,
      namespace,
      labels: { ...kz('controller-manager', 'deployment', 'manager'), ...selector },
      selector,
      // Elects a leader (leaderElection.leaderElect in its config); the webhook serves on every replica.
      replicas: sizing.controllerReplicas,
      // The API server reaches the webhook directly, not through the mesh.
      podAnnotations: { 'kubectl.kubernetes.io/default-container': 'manager', 'traffic.sidecar.istio.io/excludeInboundPorts': String(WEBHOOK_PORT) },
      serviceAccount: NAME,
      pod: { terminationGracePeriodSeconds: 10 },
      containers: [{
        name: 'manager',
        image: images.ref('trainer/jobset'),
        command: ['/manager'],
        args: [`--config=/${CONFIG_FILE}`, '--zap-log-level=2'],
        ports: [
          { containerPort: METRICS_PORT, name: 'metrics', protocol: 'TCP' },
          { containerPort: WEBHOOK_PORT, name: 'webhook-server', protocol: 'TCP' },
        ],
        livenessProbe: { httpGet: { path: '/healthz', port: k8s.IntOrString.fromNumber(PROBE_PORT) }, initialDelaySeconds: 15, periodSeconds: 20 },
        readinessProbe: { httpGet: { path: '/readyz', port: k8s.IntOrString.fromNumber(PROBE_PORT) }, initialDelaySeconds: 5, periodSeconds: 10 },
        resources: sizing.resources('large', `${NAME}/manager`),
        securityContext: restrictedContainer(),
        volumeMounts: [
          { mountPath: `/${CONFIG_FILE}`, name: 'manager-config', subPath: CONFIG_FILE },
          { mountPath: '/tmp/k8s-webhook-server/serving-certs', name: 'cert', readOnly: true },
        ],
      }],
      volumes: [
        { name: 'manager-config', configMap: { name: CONFIG } },
        { name: 'cert', secret: { secretName: CERT_SECRET, defaultMode: 0o644 } },
      ],
    });

    const service = { name: WEBHOOK_SERVICE, namespace };
    const podSelector = { matchExpressions: [{ key: 'jobset.sigs.k8s.io/jobset-name', operator: 'Exists' }] };
    const jobset = { group: JOBSET_GROUP, version: 'v1alpha2', resources: ['jobsets'] };
    const pods = { group: '', version: 'v1', resources: ['pods'], operations: ['CREATE'], objectSelector: podSelector };
    new k8s.KubeMutatingWebhookConfiguration(this, 'Mutating', {
      metadata: { name: 'jobset-mutating-webhook-configuration', ...plain },
      webhooks: webhooks(service, [
        { name: 'mjobset.kb.io', path: '/mutate-jobset-x-k8s-io-v1alpha2-jobset', operations: ['CREATE'], ...jobset },
        { name: 'mpod.kb.io', path: '/mutate--v1-pod', ...pods },
      ]),
    });
    new k8s.KubeValidatingWebhookConfiguration(this, 'Validating', {
      metadata: { name: 'jobset-validating-webhook-configuration', ...plain },
      webhooks: webhooks(service, [
        { name: 'vjobset.kb.io', path: '/validate-jobset-x-k8s-io-v1alpha2-jobset', operations: ['CREATE', 'UPDATE'], ...jobset },
        { name: 'vpod.kb.io', path: '/validate--v1-pod', ...pods },
      ]),
    });
  }
}
