import { createHash } from 'crypto';
import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { ConfigInput } from '../core/component-config';
import { ComponentContext, resolveContext } from '../core/context';
import { selectorLabels } from '../core/labels';
import { ALL_VERBS, clusterRole, clusterRoleBinding, READ, role, roleBinding, rule, serviceAccount } from '../core/rbac';
import { restrictedContainer } from '../core/security';
import { deployment } from '../core/workload';
import { DEFAULT_USER_PRINCIPALS } from '../tenants/namespace';
import { allowPrincipals, gatewayFrom, ingressPrincipal } from '../core/mesh-policy';
import { ingressPolicy } from '../core/network-policy';
import { ContainerLayout, metadataLabels, ProfilesLayout } from '../catalog/dashboard-features';
import { profilesOptions, userIdOptions } from './config';

// userIdHeader, userIdPrefix and clusterAdmins are config fields: their defaults live in the schema.
export interface ProfileControllerProps extends ComponentContext, ConfigInput<typeof userIdOptions>, Pick<ConfigInput<typeof profilesOptions>, 'clusterAdmins'> {
  /** @default "kubeflow" */
  readonly namespace?: string;
  /** GCP service account patched into every profile's WorkloadIdentity plugin. @default none */
  readonly workloadIdentity?: string;
  /** Labels the controller puts on every profile namespace it creates. */
  readonly namespaceLabels: Readonly<Record<string, string>>;
  /** Annotations of the controller's service account (a cloud identity). @default none */
  readonly serviceAccountAnnotations?: Readonly<Record<string, string>>;
  /** Istio gateway the KFAM route is bound to. @default the context's `gateways.gateway` */
  readonly gateway?: string;
  /** Object names, selectors and upstream layout. @default the release catalog's `profilesLayout` */
  readonly layout?: ProfilesLayout;
  /** The dashboard's service account, KFAM's only caller. @default the release catalog's dashboard name */
  readonly dashboardServiceAccount?: string;
}

