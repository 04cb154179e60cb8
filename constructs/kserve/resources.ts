import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ImageResolver } from '../core/images';
import { UserInput } from '../core/user-input';
import { SupportedModelFormat } from './runtimes';

/** Requests and limits as Kubernetes quantities, e.g. `{ cpu: '1', memory: '2Gi', 'nvidia.com/gpu': '1' }`. */
export interface ModelResources {
  readonly requests?: Readonly<Record<string, string>>;
  readonly limits?: Readonly<Record<string, string>>;
}

/** The model a predictor serves. */
export interface ModelSpec {
  /** Model format and optional version, e.g. `{ name: 'sklearn' }`; KServe picks a runtime that supports it. */
  readonly modelFormat: { readonly name: string; readonly version?: string };
  /** Where the model is: `s3://`, `gs://`, `hf://`, `pvc://`, `oci://`, `https://`. */
  readonly storageUri?: string;
  /** A (Cluster)ServingRuntime by name. @default the highest-priority runtime that auto-selects the format */
  readonly runtime?: string;
  /** Inference protocol. @default the runtime's first protocol */
  readonly protocolVersion?: 'v1' | 'v2' | 'grpc-v1' | 'grpc-v2';
  /** Runtime image tag override. @default the runtime's */
  readonly runtimeVersion?: string;
  /** @default KServe's inferenceService default resources (1 CPU, 2Gi) */
  readonly resources?: ModelResources;
  /** Extra arguments for the model server. @default none */
  readonly args?: readonly string[];
  /** @default none */
  readonly env?: readonly k8s.EnvVar[];
}

/** Fields every InferenceService component has (predictor, transformer, explainer). */
export interface ComponentExtension {
  /** @default 1 (0 allows scale to zero in Serverless mode) */
  readonly minReplicas?: number;
  /** @default no limit */
  readonly maxReplicas?: number;
  /** Target value of `scaleMetric` per replica. @default Knative's (100 concurrent requests) */
  readonly scaleTarget?: number;
  /** @default "concurrency" in Serverless mode, "cpu" in RawDeployment mode */
  readonly scaleMetric?: 'cpu' | 'memory' | 'concurrency' | 'rps';
  /** Percent of traffic the latest revision gets during a canary rollout (Serverless only). @default 100 */
  readonly canaryTrafficPercent?: number;
  /** Requests each replica handles at once. @default unlimited */
  readonly containerConcurrency?: number;
  /** Request timeout in seconds. @default 60 */
  readonly timeout?: number;
  /** @default the namespace's default service account */
  readonly serviceAccountName?: string;
  /** Pod annotations, e.g. `serving.kserve.io/deploymentMode`. @default none */
  readonly annotations?: Readonly<Record<string, string>>;
  /** @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default none */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** @default none */
  readonly tolerations?: readonly k8s.Toleration[];
  /** Log requests and/or responses to a URL (CloudEvents). @default off */
  readonly logger?: { readonly url?: string; readonly mode?: 'all' | 'request' | 'response' };
  /** Batch requests before the model sees them. @default off */
  readonly batcher?: { readonly maxBatchSize?: number; readonly maxLatency?: number; readonly timeout?: number };
}

export interface PredictorSpec extends ComponentExtension {
  readonly model: ModelSpec;
}

/** A transformer or explainer given as plain containers. */
export interface CustomComponentSpec extends ComponentExtension {
  readonly containers: readonly k8s.Container[];
}

export interface InferenceServiceProps {
  readonly name: string;
  readonly namespace: string;
  readonly predictor: PredictorSpec;
  /** @default none */
  readonly transformer?: CustomComponentSpec;
  /** @default none */
  readonly explainer?: CustomComponentSpec;
  /** Run this service in another mode than the platform default. @default the platform's deploymentMode */
  readonly deploymentMode?: 'Serverless' | 'RawDeployment';
  /** @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default none */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Catalog images and mirror, for container images. @default the platform's when built in a `KubeflowPlatform`'s app, else the default release, no mirror */
  readonly images?: ImageResolver;
}

// Drops undefined fields so the manifest carries only what the user set.
function compact<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function extension(c: ComponentExtension): Record<string, unknown> {
  return compact({
    minReplicas: c.minReplicas, maxReplicas: c.maxReplicas, scaleTarget: c.scaleTarget, scaleMetric: c.scaleMetric,
    canaryTrafficPercent: c.canaryTrafficPercent, containerConcurrency: c.containerConcurrency, timeout: c.timeout,
    serviceAccountName: c.serviceAccountName, annotations: c.annotations, labels: c.labels, nodeSelector: c.nodeSelector,
    tolerations: c.tolerations?.map((t) => k8s.toJson_Toleration(t)), logger: c.logger, batcher: c.batcher,
  });
}

