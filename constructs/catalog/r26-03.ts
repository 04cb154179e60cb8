import { ReleaseCatalog } from './types';
import { KUBEFLOW_1_10 } from './dashboard-features';
import { commonImages, kfpImages, knativeImages, kserveImages, katibImages, notebookImages } from './shared';
import { knativeBound } from './kubernetes';

const versions = {
  certManager: 'v1.19.4',
  istio: '1.28.0',
  knative: '1.21.1',
  dex: 'v2.45.0',
  oauth2Proxy: 'v7.14.3',
  kubeflow: 'v1.10.0',
  pipelines: '2.16.0',
  argo: 'v3.7.3',
  kserve: 'v0.16.0',
  modelsWebApp: '0.16.1',
  katib: 'v0.19.0',
  trainer: 'v2.1.0',
  jobset: 'v0.10.1',
  spark: '2.5.0',
} as const;

/** Kubeflow 26.03 (kubeflow/manifests tag 26.03). */
export const RELEASE_26_03: ReleaseCatalog = {
  release: '26.03',
  versions,
  images: {
    ...commonImages(versions),
    ...kfpImages(versions.pipelines, versions.argo),
    ...knativeImages({
      activator: 'sha256:cf8d126fc08e596b742025f6e53c97abf921f7bd6394d29c200e79c1c323dc6e',
      autoscaler: 'sha256:35045ef7c35c6151f0565094cc5ec240a886ba2e5a844366b22a074342af3edf',
      controller: 'sha256:622546def05a9b181123d35ede4e4a6e60d7751ae558ea2c5306978b30c24d5c',
      queue: 'sha256:40957d3ced3b185b7a78bbd771be69b0a13137dcbee5ff7f82ae738b56037d9c',
      webhook: 'sha256:8754cefd1f1db905495de5ba707b37459cc212b830d40962162654986d264d74',
      netIstioController: 'sha256:915a3a9b8caea8cceb59258ca2b941c83f0ab230aef5c1dd3b9499574ac3f379',
      netIstioWebhook: 'sha256:4d9c50245aeafb269876d05ddb95d235372abfe2b2ac1c9d8c7cd3a2ccf2d6b7',
    }),
    ...kserveImages(versions.kserve, versions.modelsWebApp),
    'kserve/llmisvc-controller': `kserve/llmisvc-controller:${versions.kserve}`,
    ...katibImages(versions.katib),
    ...notebookImages(versions.kubeflow),
  },
  // Knative's start-up check sets the minimum (Knative 1.21 needs v1.33.0).
  kubernetes: knativeBound(versions.knative, '1.33', '1.33'),
  features: {
    kubeflowEditImpersonate: false,
    kubeflowPoliciesInKubeflowNamespace: false,
    certManagerTokenRequestBinding: 'cert-manager-tokenrequest',
    certManagerLabels: 'kubeflow-overlay',
    dexReplicas: 1,
    istioChartVersion: '1.29.0',
    istioReaderReadsConfigMaps: true,
    istioListenerSets: 'experimental',
    istioTrafficExtension: false,
    istioNamespacePolicies: true,
    istioMinVersion: '1.27.0',
    istioMaxVersion: '1.29',
    knativeMetrics: 'opentelemetry',
    knativeEndpointSlices: false,
    kfpObjectStoreService: 'seaweedfs',
    kfpSeaweedfsS3CompatPort: true,
    kfpClusterDomain: true,
    kfpDefaultPipelineSecurityContext: true,
    kfpPublicVersionConfigMap: true,
    kfpScheduledWorkflowMetrics: true,
    kfpMetadataGrpcMessageLimits: true,
    kfpRestrictedArgoExecutor: true,
    kfpV1PipelineGate: false,
    kserveLlmInferenceService: true,
    kserveLlmManagerRole: 'llmisvc-manager-role',
    kserveLlmStorageVersion: 'v1alpha1',
    kserveInferenceExtension: 'v1alpha2',
    kserveLocalModelWebhook: false,
    kservePredictiveServer: false,
    kserveStorageContainerV018: false,
    kserveAutoscalerWindows: true,
    kservePathRouting: true,
    kserveCollectorResources: true,
    kserveDirectPvcMountFlag: false,
    modelsWebAppName: 'kserve-models-web-app',
    modelsWebAppInferenceGraphs: true,
    modelsWebAppHeaderLimit: true,
    trainerStatusServer: false,
    trainerJobDefaulter: false,
    trainerPublicVersionConfigMap: false,
    trainerRuntimes: ['deepspeed-distributed', 'mlx-distributed', 'torch-distributed', 'torchtune-llama3.2-1b', 'torchtune-llama3.2-3b', 'torchtune-qwen2.5-1.5b'],
    trainerTorchAutoProcs: true,
    trainerFrameworkPolicies: false,
    trainerVolumeClaimPolicies: false,
    jobsetLabels: 'per-object',
    jobsetNamespacedSecrets: false,
    jupyterGaudiImage: true,
    sparkConnect: true,
    dashboardLayout: KUBEFLOW_1_10.dashboard,
    profilesLayout: KUBEFLOW_1_10.profiles,
    podDefaultsLayout: KUBEFLOW_1_10.podDefaults,
    hub: false,
  },
  notes: [
    {
      from: 'v1.11.0',
      to: '26.03',
      component: 'knative',
      note: 'Knative Serving moves from 1.16 to 1.21, and Knative supports upgrading one minor version at a time. '
        + 'Kubeflow 26.03 applies 1.21 directly, as upstream does; where Knative services carry production traffic, '
        + 'step through 1.17 to 1.20 first or drain them, and check Knative\'s release notes for breaking changes.',
    },
    {
      from: 'v1.11.0',
      to: '26.03',
      component: 'kserve',
      note: 'KServe 0.15 to 0.16 adds the LLM inference service controller and its CRDs. Existing InferenceServices '
        + 'stay; the new agent, router and storage-initializer images (from inferenceservice-config) apply to pods '
        + 'created after the upgrade.',
    },
    {
      from: 'v1.11.0',
      to: '26.03',
      component: 'kserve',
      // Found by the e2e's real KServe (test/e2e/README.md, "KServe"); upstream's bug, not our output's.
      note: 'KServe 0.16.0 moves InferenceServices that 0.15 ran as raw Deployments (status.deploymentMode '
        + 'RawDeployment) to Knative: it reads the mode from status and maps that legacy value to Standard only when '
        + 'it comes from the annotation. After the upgrade their Deployment is no longer updated and Ready turns False. '
        + 'List them before upgrading (kubectl get inferenceservices -A -o jsonpath=\'{range .items[?(@.status.deploymentMode=="RawDeployment")]}'
        + '{.metadata.namespace}/{.metadata.name}{"\\n"}{end}\'); kubeflow-iac does not migrate them yet.',
    },
  ],
};
