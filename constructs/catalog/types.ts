import { DashboardLayout, PodDefaultsLayout, ProfilesLayout } from './dashboard-features';

/**
 * Kubeflow releases this project can install, oldest first: the order sites upgrade in
 * (`plan --from` an earlier entry `--to` a later one).
 */
export const RELEASES = ['v1.11.0', '26.03', '26.03.1'] as const;
export type Release = (typeof RELEASES)[number];
/** What a config without `release` installs: the newest release, upstream's current one. */
export const DEFAULT_RELEASE: Release = '26.03.1';

/** Cluster training runtimes Trainer can ship, in upstream's order. */
export const TRAINER_RUNTIMES = [
  'deepspeed-distributed',
  'jax-distributed',
  'mlx-distributed',
  'torch-distributed',
  'torchtune-llama3.2-1b',
  'torchtune-llama3.2-3b',
  'torchtune-qwen2.5-1.5b',
  'xgboost-distributed',
] as const;
export type TrainerRuntimeName = (typeof TRAINER_RUNTIMES)[number];

/**
 * A note an upgrade plan shows for one pair of releases, for changes no diff of
 * objects explains (data that moves, a manual step).
 */
export interface MigrationNote {
  readonly from: Release;
  readonly to: Release;
  readonly component: string;
  readonly note: string;
}

/**
 * What changes in behaviour between releases, one named feature per change. Components
 * read these instead of comparing version strings; every catalog gives every feature, so
 * a new release has to decide each of them.
 */
export interface ReleaseFeatures {
  // Common
  /** kubeflow-edit lets users impersonate service accounts (dropped in 26.03). */
  readonly kubeflowEditImpersonate: boolean;
  /** Every Kubeflow NetworkPolicy in the kubeflow namespace, as common/networkpolicies had them (before 26.03). */
  readonly kubeflowPoliciesInKubeflowNamespace: boolean;

  // cert-manager
  /** Name of cert-manager's token-request RoleBinding (renamed in cert-manager 1.17). */
  readonly certManagerTokenRequestBinding: 'cert-manager-tokenrequest' | 'cert-manager-cert-manager-tokenrequest';

  /**
   * Labels on cert-manager's chart objects: `kubeflow-overlay` relabels them all as component and
   * name `cert-manager` with `kustomize.component` (before 26.03.1); `chart` keeps the chart's own
   * per-app labels (controller, cainjector, webhook, crds). Selectors are the same either way.
   */
  readonly certManagerLabels: 'kubeflow-overlay' | 'chart';

  // Auth
  /** Dex replicas unless the config sets them (26.03.1 runs two). */
  readonly dexReplicas: 1 | 2;

  // Istio
  /** Istio Helm chart upstream rendered (labels, `helm.sh/chart`); images follow versions.istio. */
  readonly istioChartVersion: string;
  /** istio-reader may read ConfigMaps (chart 1.29 and later). */
  readonly istioReaderReadsConfigMaps: boolean;
  /** ListenerSets istiod reports status on: the experimental `xlistenersets` or the standard `listenersets` (Istio 1.30). */
  readonly istioListenerSets: 'experimental' | 'standard';
  /** The TrafficExtension CRD: Wasm or Lua proxy filters (Istio 1.30). */
  readonly istioTrafficExtension: boolean;
  /** NetworkPolicies in istio-system (added in 26.03). */
  readonly istioNamespacePolicies: boolean;
  /** Lowest Istio version supported when the cluster brings its own (components.istio.external), `x.y.z`. */
  readonly istioMinVersion: string;
  /** Highest such version: `x.y` takes every patch of that minor. */
  readonly istioMaxVersion: string;

  // Knative
  /**
   * How Knative Serving exports metrics. `opentelemetry` (Knative 1.19 and later) drops the
   * METRICS_DOMAIN env and lets the disruption budgets go to zero.
   */
  readonly knativeMetrics: 'opencensus' | 'opentelemetry';

  /** Knative manages EndpointSlices (and their restricted subresource) and patches any `*\/scale` (Knative 1.22). */
  readonly knativeEndpointSlices: boolean;

