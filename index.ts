// The public API of the `kubeflow-iac` package: `import { ... } from 'kubeflow-iac'`.
// Only what is exported here is supported; `package.json` `exports` makes nothing else
// reachable, so files under lib/ can move without breaking users.

// The platform, its config and its install waves.
export { BASE, fileOf, KubeflowPlatform } from './constructs/platform/platform';
export type { Part, Wave } from './constructs/platform/platform';
export type { Manifest, Phase } from './constructs/platform/parts';
export { renderWaves, toYaml, writeTree } from './constructs/platform/output';
export { pluralOf, userChartNeeds } from './constructs/platform/user-charts';
// What the CLI makes of a platform, users' charts included: an air-gapped bundle, an upgrade plan.
export { bundleFiles } from './cli/bundle/bundle';
export type { BundleOptions } from './cli/bundle/bundle';
export { computePlan } from './cli/plan/plan';
export type { Plan } from './cli/plan/plan';
export { COMPONENT_KEYS, platformConfigSchema } from './constructs/config/schema';
export type { ClusterKind, ComponentKey, Components, PlatformConfig, PlatformConfigInput, PlatformName, SizingName } from './constructs/config/schema';
export type { ComponentOverride, PatchEntry, Placement, WorkloadOverride } from './constructs/overrides/schema';
export { loadConfig, parseConfig, parseConfigText } from './constructs/config/load';
export { ConfigError } from './constructs/config/errors';
export { DEFAULT_TENANTS_DIR, loadConfigWithTenants, withTenants } from './constructs/tenants/load-config';
export { loadTenants, parseTenant } from './constructs/tenants/load';
export type { TenantInput, TenantSpec, PodDefaultSpec } from './constructs/tenants/schema';

// Releases and images.
export { catalogFor } from './constructs/catalog';
export { DEFAULT_RELEASE, RELEASES } from './constructs/catalog/types';
export type { KubernetesSupport, KubernetesVersion, MigrationNote, Release, ReleaseCatalog, StackKubernetesVersion } from './constructs/catalog/types';
export { ImageResolver, rewriteImage, splitImage } from './constructs/core/images';
export { Sizing } from './constructs/core/sizing';
export type { ResourceClass } from './constructs/core/sizing';
export type { ComponentContext } from './constructs/core/context';

// Where generated credentials come from.
export { EphemeralSecretStore, randomToken } from './constructs/core/secrets';
export type { SecretStore } from './constructs/core/secrets';
export { FileSecretStore } from './constructs/core/file-secret-store';
export { PlaceholderStore } from './stacks/platform/secrets';
export type { SecretSpec } from './stacks/platform/secrets';

