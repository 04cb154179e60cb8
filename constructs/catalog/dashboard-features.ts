// How upstream lays out the central dashboard, the profile controller with KFAM and the
// PodDefaults webhook: object names, selectors and the few behaviours that moved with them.
// kubeflow/kubeflow v1.10.0 (releases v1.11.0 and 26.03) and kubeflow/dashboard v2.0.0
// (26.03.1) differ; each release catalog picks one, and the constructs read it.

/** Probes and port of one container. */
export interface ContainerLayout {
  readonly name: string;
  /** Name of the container port. @default unnamed */
  readonly portName?: string;
  readonly liveness: { readonly initialDelaySeconds: number; readonly periodSeconds: number };
  /** A readiness probe (each container's path is fixed in its construct). @default none */
  readonly readiness?: { readonly initialDelaySeconds: number; readonly periodSeconds: number };
}

/** What every one of the three workloads has. */
export interface WorkloadLayout {
  /**
   * Selector of the Deployment, its Service and pods: upstream's, so an upstream install is
   * adopted in place (selectors are immutable). Object metadata carries the same labels
   * except `app.kubernetes.io/managed-by`, which says kubeflow-iac there.
   */
  readonly selector: Readonly<Record<string, string>>;
  /** Pods name their main container in `kubectl.kubernetes.io/default-container`. */
  readonly defaultContainerAnnotation: boolean;
  /** The component brings its own NetworkPolicies; else the kubeflow namespace's table has them. */
  readonly ownNetworkPolicies: boolean;
}

export interface DashboardLayout extends WorkloadLayout {
  /** Name of the ServiceAccount, Role, ClusterRole, bindings, Service, Deployment, VirtualService. */
  readonly name: string;
  /** The links and settings ConfigMap. */
  readonly configMap: string;
  /** The user-header, registration and metrics parameters ConfigMap. */
  readonly parametersConfigMap: string;
  readonly authorizationPolicy: string;
  /** Pods the AuthorizationPolicy selects. */
  readonly policySelector: Readonly<Record<string, string>>;
  readonly container: ContainerLayout;
  /**
   * The Deployment reads its parameters from the parameters ConfigMap (`envFrom`, keys
   * without the `CD_` prefix); else they are env values, and the ConfigMap holds
   * kustomize's `CD_*` parameters for tools only.
   */
  readonly parametersFromConfigMap: boolean;
  /** The Role lets the dashboard exec into pods and read Secrets (dropped in v2.0.0). */
  readonly roleExecAndSecrets: boolean;
}

export interface ProfilesLayout extends WorkloadLayout {
  /** The profile-namespace labels ConfigMap. */
  readonly namespaceLabelsConfigMap: string;
  /** Labels of the Profile CRD. */
  readonly crdLabels: Readonly<Record<string, string>>;
  /** controller-gen 0.16 marks references, owner and selectors `x-kubernetes-map-type: atomic`. */
  readonly crdAtomicMaps: boolean;
  readonly kfam: ContainerLayout;
  readonly manager: ContainerLayout & { readonly args: readonly string[] };
  /** Name of KFAM's Service port. @default unnamed */
  readonly kfamServicePortName?: string;
  /** The KFAM route adds `x-forwarded-prefix: /kfam`. */
  readonly kfamForwardedPrefix: boolean;
  /** What leader election locks: ConfigMaps (with their status) or coordination Leases. */
  readonly leaderElection: 'configmaps' | 'leases';
  /** kubebuilder's `profiles-profile-editor-role` and `-viewer-role`, for admins to bind. */
  readonly profileRoles: boolean;
}

export interface PodDefaultsLayout extends WorkloadLayout {
  /** Prefix of every object name (`<prefix>-service`, `<prefix>-deployment`, ...) and the container name. */
  readonly prefix: string;
  /** Secret cert-manager issues the serving certificate into. */
  readonly certSecret: string;
  /** The PodDefault CRD has a status subresource. */
  readonly crdStatusSubresource: boolean;
  /** controller-gen 0.16 marks references and selectors `x-kubernetes-map-type: atomic`. */
  readonly crdAtomicMaps: boolean;
}

/** Metadata labels of a workload's objects: its selector, with kubeflow-iac's managed-by label left to the chart. */
export function metadataLabels(layout: WorkloadLayout): Record<string, string> {
  return Object.fromEntries(Object.entries(layout.selector).filter(([k]) => k !== 'app.kubernetes.io/managed-by'));
}

const probe = (initialDelaySeconds: number, periodSeconds: number) => ({ initialDelaySeconds, periodSeconds });

