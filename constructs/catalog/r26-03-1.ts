import { ReleaseCatalog, TRAINER_RUNTIMES } from './types';
import { DASHBOARD_2_0 } from './dashboard-features';
import { commonImages, kfpImages, knativeImages, kserveImages, katibImages, NOTEBOOK_SERVERS, notebookImages } from './shared';
import { knativeBound } from './kubernetes';

const versions = {
  certManager: 'v1.20.2',
  istio: '1.30.1',
  knative: '1.22.0',
  dex: 'v2.45.1',
  oauth2Proxy: 'v7.15.2',
  // Notebook server images keep the kubeflow/kubeflow repository; their tag follows Notebooks.
  kubeflow: 'v1.11.0',
  notebooks: 'v1.11.0',
  dashboard: 'v2.0.0',
  pipelines: '2.16.1',
  argo: 'v3.7.3',
  kserve: 'v0.18.0',
  modelsWebApp: '0.18.0',
  katib: 'v0.19.0',
  trainer: 'v2.2.0',
  jobset: 'v0.11.0',
  spark: '2.5.0',
  hub: 'v0.3.9',
} as const;

const notebooks = (n: string) => `ghcr.io/kubeflow/notebooks/${n}:${versions.notebooks}`;
const dashboard = (n: string) => `ghcr.io/kubeflow/dashboard/${n}:${versions.dashboard}`;
const hub = (n: string) => `ghcr.io/kubeflow/hub/${n}:${versions.hub}`;
const istio = (n: string) => `registry.istio.io/release/${n}:${versions.istio}`;

