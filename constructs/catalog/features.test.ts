import { EphemeralSecretStore } from '../core/secrets';
import { parseConfig } from '../config/load';
import { PlatformConfigInput } from '../config/schema';
import { KubeflowPlatform } from '../platform/platform';
import { Obj } from '../platform/test-helpers';
import { readDashboardLayout } from '../dashboard/test-helpers';
import { readPodDefaultsLayout, readProfilesLayout } from '../profiles/test-helpers';
import { catalogFor, Release, ReleaseFeatures, RELEASES } from '.';

// Each release feature, read back from what the platform renders. The map is typed by the
// feature names, so a feature added to ReleaseFeatures without a probe here does not compile.
interface Rendered {
  readonly release: Release;
  readonly objs: readonly Obj[];
  readonly get: (kind: string, name: string, namespace?: string) => Obj | undefined;
}
type Probe<K extends keyof ReleaseFeatures> = (r: Rendered) => ReleaseFeatures[K];

const json = (o: unknown) => JSON.stringify(o ?? null);
const env = (d: Obj | undefined) => (d?.spec.template.spec.containers as { env?: { name: string }[] }[]).flatMap((c) => (c.env ?? []).map((e) => e.name));
const iscData = (r: Rendered, key: string) => JSON.parse(r.get('ConfigMap', 'inferenceservice-config', 'kubeflow')!.data[key]);
const modelsWebApp = (r: Rendered, kind: string) => r.objs.filter((o) => o.kind === kind && o.metadata.labels?.['app.kubernetes.io/component']?.startsWith('kserve-models-web-app'));
const istioAccepts = (release: Release, version: string) => {
  try {
    parseConfig({ release, components: { istio: { enabled: false, external: true, existing: { version } } } });
    return true;
  } catch {
    return false;
  }
};
const ISTIO_MINORS = ['1.24', '1.25', '1.26', '1.27', '1.28', '1.29', '1.30', '1.31', '1.32'];