/** kubeflow/kubeflow v1.10.0 (apps/centraldashboard, apps/profiles, apps/admission-webhook). */
export const KUBEFLOW_1_10 = {
  dashboard: {
    name: 'centraldashboard',
    configMap: 'centraldashboard-config',
    parametersConfigMap: 'centraldashboard-parameters',
    authorizationPolicy: 'central-dashboard',
    selector: { app: 'centraldashboard', 'app.kubernetes.io/component': 'centraldashboard', 'app.kubernetes.io/name': 'centraldashboard', 'kustomize.component': 'centraldashboard' },
    policySelector: { app: 'centraldashboard' },
    container: { name: 'centraldashboard', liveness: probe(30, 30) },
    defaultContainerAnnotation: false,
    ownNetworkPolicies: false,
    parametersFromConfigMap: false,
    roleExecAndSecrets: true,
  },
  profiles: {
    selector: { 'kustomize.component': 'profiles' },
    namespaceLabelsConfigMap: 'namespace-labels-data',
    crdLabels: { 'kustomize.component': 'profiles' },
    crdAtomicMaps: false,
    kfam: { name: 'kfam', portName: 'kfam-http', liveness: probe(30, 30) },
    manager: { name: 'manager', liveness: probe(15, 20), readiness: probe(5, 10), args: [] },
    kfamForwardedPrefix: true,
    leaderElection: 'configmaps',
    profileRoles: false,
    defaultContainerAnnotation: false,
    ownNetworkPolicies: false,
  },
  podDefaults: {
    prefix: 'admission-webhook',
    certSecret: 'webhook-certs',
    selector: { app: 'poddefaults', 'app.kubernetes.io/component': 'poddefaults', 'app.kubernetes.io/name': 'poddefaults', 'kustomize.component': 'poddefaults' },
    crdStatusSubresource: false,
    crdAtomicMaps: false,
    defaultContainerAnnotation: false,
    ownNetworkPolicies: false,
  },
} as const satisfies { dashboard: DashboardLayout; profiles: ProfilesLayout; podDefaults: PodDefaultsLayout };

// kubeflow/dashboard's kustomize labels; `managed-by: kustomize` is in its selectors too.
const v2Selector = (app: string, component: string, name: string) => ({
  app, 'app.kubernetes.io/component': component, 'app.kubernetes.io/managed-by': 'kustomize', 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'kubeflow-dashboard',
});
const DASHBOARD_2_0_SELECTOR = v2Selector('kubeflow-dashboard', 'dashboard', 'centraldashboard');

/** kubeflow/dashboard v2.0.0 (one repository for all three). */
export const DASHBOARD_2_0 = {
  dashboard: {
    name: 'dashboard',
    configMap: 'dashboard-config',
    parametersConfigMap: 'dashboard-parameters',
    authorizationPolicy: 'dashboard',
    selector: DASHBOARD_2_0_SELECTOR,
    policySelector: DASHBOARD_2_0_SELECTOR,
    container: { name: 'dashboard', portName: 'http', liveness: probe(15, 30), readiness: probe(15, 30) },
    defaultContainerAnnotation: true,
    ownNetworkPolicies: true,
    parametersFromConfigMap: true,
    roleExecAndSecrets: false,
  },
  profiles: {
    selector: v2Selector('profile-controller', 'controller-manager', 'profile-controller'),
    namespaceLabelsConfigMap: 'profiles-namespace-labels-data',
    crdLabels: { 'app.kubernetes.io/name': 'profile-controller', 'app.kubernetes.io/part-of': 'kubeflow-dashboard' },
    crdAtomicMaps: true,
    kfam: { name: 'access-management', portName: 'http-kfam', liveness: probe(15, 30), readiness: probe(15, 30) },
    manager: {
      name: 'manager', portName: 'http', liveness: probe(15, 30), readiness: probe(5, 10),
      args: ['--leader-elect', '--health-probe-bind-address=:9876', '--metrics-bind-address=0'],
    },
    kfamServicePortName: 'http-kfam',
    kfamForwardedPrefix: false,
    leaderElection: 'leases',
    profileRoles: true,
    defaultContainerAnnotation: true,
    ownNetworkPolicies: true,
  },
  podDefaults: {
    prefix: 'poddefaults-webhook',
    certSecret: 'poddefaults-webhook-certs',
    selector: v2Selector('poddefaults', 'poddefaults', 'poddefaults-webhook'),
    crdStatusSubresource: true,
    crdAtomicMaps: true,
    defaultContainerAnnotation: true,
    ownNetworkPolicies: true,
  },
} as const satisfies { dashboard: DashboardLayout; profiles: ProfilesLayout; podDefaults: PodDefaultsLayout };
