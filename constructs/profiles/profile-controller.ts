import { createHash } from 'crypto';
import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { ComponentContext, resolveContext } from '../core/context';
import { selectorLabels } from '../core/labels';
import { ALL_VERBS, clusterRoleBinding, role, roleBinding, rule, serviceAccount } from '../core/rbac';
import { restrictedContainer, restrictedPod } from '../core/security';
import { DEFAULT_USER_PRINCIPALS } from '../tenants/namespace';
import { allowPrincipals, gatewayFrom, ingressPrincipal } from '../core/mesh-policy';

export interface ProfileControllerProps extends ComponentContext {
  /** @default "kubeflow" */
  readonly namespace?: string;
  /** @default "kubeflow-userid" */
  readonly userIdHeader?: string;
  /** @default "" */
  readonly userIdPrefix?: string;
  /** Users KFAM treats as cluster admins. @default none */
  readonly clusterAdmins?: readonly string[];
  /** GCP service account patched into every profile's WorkloadIdentity plugin. @default none */
  readonly workloadIdentity?: string;
  /** Labels the controller puts on every profile namespace it creates. */
  readonly namespaceLabels: Readonly<Record<string, string>>;
  /** Annotations of the controller's service account (a cloud identity). @default none */
  readonly serviceAccountAnnotations?: Readonly<Record<string, string>>;
  /** Istio gateway the KFAM route is bound to. @default the context's `gateways.gateway` */
  readonly gateway?: string;
}

const SA = 'profiles-controller-service-account';
const CONFIG = 'profiles-config';
const LABELS_CONFIG = 'namespace-labels-data';
const LABELS_DIR = '/etc/profile-controller';
const KFAM_PORT = 8081;
const MANAGER_PORT = 9876;

/** Short content hash for a pod annotation, so a config change rolls the pods (kustomize did it with name suffixes). */
export function configHash(data: unknown): string {
  return createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 10);
}

/**
 * The profile controller (reconciles Profiles into namespaces with owner bindings,
 * default service accounts, quotas and cloud identity) and KFAM (the contributor API the
 * dashboard calls), in one Deployment as upstream runs them.
 */
