import { ComponentKey } from '../config/schema';
import { Peer } from '../core/network-policy';

/** A Kubeflow NetworkPolicy, and the component it opens a door for. */
export interface PolicySpec {
  readonly namespace: 'kubeflow' | 'kubeflow-system';
  readonly name: string;
  /** Dropped when this component is not installed. @default kept always */
  readonly component?: ComponentKey;
  readonly select: Readonly<Record<string, string | readonly string[]>>;
  readonly selectByLabels?: boolean;
  readonly from?: readonly Peer[];
  readonly ports?: readonly number[];
}

/** Stands for the ingress gateway's namespace; `KubeflowNamespaces` puts the platform's in its place. */
export const GATEWAY_PEER: Peer = { namespaces: ['istio-system'] };
const gateway = GATEWAY_PEER;
const tenants: Peer = { namespaceLabel: 'app.kubernetes.io/part-of', values: ['kubeflow-profile'] };
const same: Peer = { sameNamespace: true };

/**
 * Upstream's policies for the Kubeflow namespaces: web apps reachable from the
 * gateway, APIs from tenant namespaces, webhook ports from the API server.
 * Model registry and the legacy training operator have no component here; their
 * policies are kept so an adopted install keeps its rules.
 */
export const KUBEFLOW_POLICIES: readonly PolicySpec[] = [
  { namespace: 'kubeflow-system', name: 'jobset-webhook', component: 'trainer', select: { 'service.istio.io/canonical-name': 'jobset-controller-manager' }, selectByLabels: true, ports: [9443] },
  { namespace: 'kubeflow-system', name: 'trainer-webhook', component: 'trainer', select: { 'service.istio.io/canonical-name': 'trainer' }, selectByLabels: true, ports: [9443] },
  { namespace: 'kubeflow', name: 'cache-server', component: 'pipelines', select: { app: 'cache-server' }, ports: [8443] },
  { namespace: 'kubeflow', name: 'centraldashboard', component: 'dashboard', select: { app: 'centraldashboard' }, from: [gateway, same] },
  { namespace: 'kubeflow', name: 'jupyter-web-app', component: 'notebooks', select: { app: 'jupyter-web-app' }, from: [gateway, same] },
  { namespace: 'kubeflow', name: 'katib-controller', component: 'katib', select: { 'katib.kubeflow.org/component': 'controller' }, ports: [8443] },
  { namespace: 'kubeflow', name: 'katib-db-manager', component: 'katib', select: { 'katib.kubeflow.org/component': 'db-manager' }, from: [tenants, same] },
  { namespace: 'kubeflow', name: 'katib-ui', component: 'katib', select: { 'katib.kubeflow.org/component': 'ui' }, from: [gateway] },
  { namespace: 'kubeflow', name: 'kserve', component: 'kserve', select: { 'control-plane': 'kserve-controller-manager' }, ports: [9443] },
  { namespace: 'kubeflow', name: 'kserve-models-web-app', component: 'kserve', select: { 'app.kubernetes.io/component': 'kserve-models-web-app' }, from: [gateway] },
  { namespace: 'kubeflow', name: 'metadata-grpc-server', component: 'pipelines', select: { component: 'metadata-grpc-server' }, from: [tenants, same] },
  // The misspelling is upstream's object name; kept so an adopted install is updated, not duplicated.
  { namespace: 'kubeflow', name: 'metatada-envoy', component: 'pipelines', select: { component: 'metadata-envoy' }, from: [gateway, same] },
  { namespace: 'kubeflow', name: 'ml-pipeline', component: 'pipelines', select: { app: 'ml-pipeline' }, from: [tenants, gateway] },
  { namespace: 'kubeflow', name: 'ml-pipeline-ui', component: 'pipelines', select: { app: 'ml-pipeline-ui' }, from: [gateway] },
  { namespace: 'kubeflow', name: 'model-catalog', select: { component: 'model-catalog-server' }, from: [tenants, gateway], ports: [8080] },
  { namespace: 'kubeflow', name: 'model-registry', select: { component: 'model-registry-server' }, from: [tenants, gateway], ports: [8080] },
  { namespace: 'kubeflow', name: 'model-registry-ui', select: { app: 'model-registry-ui' }, from: [gateway, same] },
  { namespace: 'kubeflow', name: 'poddefaults', component: 'profiles', select: { app: 'poddefaults' }, ports: [4443] },
  { namespace: 'kubeflow', name: 'pvcviewer-webhook', component: 'pvcViewer', select: { app: 'pvcviewer' }, ports: [9443] },
  { namespace: 'kubeflow', name: 'spark-operator-webhook', component: 'spark', select: { 'app.kubernetes.io/name': 'spark-operator', 'app.kubernetes.io/component': 'webhook' }, ports: [9443] },
  { namespace: 'kubeflow', name: 'tensorboards-web-app', component: 'tensorboards', select: { app: 'tensorboards-web-app' }, from: [gateway], ports: [5000] },
  { namespace: 'kubeflow', name: 'training-operator-webhook', select: { 'control-plane': 'kubeflow-training-operator' }, ports: [9443] },
  { namespace: 'kubeflow', name: 'volumes-web-app', component: 'volumes', select: { app: 'volumes-web-app' }, from: [gateway, same] },
];

/** Policies only releases before 26.03 had, in the kubeflow namespace. */
export const LEGACY_POLICIES: readonly PolicySpec[] = [
  { namespace: 'kubeflow', name: 'cert-manager-webhook', component: 'certManager', select: { 'app.kubernetes.io/name': 'webhook', 'app.kubernetes.io/component': 'webhook' }, ports: [10250] },
  { namespace: 'kubeflow', name: 'minio', component: 'pipelines', select: { app: 'minio' }, from: [tenants, gateway, same] },
];