const SA = 'profiles-controller-service-account';
const CONFIG = 'profiles-config';
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
    const layout = props.layout ?? images.catalog.features.profilesLayout;
    const dashboard = props.dashboardServiceAccount ?? images.catalog.features.dashboardLayout.name;
    const ns = props.namespace ?? 'kubeflow';
    const selector = selectorLabels(layout.selector);
    const labels = metadataLabels(layout);
    const meta = { labels };

    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: SA, namespace: ns, labels, ...(props.serviceAccountAnnotations ? { annotations: { ...props.serviceAccountAnnotations } } : {}) },
    });
    // Upstream elects a leader from 26.03.1 on; before, one replica runs without it. A second
    // replica (large) must elect one too: the manager's --leader-elect, on a Lease.
    const electing = sizing.controllerReplicas > 1 && !layout.manager.args.includes('--leader-elect');
    const managerArgs = [...layout.manager.args, ...(electing ? ['--leader-elect'] : [])];
    role(this, ns, 'profiles-leader-election-role', layout.leaderElection === 'leases'
      ? [rule('', ['configmaps'], ALL_VERBS), rule('coordination.k8s.io', ['leases'], ALL_VERBS), rule('', ['events'], ['create', 'patch'])]
      : [rule('', ['configmaps'], ALL_VERBS), rule('', ['configmaps/status'], ['get', 'update', 'patch']), rule('', ['events'], ['create']),
        ...(electing ? [rule('coordination.k8s.io', ['leases'], ALL_VERBS)] : [])], meta);
    roleBinding(this, ns, 'profiles-leader-election-rolebinding', { kind: 'Role', name: 'profiles-leader-election-role' }, [serviceAccount(ns, SA)], meta);
    // Upstream binds cluster-admin: the controller creates namespaces and binds their owners to
    // kubeflow-admin, which RBAC allows only to holders of every right it grants.
    clusterRoleBinding(this, 'profiles-cluster-rolebinding', 'cluster-admin', [serviceAccount(ns, SA)], meta);
    if (layout.profileRoles) {
      const status = rule('kubeflow.org', ['profiles/status'], ['get']);
      clusterRole(this, 'profiles-profile-editor-role', [rule('kubeflow.org', ['profiles'], ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']), status], meta);
      clusterRole(this, 'profiles-profile-viewer-role', [rule('kubeflow.org', ['profiles'], READ), status], meta);
    }

    const o = userIdOptions.parse({ userIdHeader: props.userIdHeader, userIdPrefix: props.userIdPrefix });
    const config = {
      ADMIN: profilesOptions.shape.clusterAdmins.parse(props.clusterAdmins).join(','),
      ISTIO_INGRESS_GATEWAY_PRINCIPAL: ingressPrincipal(gateways),
      KFP_UI_PRINCIPAL: DEFAULT_USER_PRINCIPALS.pipelinesUi,
      NOTEBOOK_CONTROLLER_PRINCIPAL: `cluster.local/ns/${ns}/sa/notebook-controller-service-account`,
      USERID_HEADER: o.userIdHeader,
      USERID_PREFIX: o.userIdPrefix,
      WORKLOAD_IDENTITY: props.workloadIdentity ?? '',
    };
    const namespaceLabels = {
      'namespace-labels.yaml': `# Labels the profile controller adds to profile namespaces; it never replaces a label\n# that is already set, and removes one whose value is ''.\n${stringify(props.namespaceLabels)}`,
    };
    new k8s.KubeConfigMap(this, 'LabelsConfig', { metadata: { name: layout.namespaceLabelsConfigMap, namespace: ns, labels }, data: namespaceLabels });
    new k8s.KubeConfigMap(this, 'Config', { metadata: { name: CONFIG, namespace: ns, labels }, data: config });

    new k8s.KubeService(this, 'Service', {
      metadata: { name: 'profiles-kfam', namespace: ns, labels },
      spec: {
        ports: [layout.kfamServicePortName
          ? { name: layout.kfamServicePortName, port: KFAM_PORT, protocol: 'TCP', targetPort: k8s.IntOrString.fromNumber(KFAM_PORT) }
          : { port: KFAM_PORT }],
        selector,
      },
    });

    const envFrom = [{ configMapRef: { name: CONFIG } }];
    const http = (path: string, port: number, p: { initialDelaySeconds: number; periodSeconds: number }): k8s.Probe => ({
      httpGet: { path, port: k8s.IntOrString.fromNumber(port) }, initialDelaySeconds: p.initialDelaySeconds, periodSeconds: p.periodSeconds,
    });
    const port = (containerPort: number, c: ContainerLayout, protocol?: string): k8s.ContainerPort => ({
      containerPort, ...(c.portName ? { name: c.portName } : {}), ...(protocol ? { protocol } : {}),
    });
    const { kfam, manager } = layout;
    deployment(this, {
      id: 'Deployment',
      name: 'profiles-deployment',
      namespace: ns,
      labels,
      selector,
      podLabels: { 'sidecar.istio.io/inject': 'true' },
      podAnnotations: {
        ...(layout.defaultContainerAnnotation ? { 'kubectl.kubernetes.io/default-container': manager.name } : {}),
        'kubeflow-iac.io/config-hash': configHash([config, namespaceLabels]),
      },
      replicas: sizing.controllerReplicas, // kfam beside the manager is stateless
      serviceAccount: SA,
      containers: [
        {
          name: kfam.name,
          image: images.ref('profiles/kfam'),
          imagePullPolicy: 'IfNotPresent',
          command: ['/access-management', '-cluster-admin', '$(ADMIN)', '-userid-header', '$(USERID_HEADER)', '-userid-prefix', '$(USERID_PREFIX)'],
          envFrom,
          ports: [port(KFAM_PORT, kfam, 'TCP')],
          livenessProbe: http('/metrics', KFAM_PORT, kfam.liveness),
          ...(kfam.readiness ? { readinessProbe: http('/metrics', KFAM_PORT, kfam.readiness) } : {}),
          resources: sizing.resources('small'),
          securityContext: restrictedContainer(),
        },
        {
          name: manager.name,
          image: images.ref('profiles/profile-controller'),
          imagePullPolicy: 'IfNotPresent',
          command: ['/manager', '-userid-header', '$(USERID_HEADER)', '-userid-prefix', '$(USERID_PREFIX)', '-workload-identity', '$(WORKLOAD_IDENTITY)'],
          ...(managerArgs.length ? { args: managerArgs } : {}),
          envFrom,
          ports: [port(MANAGER_PORT, manager, manager.portName ? 'TCP' : undefined)],
          livenessProbe: http('/healthz', MANAGER_PORT, manager.liveness),
          ...(manager.readiness ? { readinessProbe: http('/readyz', MANAGER_PORT, manager.readiness) } : {}),
          resources: sizing.resources('medium'),
          securityContext: restrictedContainer(),
          volumeMounts: [{ mountPath: LABELS_DIR, name: 'namespace-labels', readOnly: true }],
        },
      ],
      volumes: [{ name: 'namespace-labels', configMap: { name: layout.namespaceLabelsConfigMap } }],
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
          ...(layout.kfamForwardedPrefix ? { headers: { request: { add: { 'x-forwarded-prefix': '/kfam' } } } } : {}),
          match: [{ uri: { prefix: '/kfam/' } }],
          rewrite: { uri: '/kfam/' },
          route: [{ destination: { host: `profiles-kfam.${ns}.svc.cluster.local`, port: { number: KFAM_PORT } } }],
        }],
      },
    });
    if (layout.ownNetworkPolicies) {
      ingressPolicy(this, {
        namespace: ns, name: 'profiles-kfam', select: selector, selectByLabels: true,
        from: [{ namespaces: ['istio-system'] }, { namespaces: [ns] }], ports: [KFAM_PORT], labels,
      });
    }
    allowPrincipals(this, 'AuthorizationPolicy', { name: 'profiles-kfam', namespace: ns, labels }, [`cluster.local/ns/${ns}/sa/${dashboard}`], selector);
  }
}