const PROBES: { readonly [K in keyof ReleaseFeatures]: Probe<K> } = {
  kubeflowEditImpersonate: (r) => json(r.get('ClusterRole', 'kubeflow-kubernetes-edit')).includes('"impersonate"'),
  kubeflowPoliciesInKubeflowNamespace: (r) => r.get('NetworkPolicy', 'default-allow-same-namespace-istio-system', 'kubeflow') !== undefined,
  certManagerTokenRequestBinding: (r) => {
    const names = r.objs.filter((o) => o.kind === 'RoleBinding' && o.metadata.name.endsWith('tokenrequest')).map((o) => o.metadata.name);
    expect(names).toHaveLength(1);
    return names[0] as ReleaseFeatures['certManagerTokenRequestBinding'];
  },
  certManagerLabels: (r) => (r.get('Deployment', 'cert-manager-webhook', 'cert-manager')!.metadata.labels!['app.kubernetes.io/component'] === 'webhook' ? 'chart' : 'kubeflow-overlay'),
  dexReplicas: (r) => r.get('Deployment', 'dex', 'auth')!.spec.replicas,
  istioChartVersion: (r) => r.get('Deployment', 'istiod', 'istio-system')!.metadata.labels!['helm.sh/chart'].replace(/^istiod-/, ''),
  istioReaderReadsConfigMaps: (r) => json(r.get('ClusterRole', 'istio-reader-clusterrole-istio-system')).includes('"configmaps"'),
  istioListenerSets: (r) => (json(r.get('ClusterRole', 'istiod-clusterrole-istio-system')).includes('"listenersets/status"') ? 'standard' : 'experimental'),
  istioTrafficExtension: (r) => r.get('CustomResourceDefinition', 'trafficextensions.extensions.istio.io') !== undefined,
  istioNamespacePolicies: (r) => r.objs.some((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'istio-system'),
  istioMinVersion: (r) => `${ISTIO_MINORS.find((m) => istioAccepts(r.release, `${m}.0`))}.0`,
  istioMaxVersion: (r) => [...ISTIO_MINORS].reverse().find((m) => istioAccepts(r.release, `${m}.99`))!,
  knativeMetrics: (r) => (env(r.get('Deployment', 'activator', 'knative-serving')).includes('METRICS_DOMAIN') ? 'opencensus' : 'opentelemetry'),
  knativeEndpointSlices: (r) => json(r.get('ClusterRole', 'knative-serving-core')).includes('"endpointslices"'),
  kfpObjectStoreService: (r) => (json(r.get('Deployment', 'ml-pipeline', 'kubeflow')).includes('"minio-service.kubeflow"') ? 'minio-service' : 'seaweedfs'),
  kfpSeaweedfsS3CompatPort: (r) => json(r.get('Service', 'seaweedfs', 'kubeflow')).includes('"http-s3-compat"'),
  kfpClusterDomain: (r) => env(r.get('Deployment', 'ml-pipeline', 'kubeflow')).includes('CLUSTER_DOMAIN'),
  kfpDefaultPipelineSecurityContext: (r) => 'defaultSecurityContextRunAsUser' in r.get('ConfigMap', 'pipeline-install-config', 'kubeflow')!.data,
  kfpPublicVersionConfigMap: (r) => r.get('ConfigMap', 'kubeflow-pipelines-public', 'kubeflow') !== undefined,
  kfpScheduledWorkflowMetrics: (r) => env(r.get('Deployment', 'ml-pipeline-scheduledworkflow', 'kubeflow')).includes('METRICS_PORT'),
  kfpMetadataGrpcMessageLimits: (r) => json(r.get('Deployment', 'metadata-grpc-deployment', 'kubeflow')).includes('grpc.max_receive_message_length'),
  kfpRestrictedArgoExecutor: (r) => json(r.get('ConfigMap', 'workflow-controller-configmap', 'kubeflow')!.data).includes('securityContext'),
  kfpV1PipelineGate: (r) => env(r.get('Deployment', 'ml-pipeline', 'kubeflow')).includes('BLOCK_V1_PIPELINES')
    && 'BLOCK_V1_PIPELINES' in r.get('ConfigMap', 'pipeline-install-config', 'kubeflow')!.data,
  kserveLlmInferenceService: (r) => r.get('CustomResourceDefinition', 'llminferenceservices.serving.kserve.io') !== undefined,
  // Releases without the LLM controller render neither; their catalogs keep the first values.
  kserveLlmManagerRole: (r) => r.get('ClusterRoleBinding', 'llmisvc-manager-rolebinding')?.roleRef.name ?? 'llmisvc-manager-role',
  kserveLlmStorageVersion: (r) => r.get('CustomResourceDefinition', 'llminferenceservices.serving.kserve.io')?.spec.versions.find((v: { storage: boolean }) => v.storage).name ?? 'v1alpha1',
  kserveInferenceExtension: (r) => (r.get('CustomResourceDefinition', 'inferencepools.inference.networking.k8s.io') ? 'v1.3.1' : 'v1alpha2'),
  kserveLocalModelWebhook: (r) => r.get('Service', 'localmodel-webhook-server-service', 'kubeflow') !== undefined
    && r.get('CustomResourceDefinition', 'localmodelnamespacecaches.serving.kserve.io') !== undefined,
  kservePredictiveServer: (r) => r.get('ClusterServingRuntime', 'kserve-predictiveserver') !== undefined,
  kserveStorageContainerV018: (r) => r.get('ClusterStorageContainer', 'default')!.spec.supportsMultiModelDownload === true,
  kserveAutoscalerWindows: (r) => 'autoscaler' in r.get('ConfigMap', 'inferenceservice-config', 'kubeflow')!.data,
  kservePathRouting: (r) => iscData(r, 'ingress').pathTemplate !== undefined,
  kserveCollectorResources: (r) => iscData(r, 'opentelemetryCollector').resource !== undefined,
  kserveDirectPvcMountFlag: (r) => iscData(r, 'storageInitializer').enableDirectPvcVolumeMount !== undefined,
  modelsWebAppName: (r) => {
    // Every object of the app, its route and its NetworkPolicy carry the one name.
    const names = new Set(r.objs.filter((o) => o.metadata.name.startsWith('kserve-models-web-app')).map((o) => o.metadata.name.replace(/-(config|cluster-role|binding)$/, '')));
    expect(names.size).toBe(1);
    expect(r.get('NetworkPolicy', [...names][0], 'kubeflow')).toBeDefined();
    return [...names][0] as ReleaseFeatures['modelsWebAppName'];
  },
  modelsWebAppInferenceGraphs: (r) => json(modelsWebApp(r, 'ClusterRole')).includes('"inferencegraphs"'),
  modelsWebAppHeaderLimit: (r) => env(modelsWebApp(r, 'Deployment')[0]).includes('GUNICORN_CMD_ARGS'),
  trainerStatusServer: (r) => json(r.get('Service', 'kubeflow-trainer-controller-manager', 'kubeflow-system')).includes('"status-server"'),
  trainerJobDefaulter: (r) => r.get('MutatingWebhookConfiguration', 'defaulter.trainer.kubeflow.org') !== undefined,
  trainerPublicVersionConfigMap: (r) => r.get('ConfigMap', 'kubeflow-trainer-public', 'kubeflow-system') !== undefined,
  trainerRuntimes: (r) => r.objs.filter((o) => o.kind === 'ClusterTrainingRuntime').map((o) => o.metadata.name).sort() as ReleaseFeatures['trainerRuntimes'],
  trainerTorchAutoProcs: (r) => r.get('ClusterTrainingRuntime', 'torch-distributed')!.spec.mlPolicy.torch.numProcPerNode === 'auto',
  trainerFrameworkPolicies: (r) => r.get('CustomResourceDefinition', 'clustertrainingruntimes.trainer.kubeflow.org')!.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.mlPolicy.properties.jax !== undefined,
  trainerVolumeClaimPolicies: (r) => r.get('ClusterTrainingRuntime', 'torchtune-llama3.2-1b')!.spec.template.spec.volumeClaimPolicies !== undefined,
  jobsetLabels: (r) => ('app.kubernetes.io/instance' in r.get('Deployment', 'jobset-controller-manager', 'kubeflow-system')!.spec.selector.matchLabels ? 'jobset-wide' : 'per-object'),
  jobsetNamespacedSecrets: (r) => r.get('Role', 'jobset-manager-secrets-role', 'kubeflow-system') !== undefined,
  jupyterGaudiImage: (r) => json(r.get('ConfigMap', 'jupyter-web-app-config', 'kubeflow')).includes('jupyter-pytorch-gaudi-full'),
  sparkConnect: (r) => json(r.get('MutatingWebhookConfiguration', 'spark-operator-webhook')).includes('-sparkconnect"'),
  dashboardLayout: (r) => readDashboardLayout(r.objs),
  profilesLayout: (r) => readProfilesLayout(r.objs),
  podDefaultsLayout: (r) => readPodDefaultsLayout(r.objs),
  hub: (r) => r.get('Deployment', 'model-catalog-server', 'kubeflow') !== undefined,
};

const rendered = new Map<Release, Rendered>();
function render(release: Release, input: PlatformConfigInput = {}): Rendered {
  let r = rendered.get(release);
  if (!r) {
    const objs = new KubeflowPlatform(parseConfig({ ...input, release }), new EphemeralSecretStore()).manifests() as unknown as Obj[];
    const get = (kind: string, name: string, namespace?: string) =>
      objs.find((o) => o.kind === kind && o.metadata.name.replace(/-[a-z0-9]{10}$/, '') === name && (namespace === undefined || o.metadata.namespace === namespace))
      ?? objs.find((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));
    rendered.set(release, (r = { release, objs, get }));
  }
  return r;
}

const FEATURES = Object.keys(PROBES) as (keyof ReleaseFeatures)[];

describe.each(RELEASES)('release %s', (release) => {
  test.each(FEATURES)('%s: the output does what the catalog says', (feature) => {
    const probe = PROBES[feature] as (r: Rendered) => unknown;
    expect(probe(render(release))).toEqual(catalogFor(release).features[feature]);
  });
});