/** A user's model server: `serving.kserve.io/v1beta1` InferenceService. */
export class InferenceService extends Construct {
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: InferenceServiceProps) {
    super(scope, id);
    const input = new UserInput(this, 'InferenceService', props.images);
    // KServe names Services after it: a DNS-1035 label.
    input.rfc1035Label('name', props.name);
    input.tenant('namespace', props.namespace);
    const containers = (which: string, c: CustomComponentSpec) => c.containers.map((x, i) => k8s.toJson_Container({ ...x, image: x.image && input.image(`${which}.containers[${i}].image`, x.image) }));
    const m = props.predictor.model;
    const annotations = { ...(props.annotations ?? {}), ...(props.deploymentMode ? { 'serving.kserve.io/deploymentMode': props.deploymentMode } : {}) };
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: compact({
        name: props.name,
        namespace: props.namespace,
        labels: props.labels,
        annotations: Object.keys(annotations).length ? annotations : undefined,
      }),
      spec: compact({
        predictor: {
          ...extension(props.predictor),
          model: compact({
            modelFormat: compact(m.modelFormat),
            storageUri: m.storageUri, runtime: m.runtime, protocolVersion: m.protocolVersion, runtimeVersion: m.runtimeVersion,
            resources: m.resources, args: m.args, env: m.env?.map((e) => k8s.toJson_EnvVar(e)),
          }),
        },
        transformer: props.transformer ? { ...extension(props.transformer), containers: containers('transformer', props.transformer) } : undefined,
        explainer: props.explainer ? { ...extension(props.explainer), containers: containers('explainer', props.explainer) } : undefined,
      }),
    });
  }
}

export interface ServingRuntimeProps {
  readonly name: string;
  /** Namespace of a ServingRuntime; without one a cluster-wide ClusterServingRuntime is made. @default cluster-wide */
  readonly namespace?: string;
  /** The model server; its container is named `kserve-container` unless named. */
  readonly container: k8s.Container;
  readonly supportedModelFormats: readonly SupportedModelFormat[];
  /** @default ["v1"] */
  readonly protocolVersions?: readonly ('v1' | 'v2' | 'grpc-v1' | 'grpc-v2')[];
  /** Serve many models from one server (ModelMesh style). @default false */
  readonly multiModel?: boolean;
  /** Prometheus scrape port of the server. @default none */
  readonly metricsPort?: number;
  /** Keep the runtime but do not select it. @default false */
  readonly disabled?: boolean;
  /** @default none */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** @default none */
  readonly tolerations?: readonly k8s.Toleration[];
  /** @default none */
  readonly volumes?: readonly k8s.Volume[];
  /** Catalog images and mirror, for the container's image. @default the platform's when built in a `KubeflowPlatform`'s app, else the default release, no mirror */
  readonly images?: ImageResolver;
}

/** A user's model server runtime: `ServingRuntime` in a namespace, or `ClusterServingRuntime`. */
export class ServingRuntime extends Construct {
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: ServingRuntimeProps) {
    super(scope, id);
    const input = new UserInput(this, 'ServingRuntime', props.images);
    input.dnsLabel('name', props.name);
    if (props.namespace !== undefined) input.tenant('namespace', props.namespace);
    const image = props.container.image && input.image('container.image', props.container.image);
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'serving.kserve.io/v1alpha1',
      kind: props.namespace ? 'ServingRuntime' : 'ClusterServingRuntime',
      metadata: compact({ name: props.name, namespace: props.namespace }),
      spec: compact({
        annotations: props.metricsPort ? { 'prometheus.kserve.io/path': '/metrics', 'prometheus.kserve.io/port': String(props.metricsPort) } : undefined,
        containers: [k8s.toJson_Container({ ...props.container, image, name: props.container.name || 'kserve-container' })],
        supportedModelFormats: props.supportedModelFormats.map((f) => compact({ ...f })),
        protocolVersions: [...(props.protocolVersions ?? ['v1'])],
        multiModel: props.multiModel,
        disabled: props.disabled,
        nodeSelector: props.nodeSelector,
        tolerations: props.tolerations?.map((t) => k8s.toJson_Toleration(t)),
        volumes: props.volumes?.map((v) => k8s.toJson_Volume(v)),
      }),
    });
  }
}