  // Kubeflow Pipelines
  /** The Service pipelines clients reach the in-cluster object store by (KFP 2.16 moved from minio-service to seaweedfs). */
  readonly kfpObjectStoreService: 'minio-service' | 'seaweedfs';
  /** The SeaweedFS Service also serves S3 on port 9000 as `http-s3-compat` (KFP 2.16). */
  readonly kfpSeaweedfsS3CompatPort: boolean;
  /** The API server, the install config and the launcher get the cluster domain (KFP 2.16). */
  readonly kfpClusterDomain: boolean;
  /** Default security context of pipeline pods, set from pipeline-install-config (KFP 2.16). */
  readonly kfpDefaultPipelineSecurityContext: boolean;
  /** The public `kubeflow-pipelines-public` ConfigMap with the version, and the role that reads it (KFP 2.16). */
  readonly kfpPublicVersionConfigMap: boolean;
  /** The scheduled-workflow controller serves metrics on 9090 and takes client rate settings (KFP 2.16). */
  readonly kfpScheduledWorkflowMetrics: boolean;
  /** ML Metadata's gRPC channel raises the message size limits to 100 MiB (KFP 2.16). */
  readonly kfpMetadataGrpcMessageLimits: boolean;
  /** Argo's executor runs with a restricted security context (KFP 2.16). */
  readonly kfpRestrictedArgoExecutor: boolean;

  /** The API server can refuse KFP v1 pipelines (`BLOCK_V1_PIPELINES`, `V1_ALLOWED_NAMESPACES`; off by default, KFP 2.16.1). */
  readonly kfpV1PipelineGate: boolean;

  // KServe
  /** The LLM inference service controller and its CRDs (KServe 0.16 and later). */
  readonly kserveLlmInferenceService: boolean;
  /**
   * Name of the LLM controller's ClusterRole. KServe 0.17 renamed it `kserve-llmisvc-manager-role`
   * and widened its rules (CRD status, autoscalers, leases, inference extension v1); the binding's
   * roleRef changes with it, so the binding is replaced on upgrade.
   */
  readonly kserveLlmManagerRole: 'llmisvc-manager-role' | 'kserve-llmisvc-manager-role';
  /**
   * Stored version of LLMInferenceService(Config). `v1alpha2` (KServe 0.18) keeps serving v1alpha1
   * and converts through the llmisvc webhook.
   */
  readonly kserveLlmStorageVersion: 'v1alpha1' | 'v1alpha2';
  /**
   * Gateway API inference extension CRDs shipped with the LLM controller: `v1alpha2` (InferencePool
   * and InferenceModel, x-k8s.io) or the `v1.3.1` bundle (InferencePool v1 in k8s.io; InferencePool,
   * InferenceObjective, InferenceModelRewrite and InferencePoolImport in x-k8s.io; no InferenceModel).
   */
  readonly kserveInferenceExtension: 'v1alpha2' | 'v1.3.1';
  /** The local model controller serves its own webhook (Service, Certificate, localmodelcache validation), and namespaced LocalModelNamespaceCaches exist (KServe 0.18). */
  readonly kserveLocalModelWebhook: boolean;
  /** The kserve-predictiveserver runtime (sklearn, XGBoost and LightGBM in one server, KServe 0.18). */
  readonly kservePredictiveServer: boolean;
  /**
   * The default ClusterStorageContainer as the 0.18 install has it: kustomize's namespace and labels,
   * `IfNotPresent` pulls and multi-model downloads.
   */
  readonly kserveStorageContainerV018: boolean;
  /** inferenceservice-config has autoscaler stabilization windows (KServe 0.16). */
  readonly kserveAutoscalerWindows: boolean;
  /** inferenceservice-config routes by path as well as host (`ingress.pathTemplate`, KServe 0.16). */
  readonly kservePathRouting: boolean;
  /** inferenceservice-config sets the OpenTelemetry collector's resources (KServe 0.16). */
  readonly kserveCollectorResources: boolean;
  /** inferenceservice-config still has `storageInitializer.enableDirectPvcVolumeMount` (before KServe 0.16). */
  readonly kserveDirectPvcMountFlag: boolean;
  /** Name of the models web app's objects and its component label (app 0.18 renamed it). */
  readonly modelsWebAppName: 'kserve-models-web-app' | 'kserve-models-web-application';
  /** The models web app may manage InferenceGraphs (app 0.16 and later). */
  readonly modelsWebAppInferenceGraphs: boolean;
  /** The models web app raises gunicorn's request header limit (app 0.16 and later). */
  readonly modelsWebAppHeaderLimit: boolean;