/** Kubeflow 26.03.1 (kubeflow/community-distribution branch release-26.03.1). */
export const RELEASE_26_03_1: ReleaseCatalog = {
  release: '26.03.1',
  versions,
  images: {
    ...commonImages(versions),
    // Istio 1.30 publishes to its own registry.
    'istio/pilot': istio('pilot'),
    'istio/proxyv2': istio('proxyv2'),
    'istio/install-cni': istio('install-cni'),
    // Dashboard v2.0.0 (kubeflow/dashboard) builds the dashboard, Profiles with KFAM and the PodDefaults webhook.
    'dashboard/central-dashboard': dashboard('dashboard'),
    'profiles/profile-controller': dashboard('profile-controller'),
    'profiles/kfam': dashboard('access-management'),
    'profiles/poddefaults-webhook': dashboard('poddefaults-webhook'),
    // Notebooks v1.11.0 (kubeflow/notebooks) builds the controllers and CRUD web apps.
    'notebooks/notebook-controller': notebooks('notebook-controller'),
    'notebooks/jupyter-web-app': notebooks('jupyter-web-app'),
    'volumes/volumes-web-app': notebooks('volumes-web-app'),
    'volumes/filebrowser': 'filebrowser/filebrowser:v2.32.0',
    'tensorboards/tensorboard-controller': notebooks('tensorboard-controller'),
    'tensorboards/tensorboards-web-app': notebooks('tensorboards-web-app'),
    'pvc-viewer/controller': notebooks('pvcviewer-controller'),
    'trainer/xgboost-runtime': `ghcr.io/kubeflow/trainer/xgboost-runtime:${versions.trainer}`,
    'trainer/jax': 'nvcr.io/nvidia/jax:25.10-py3',
    'trainer/pytorch': 'pytorch/pytorch:2.10.0-cuda12.8-cudnn9-runtime',
    'trainer/jobset': `registry.k8s.io/jobset/jobset:${versions.jobset}`,
    ...kfpImages(versions.pipelines, versions.argo),
    ...knativeImages({
      activator: 'sha256:8f7e9df2642a8ba715ebc55b62abee17b0984b6b6af0c6ec00dabaadf5f8cccb',
      autoscaler: 'sha256:ec66d97244395b57a67923d4a8c5a95f0264805f1fdb2ee0cdb49ec0f3bd7855',
      controller: 'sha256:6833f2c83e9f356c274ddb2de40e5471ad2b1c08882c9bd11f5afa240e86d574',
      queue: 'sha256:371c23206b7bd924474b07e51435198579133eb98fba27a5cb3db9e6ba63b06b',
      webhook: 'sha256:c505888f7ee34ccadc1b9a6877d6d49691f633ea28cf8cbe03fcfa6d3afcd584',
      netIstioController: 'sha256:d849c758f269bf651bd2dd6a973a11d4029ecc2ba4c3bc0fd07b86252d5ab087',
      netIstioWebhook: 'sha256:2563f60b712dbba6cb4f67a0925437c2841ce57433d9733528cfdfd566106995',
    }),
    ...kserveImages(versions.kserve, versions.modelsWebApp),
    'kserve/mlserver': 'docker.io/seldonio/mlserver:1.7.1',
    'kserve/predictiveserver': `kserve/predictiveserver:${versions.kserve}`,
    'kserve/llmisvc-controller': `kserve/llmisvc-controller:${versions.kserve}`,
    ...katibImages(versions.katib),
    ...notebookImages(versions.kubeflow, NOTEBOOK_SERVERS.filter((n) => n !== 'jupyter-pytorch-gaudi-full')),
    // Kubeflow Hub: Model Registry (per profile) and Model Catalog (cluster-wide).
    'hub/server': hub('server'),
    'hub/ui': hub('ui'),
    'hub/registry-postgres': 'postgres:16-alpine',
    'hub/catalog-postgres': 'postgres:17.6',
    // Unpacks the catalog's demo performance data before the server starts.
    'hub/perf-data-init': 'busybox',
  },
  // Knative's start-up check sets the minimum (Knative 1.22 needs v1.34.0).
  kubernetes: knativeBound(versions.knative, '1.34', '1.34'),
  features: {
    kubeflowEditImpersonate: false,
    kubeflowPoliciesInKubeflowNamespace: false,
    certManagerTokenRequestBinding: 'cert-manager-tokenrequest',
    certManagerLabels: 'chart',
    dexReplicas: 2,
    istioChartVersion: '1.30.1',
    istioReaderReadsConfigMaps: true,
    istioListenerSets: 'standard',
    istioTrafficExtension: true,
    istioNamespacePolicies: true,
    istioMinVersion: '1.28.0',
    istioMaxVersion: '1.30',
    knativeMetrics: 'opentelemetry',
    knativeEndpointSlices: true,
    kfpObjectStoreService: 'seaweedfs',
    kfpSeaweedfsS3CompatPort: true,
    kfpClusterDomain: true,
    kfpDefaultPipelineSecurityContext: true,
    kfpPublicVersionConfigMap: true,
    kfpScheduledWorkflowMetrics: true,
    kfpMetadataGrpcMessageLimits: true,
    kfpRestrictedArgoExecutor: true,
    kfpV1PipelineGate: true,
    kserveLlmInferenceService: true,
    kserveLlmManagerRole: 'kserve-llmisvc-manager-role',
    kserveLlmStorageVersion: 'v1alpha2',
    kserveInferenceExtension: 'v1.3.1',
    kserveLocalModelWebhook: true,
    kservePredictiveServer: true,
    kserveStorageContainerV018: true,
    kserveAutoscalerWindows: true,
    kservePathRouting: true,
    kserveCollectorResources: true,
    kserveDirectPvcMountFlag: false,
    modelsWebAppName: 'kserve-models-web-application',
    modelsWebAppInferenceGraphs: true,
    modelsWebAppHeaderLimit: true,
    trainerStatusServer: true,
    trainerJobDefaulter: true,
    trainerPublicVersionConfigMap: true,
    trainerRuntimes: TRAINER_RUNTIMES,
    trainerTorchAutoProcs: false,
    trainerFrameworkPolicies: true,
    trainerVolumeClaimPolicies: true,
    jobsetLabels: 'jobset-wide',
    jobsetNamespacedSecrets: true,
    jupyterGaudiImage: false,
    sparkConnect: true,
    dashboardLayout: DASHBOARD_2_0.dashboard,
    profilesLayout: DASHBOARD_2_0.profiles,
    podDefaultsLayout: DASHBOARD_2_0.podDefaults,
    hub: true,
  },
  notes: [
    {
      from: '26.03',
      to: '26.03.1',
      component: 'trainer',
      note: 'JobSet 0.10 to 0.11 gives the jobset-controller-manager Deployment (kubeflow-system) a wider selector, and a '
        + 'selector cannot change in place: install.sh and Pulumi replace that Deployment (upstream asks operators to delete it '
        + 'by hand). JobSet is down until the new one is ready; running JobSets and TrainJobs stay.',
    },
    {
      from: '26.03',
      to: '26.03.1',
      component: 'kserve',
      note: 'KServe 0.16 to 0.18 binds the LLM inference service controller to the ClusterRole kserve-llmisvc-manager-role '
        + '(was llmisvc-manager-role); a binding\'s roleRef cannot change, so install.sh and Pulumi replace the ClusterRoleBinding '
        + 'llmisvc-manager-rolebinding, and install.sh --prune (Pulumi by itself) removes the old ClusterRole. LLMInferenceService and '
        + 'LLMInferenceServiceConfig are now stored as v1alpha2 and converted by the llmisvc webhook, which must be running '
        + 'before those objects are read or written. The inferencemodels.inference.networking.x-k8s.io CRD is no longer '
        + 'shipped: the installed CRD and its objects stay until you delete them.',
    },
    {
      from: '26.03',
      to: '26.03.1',
      component: 'kserve',
      note: 'The models web app is renamed kserve-models-web-app to kserve-models-web-application (nine objects). The old '
        + 'VirtualService would still route /kserve-endpoints/, so install.sh removes it before the first wave; install.sh --prune '
        + '(Pulumi by itself) removes the other old objects.',
    },
    {
      from: '26.03',
      to: '26.03.1',
      component: 'dashboard',
      note: 'The Central Dashboard, Profiles with KFAM and the PodDefaults webhook now come from Kubeflow Dashboard 2.0.0, '
        + 'with new selectors and some new names. install.sh replaces profiles-deployment (its selector changes) and, before '
        + 'the first wave, removes the old MutatingWebhookConfiguration admission-webhook-mutating-webhook-configuration (else '
        + 'two webhooks would apply every PodDefault) and the VirtualService centraldashboard (else two routes claim /); '
        + 'install.sh --prune removes the other old names (Pulumi does all of it in one up). Every CRD, Namespace and '
        + 'Profile stays: deleting the Profile CRD would delete every profile namespace.',
    },
    {
      from: '26.03',
      to: '26.03.1',
      component: 'hub',
      note: 'Kubeflow Hub is new: the Model Catalog (PostgreSQL StatefulSet and a 5Gi volume) in kubeflow, and a Model '
        + 'Registry (PostgreSQL and a 10Gi volume) in the profile namespace, which the Profile controller has to create first.',
    },
    {
      from: '26.03',
      to: '26.03.1',
      component: 'istio',
      note: 'Istio moves from 1.28 to 1.30.1 and its images to registry.istio.io/release (mirror them from there). That skips '
        + 'a minor version: Istio supports in-place upgrades one minor at a time, so step through 1.29 or use a canary '
        + 'revision where traffic matters. Restart meshed workloads afterwards so their sidecars run the 1.30.1 proxy.',
    },
  ],
};