// Each component, for a cdk8s app that composes its own platform.
export { CertManager } from './constructs/cert-manager/cert-manager';
export type { CertManagerProps } from './constructs/cert-manager/cert-manager';
export { Istio } from './constructs/istio/istio';
export type { IstioProps } from './constructs/istio/istio';
export { IstioGateway } from './constructs/istio/gateways';
export type { IstioGatewayProps } from './constructs/istio/gateways';
export { Dex } from './constructs/auth/dex';
export type { DexProps } from './constructs/auth/dex';
export { OAuth2Proxy } from './constructs/auth/oauth2-proxy';
export type { OAuth2ProxyProps } from './constructs/auth/oauth2-proxy';
export { GatewayAuth } from './constructs/auth/gateway';
export type { GatewayAuthProps } from './constructs/auth/gateway';
export { CentralDashboard } from './constructs/dashboard/dashboard';
export type { CentralDashboardProps } from './constructs/dashboard/dashboard';
export { KubeflowNamespaces } from './constructs/kubeflow-namespace/kubeflow-namespace';
export type { KubeflowNamespacesProps } from './constructs/kubeflow-namespace/kubeflow-namespace';
export { KubeflowRoles } from './constructs/kubeflow-roles/kubeflow-roles';
export type { KubeflowRolesProps } from './constructs/kubeflow-roles/kubeflow-roles';
export { Profiles } from './constructs/profiles/profiles';
export type { ProfilesProps } from './constructs/profiles/profiles';
export { ProfileController } from './constructs/profiles/profile-controller';
export type { ProfileControllerProps } from './constructs/profiles/profile-controller';
export { PodDefaultsWebhook } from './constructs/profiles/poddefaults-webhook';
export type { PodDefaultsWebhookProps } from './constructs/profiles/poddefaults-webhook';
export { Pipelines } from './constructs/pipelines/pipelines';
export type { PipelinesProps } from './constructs/pipelines/pipelines';
export { KnativeServing } from './constructs/knative/knative-serving';
export type { KnativeServingProps } from './constructs/knative/knative-serving';
export { Kserve } from './constructs/kserve/kserve';
export type { KserveProps } from './constructs/kserve/kserve';
export { ModelsWebApp } from './constructs/kserve/models-web-app';
export type { ModelsWebAppProps } from './constructs/kserve/models-web-app';
export { Katib } from './constructs/katib/katib';
export type { KatibProps } from './constructs/katib/katib';
export { NotebookController } from './constructs/notebooks/notebook-controller';
export type { NotebookControllerProps } from './constructs/notebooks/notebook-controller';
export { JupyterWebApp } from './constructs/notebooks/jupyter-web-app';
export type { JupyterWebAppProps } from './constructs/notebooks/jupyter-web-app';
export { CrudWebApp } from './constructs/core/crud-web-app';
export type { CrudWebAppProps } from './constructs/core/crud-web-app';
export { TensorboardController } from './constructs/tensorboards/tensorboard-controller';
export type { TensorboardControllerProps } from './constructs/tensorboards/tensorboard-controller';
export { TensorboardsWebApp } from './constructs/tensorboards/tensorboards-web-app';
export type { TensorboardsWebAppProps } from './constructs/tensorboards/tensorboards-web-app';
export { VolumesWebApp } from './constructs/volumes/volumes-web-app';
export type { VolumesWebAppProps } from './constructs/volumes/volumes-web-app';
export { PvcViewer } from './constructs/pvc-viewer/pvc-viewer';
export type { PvcViewerProps } from './constructs/pvc-viewer/pvc-viewer';
export { Trainer } from './constructs/trainer/trainer';
export type { TrainerProps } from './constructs/trainer/trainer';
export { SparkOperator } from './constructs/spark/spark-operator';
export type { SparkOperatorProps } from './constructs/spark/spark-operator';

// Users' own objects: typed custom resources, checked as they are built.
export { Tenant } from './constructs/tenants/tenant';
export type { TenantProps } from './constructs/tenants/tenant';
export { PodDefault } from './constructs/profiles/pod-default';
export type { PodDefaultProps } from './constructs/profiles/pod-default';
export { Notebook } from './constructs/notebooks/notebook';
export type { NotebookProps, NotebookServerType } from './constructs/notebooks/notebook';
export { InferenceService, ServingRuntime } from './constructs/kserve/resources';
export type { ComponentExtension, CustomComponentSpec, InferenceServiceProps, ModelResources, ModelSpec, PredictorSpec, ServingRuntimeProps } from './constructs/kserve/resources';
export type { SupportedModelFormat } from './constructs/kserve/runtimes';
export { Experiment } from './constructs/katib/experiment';
export type { ExperimentParameter, ExperimentProps, TrialParameter } from './constructs/katib/experiment';
export { TrainJob } from './constructs/trainer/train-job';
export type { TrainJobInitializer, TrainJobProps, TrainJobTrainer } from './constructs/trainer/train-job';
export { SparkApplication } from './constructs/spark/spark-application';
export type { SparkApplicationProps, SparkDriverProps, SparkExecutorProps, SparkPodProps } from './constructs/spark/spark-application';
export { Tensorboard } from './constructs/tensorboards/tensorboard';
export type { TensorboardProps } from './constructs/tensorboards/tensorboard';

// Pulumi: install a synthesized platform on any cluster, through the provider you pass.
// Loaded on first use: @pulumi/pulumi takes about 1.5 s to load, which a cdk8s app never needs.
import type * as pulumiPlatform from './stacks/platform/platform';
export type { PlatformArgs as PulumiPlatformArgs } from './stacks/platform/platform';
/** Installs a synthesized platform's waves as Pulumi resources (`kubeflow-iac:index:Platform`). */
export declare const PulumiPlatform: typeof pulumiPlatform.PulumiPlatform;
export type PulumiPlatform = pulumiPlatform.PulumiPlatform;
const lazy = {
  get Platform(): typeof pulumiPlatform.PulumiPlatform {
    return (require('./stacks/platform/platform') as typeof pulumiPlatform).PulumiPlatform; // eslint-disable-line @typescript-eslint/no-require-imports
  },
};
// This getter's form (`return a.b`) is one Node's ESM loader reads named CommonJS exports from.
Object.defineProperty(exports, 'PulumiPlatform', { enumerable: true, get: function () { return lazy.Platform; } });