  // Trainer
  /**
   * How JobSet labels its objects: `per-object` kustomize labels (JobSet 0.10), or `jobset-wide`
   * (0.11): every object is instance and name `jobset`, and the controller's selector carries them,
   * so its Deployment has to be replaced on upgrade.
   */
  readonly jobsetLabels: 'per-object' | 'jobset-wide';
  /** The Trainer controller serves TrainJob status on 10443, names its ports and publishes metrics on 8443 (Trainer 2.2). */
  readonly trainerStatusServer: boolean;
  /** The Trainer controller defaults TrainJobs through a mutating webhook (Trainer 2.2). */
  readonly trainerJobDefaulter: boolean;
  /** The `kubeflow-trainer-public` ConfigMap with the version, readable by every signed-in user (Trainer 2.2). */
  readonly trainerPublicVersionConfigMap: boolean;
  /** The cluster training runtimes the release ships. */
  readonly trainerRuntimes: readonly TrainerRuntimeName[];
  /** The torch runtimes set `numProcPerNode: auto` (before Trainer 2.2, which leaves it to the TrainJob). */
  readonly trainerTorchAutoProcs: boolean;
  /**
   * Training runtimes take JAX, XGBoost and Flux policies, and torch's becomes an empty marker
   * (processes per node moved to the TrainJob) (Trainer 2.2).
   */
  readonly trainerFrameworkPolicies: boolean;
  /**
   * TorchTune runtimes have JobSet claim their initializer volume per TrainJob, and the runtime
   * and JobSet CRDs take `volumeClaimPolicies` (Trainer 2.2, JobSet 0.11).
   */
  readonly trainerVolumeClaimPolicies: boolean;
  /** JobSet reads Secrets through a Role in its namespace; its ClusterRole gains PVCs and drops creating pods (JobSet 0.11). */
  readonly jobsetNamespacedSecrets: boolean;

  // Notebooks
  /** The Jupyter spawner offers the Intel Gaudi PyTorch image (dropped in Notebooks v1.11.0). */
  readonly jupyterGaudiImage: boolean;

  // Spark
  /** The Spark operator has the SparkConnect webhooks and controller flags (2.5.0 and later). */
  readonly sparkConnect: boolean;

  // Dashboard, profiles and PodDefaults (kubeflow/kubeflow v1.10 or kubeflow/dashboard v2.0)
  /** The central dashboard's object names, selector, parameters and Role. */
  readonly dashboardLayout: DashboardLayout;
  /** The profile controller and KFAM: selector, containers, leader election, Profile CRD. */
  readonly profilesLayout: ProfilesLayout;
  /** The PodDefaults webhook's object names, selector and PodDefault CRD. */
  readonly podDefaultsLayout: PodDefaultsLayout;
  // Kubeflow Hub
  /** Kubeflow Hub (model catalog, per-profile model registry) is part of the release (26.03.1 and later). */
  readonly hub: boolean;
}

/** A Kubernetes minor version, `1.N`. */
export type KubernetesVersion = `1.${number}`;

/**
 * Kubernetes versions the stacks create clusters of. The kind node image table
 * (`stacks/cluster-version.ts`) has one image per entry, so a release defaulting to a new version
 * does not compile until it has its image.
 */
export type StackKubernetesVersion = '1.33' | '1.34';

/** The Kubernetes versions a release supports. */
export interface KubernetesSupport {
  /** The oldest API server the release runs on: the stacks refuse an older cluster version and install.sh an older server. */
  readonly minimum: KubernetesVersion;
  /** Why it is the minimum, for messages: what stops on an older API server. */
  readonly minimumReason: string;
  /** The version the stacks create (EKS and GKE `version`, the kind node image) unless the stack config sets one. */
  readonly stackDefault: StackKubernetesVersion;
}

/** Everything that changes between Kubeflow releases: versions, image references and features. */
export interface ReleaseCatalog {
  readonly release: Release;
  /** Upstream versions of each component, for labels and docs. */
  readonly versions: Readonly<Record<string, string>>;
  /** Source image references (before any mirror rewrite), by key `component/name`. */
  readonly images: Readonly<Record<string, string>>;
  /** Behaviour that changed between releases. */
  readonly features: ReleaseFeatures;
  /** The Kubernetes versions the release supports (no manifest depends on them). */
  readonly kubernetes: KubernetesSupport;
  readonly notes: readonly MigrationNote[];
}