export class ProfileController extends Construct {
  constructor(scope: Construct, id: string, props: ProfileControllerProps) {
    super(scope, id);
    const { images, sizing, gateways } = resolveContext(props);
    const ns = props.namespace ?? 'kubeflow';
    const labels = { 'kustomize.component': 'profiles' };
    const meta = { labels };

    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: SA, namespace: ns, labels, ...(props.serviceAccountAnnotations ? { annotations: { ...props.serviceAccountAnnotations } } : {}) },
    });
    role(this, ns, 'profiles-leader-election-role', [
      rule('', ['configmaps'], ALL_VERBS),
      rule('', ['configmaps/status'], ['get', 'update', 'patch']),
      rule('', ['events'], ['create']),
    ], meta);
    roleBinding(this, ns, 'profiles-leader-election-rolebinding', { kind: 'Role', name: 'profiles-leader-election-role' }, [serviceAccount(ns, SA)], meta);
    // Upstream binds cluster-admin: the controller creates namespaces and binds their owners to
    // kubeflow-admin, which RBAC allows only to holders of every right it grants.
    clusterRoleBinding(this, 'profiles-cluster-rolebinding', 'cluster-admin', [serviceAccount(ns, SA)], meta);

    const config = {
      ADMIN: (props.clusterAdmins ?? []).join(','),
      ISTIO_INGRESS_GATEWAY_PRINCIPAL: ingressPrincipal(gateways),
      KFP_UI_PRINCIPAL: DEFAULT_USER_PRINCIPALS.pipelinesUi,
      NOTEBOOK_CONTROLLER_PRINCIPAL: `cluster.local/ns/${ns}/sa/notebook-controller-service-account`,
      USERID_HEADER: props.userIdHeader ?? 'kubeflow-userid',
      USERID_PREFIX: props.userIdPrefix ?? '',
      WORKLOAD_IDENTITY: props.workloadIdentity ?? '',
    };
    const namespaceLabels = {
      'namespace-labels.yaml': `# Labels the profile controller adds to profile namespaces; it never replaces a label\n# that is already set, and removes one whose value is ''.\n${stringify(props.namespaceLabels)}`,
    };
    new k8s.KubeConfigMap(this, 'LabelsConfig', { metadata: { name: LABELS_CONFIG, namespace: ns, labels }, data: namespaceLabels });
    new k8s.KubeConfigMap(this, 'Config', { metadata: { name: CONFIG, namespace: ns, labels }, data: config });

    new k8s.KubeService(this, 'Service', {
      metadata: { name: 'profiles-kfam', namespace: ns, labels },
      spec: { ports: [{ port: KFAM_PORT }], selector: selectorLabels(labels) },
    });

    const envFrom = [{ configMapRef: { name: CONFIG } }];
    const http = (path: string, port: number, initialDelaySeconds: number, periodSeconds: number): k8s.Probe => ({
      httpGet: { path, port: k8s.IntOrString.fromNumber(port) }, initialDelaySeconds, periodSeconds,
    });
    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: { name: 'profiles-deployment', namespace: ns, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: selectorLabels(labels) },
        template: {
          metadata: {
            labels: { ...labels, 'sidecar.istio.io/inject': 'true' },
            annotations: { 'kubeflow-iac.io/config-hash': configHash([config, namespaceLabels]) },
          },
          spec: {
            serviceAccountName: SA,
            securityContext: restrictedPod(),
            containers: [
              {
                name: 'kfam',
                image: images.ref('profiles/kfam'),
                imagePullPolicy: 'IfNotPresent',
                command: ['/access-management', '-cluster-admin', '$(ADMIN)', '-userid-header', '$(USERID_HEADER)', '-userid-prefix', '$(USERID_PREFIX)'],
                envFrom,
                ports: [{ containerPort: KFAM_PORT, name: 'kfam-http', protocol: 'TCP' }],
                livenessProbe: http('/metrics', KFAM_PORT, 30, 30),
                resources: sizing.resources('small'),
                securityContext: restrictedContainer(),
              },
              {
                name: 'manager',
                image: images.ref('profiles/profile-controller'),
                imagePullPolicy: 'IfNotPresent',
                command: ['/manager', '-userid-header', '$(USERID_HEADER)', '-userid-prefix', '$(USERID_PREFIX)', '-workload-identity', '$(WORKLOAD_IDENTITY)'],
                envFrom,
                ports: [{ containerPort: MANAGER_PORT }],
                livenessProbe: http('/healthz', MANAGER_PORT, 15, 20),
                readinessProbe: http('/readyz', MANAGER_PORT, 5, 10),
                resources: sizing.resources('medium'),
                securityContext: restrictedContainer(),
                volumeMounts: [{ mountPath: LABELS_DIR, name: 'namespace-labels', readOnly: true }],
              },
            ],
            volumes: [{ name: 'namespace-labels', configMap: { name: LABELS_CONFIG } }],
          },
        },
      },
    });

    // The dashboard reaches KFAM through the gateway at /kfam/; only the dashboard may call it.
    new ApiObject(this, 'VirtualService', {
      apiVersion: 'networking.istio.io/v1alpha3',
      kind: 'VirtualService',
      metadata: { name: 'profiles-kfam', namespace: ns, labels },
      spec: {
        gateways: [props.gateway ?? gatewayFrom(ns, gateways.gateway)],
        hosts: ['*'],
        http: [{
          headers: { request: { add: { 'x-forwarded-prefix': '/kfam' } } },
          match: [{ uri: { prefix: '/kfam/' } }],
          rewrite: { uri: '/kfam/' },
          route: [{ destination: { host: `profiles-kfam.${ns}.svc.cluster.local`, port: { number: KFAM_PORT } } }],
        }],
      },
    });
    allowPrincipals(this, 'AuthorizationPolicy', { name: 'profiles-kfam', namespace: ns, labels }, [`cluster.local/ns/${ns}/sa/centraldashboard`], selectorLabels(labels));
  }
}
