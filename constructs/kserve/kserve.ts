import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { z } from 'zod';
import { ComponentContext, resolveContext } from '../core/context';
import { kserveOptions } from './config';
import { KNATIVE_LOCAL_GATEWAY, KNATIVE_NAMESPACE } from '../knative/names';
import { kserveControllers } from './controller';
import { kserveCrds } from './crds';
import { inferenceServiceConfigMap, DeploymentMode, KserveIngress } from './inference-config';
import { kserveRbac } from './rbac';
import { clusterServingRuntimes, RUNTIME_NAMES, RuntimeName } from './runtimes';

export interface KserveProps extends ComponentContext {
  /** @default "kubeflow" */
  readonly namespace?: string;
  /** `components.kserve.deploymentMode` (docs/configuration.md). */
  readonly deploymentMode?: z.input<typeof kserveOptions.shape.deploymentMode>;
  /** `components.kserve.runtimes`: cluster serving runtimes by name; unnamed ones are installed. */
  readonly runtimes?: Readonly<z.input<typeof kserveOptions.shape.runtimes>>;
  /** Routing of InferenceServices. @default the Kubeflow gateway, `example.com`, http */
  readonly ingress?: Partial<KserveIngress>;
  /** Namespace of the cluster-local gateway's Services. @default the context's cluster-local gateway namespace */
  readonly istioNamespace?: string;
  /** `components.kserve.localModelCache`. */
  readonly localModelCache?: z.input<typeof kserveOptions.shape.localModelCache>;
  /** `components.kserve.modelcar`. */
  readonly modelcar?: z.input<typeof kserveOptions.shape.modelcar>;
  /** `components.kserve.llmInferenceService`; only when the release has it (KServe 0.16+). */
  readonly llmInferenceService?: z.input<typeof kserveOptions.shape.llmInferenceService>;
}

/** The storage URI schemes the default storage initializer downloads from. */
const URI_FORMATS = [
  ...['gs://', 's3://', 'hdfs://', 'hf://', 'webhdfs://'].map((prefix) => ({ prefix })),
  ...['https://(.+?).blob.core.windows.net/(.+)', 'https://(.+?).file.core.windows.net/(.+)', 'https?://(.+)/(.+)'].map((regex) => ({ regex })),
];

/**
 * KServe as Kubeflow ships it: CRDs, the controller with its webhooks and certificates,
 * the local model and LLM controllers, the cluster serving runtimes and storage container.
 */
export class Kserve extends Construct {
  public readonly namespace: string;
  public readonly deploymentMode: DeploymentMode;
  /** Runtimes installed, by name. */
  public readonly runtimes: readonly RuntimeName[];

  constructor(scope: Construct, id: string, props: KserveProps = {}) {
    super(scope, id);
    const { images, sizing, gateways } = resolveContext(props);
    // The schema fills in the defaults of the options the platform config has.
    const options = z.object(kserveOptions.shape).parse(props);
    const ns = (this.namespace = props.namespace ?? 'kubeflow');
    const mode = (this.deploymentMode = options.deploymentMode);
    const serverless = mode === 'Serverless';
    const istioNs = props.istioNamespace ?? gateways.clusterLocal.namespace;
    const llm = options.llmInferenceService && images.catalog.features.kserveLlmInferenceService;
    const base = { app: 'kserve', 'app.kubernetes.io/name': 'kserve' };

    const f = images.catalog.features;
    kserveCrds(this, {
      labels: base, servingCert: `${ns}/serving-cert`, llm,
      llmStorageVersion: f.kserveLlmStorageVersion, llmConversion: { namespace: ns, service: 'llmisvc-webhook-server-service', cert: `${ns}/llmisvc-serving-cert` },
      inferenceExtension: f.kserveInferenceExtension, localModelNamespaceCache: f.kserveLocalModelWebhook,
    });
    kserveRbac(this, {
      namespace: ns, labels: base, llm, knative: serverless, llmManagerRole: f.kserveLlmManagerRole, localModelLeaderElection: sizing.controllerReplicas > 1,
      saLabels: (instance, extra = {}) => ({ ...base, 'app.kubernetes.io/instance': instance, ...extra }),
    });
    // Serverless routes cluster-local traffic through Knative's gateway; raw deployments through Istio's own.
    const local = serverless
      ? { localGateway: `${KNATIVE_NAMESPACE}/${KNATIVE_LOCAL_GATEWAY}`, localGatewayService: `${KNATIVE_LOCAL_GATEWAY}.${istioNs}.svc.cluster.local` }
      : { localGateway: gateways.clusterLocalGateway, localGatewayService: `${gateways.clusterLocal.service}.${istioNs}.svc.cluster.local` };
    inferenceServiceConfigMap(this, ns, base, {
      images,
      deploymentMode: mode,
      ingress: { ingressGateway: gateways.gateway, ingressDomain: 'example.com', urlScheme: 'http', ...local, ...(props.ingress ?? {}) },
      localModelCache: options.localModelCache,
      modelcar: options.modelcar,
    });
    kserveControllers(this, {
      namespace: ns, images, sizing, base, llm, localModelWebhook: f.kserveLocalModelWebhook,
      llmVersions: f.kserveLlmStorageVersion === 'v1alpha2' ? ['v1alpha2', 'v1alpha1'] : ['v1alpha1'],
    });

    const enabled = options.runtimes;
    this.runtimes = RUNTIME_NAMES.filter((n) => enabled[n] && (n !== 'predictiveserver' || f.kservePredictiveServer));
    clusterServingRuntimes(this, images, enabled);
    new ApiObject(this, 'ClusterStorageContainer-default', {
      apiVersion: 'serving.kserve.io/v1alpha1',
      kind: 'ClusterStorageContainer',
      // The 0.18 install puts kustomize's labels on it, and its namespace, which the API server
      // drops: a namespace here would give the object another identity than the cluster's (and
      // than 26.03's), so Pulumi would create it anew and install.sh --prune would see it as stale.
      metadata: { name: 'default', ...(f.kserveStorageContainerV018 ? { labels: base } : {}) },
      spec: {
        container: {
          name: 'storage-initializer',
          image: images.ref('kserve/storage-initializer'),
          ...(f.kserveStorageContainerV018 ? { imagePullPolicy: 'IfNotPresent' } : {}),
          resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '100m', memory: '100Mi' } },
        },
        supportedUriFormats: URI_FORMATS,
        ...(f.kserveStorageContainerV018 ? { supportsMultiModelDownload: true } : {}),
        workloadType: 'initContainer',
      },
    });
  }
}
