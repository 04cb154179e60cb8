import { array, boolean, embedded, enumOf, integer, intOrString, map, nameRef, object, Schema, string } from '../core/schema';

/** Structural schema pieces shared by the KServe CRDs. */
export const strings = (): Schema => array(string());
export const containers = (): Schema => array(embedded());
export const storageSpec = (extra: Record<string, Schema> = {}): Schema =>
  object({ key: string(), parameters: map(), path: string(), ...extra });

/** `modelFormat` of a predictor or a runtime's supported formats. */
export const modelFormat = (): Schema => object({ name: string(), version: string() }, { required: ['name'] });

/**
 * A container with KServe's model fields on top; the container itself stays embedded
 * (preserve-unknown-fields) as upstream embeds a whole corev1.Container.
 */
export const modelContainer = (): Schema =>
  object(
    {
      name: string(),
      image: string(),
      modelFormat: modelFormat(),
      runtime: string(),
      runtimeVersion: string(),
      protocolVersion: string(),
      storageUri: string(),
      storage: storageSpec(),
      resources: embedded(),
    },
    { 'x-kubernetes-preserve-unknown-fields': true },
  );

/** The extension fields every InferenceService component (predictor, transformer, explainer) has. */
export const componentExtension = (): Record<string, Schema> => ({
  minReplicas: integer(),
  maxReplicas: integer(),
  scaleTarget: integer(),
  scaleMetric: enumOf(['cpu', 'memory', 'concurrency', 'rps']),
  scaleMetricType: enumOf(['Utilization', 'Value', 'AverageValue']),
  containerConcurrency: integer({ format: 'int64' }),
  timeout: integer({ format: 'int64' }),
  canaryTrafficPercent: integer({ format: 'int64' }),
  annotations: map(),
  labels: map(),
  logger: object({
    url: string(),
    mode: enumOf(['all', 'request', 'response']),
    metadataHeaders: strings(),
    metadataAnnotations: strings(),
    storage: storageSpec({ serviceAccountName: string() }),
  }),
  batcher: object({ maxBatchSize: integer(), maxLatency: integer(), timeout: integer() }),
  autoScaling: embedded(),
  deploymentStrategy: embedded(),
  storageUris: array(object({ uri: string(), mountPath: string() }, { 'x-kubernetes-preserve-unknown-fields': true })),
  // The PodSpec fields that KServe reads itself; the rest of the PodSpec is preserved.
  serviceAccountName: string(),
  containers: containers(),
  volumes: array(embedded()),
  nodeSelector: map(),
  tolerations: array(embedded()),
  affinity: embedded(),
});

/** An InferenceService component: typed extension fields over an embedded PodSpec. */
export const component = (extra: Record<string, Schema> = {}): Schema =>
  object({ ...componentExtension(), ...extra }, { 'x-kubernetes-preserve-unknown-fields': true });

const FRAMEWORKS = ['sklearn', 'xgboost', 'tensorflow', 'pytorch', 'triton', 'onnx', 'huggingface', 'pmml', 'lightgbm', 'paddle'];

export const predictor = (): Schema =>
  component({
    model: modelContainer(),
    workerSpec: object({ pipelineParallelSize: integer(), tensorParallelSize: integer(), containers: containers() }, { 'x-kubernetes-preserve-unknown-fields': true }),
    ...Object.fromEntries(FRAMEWORKS.map((f) => [f, modelContainer()])),
  });

/** ServingRuntime and ClusterServingRuntime spec. */
export const servingRuntimeSpec = (): Schema =>
  object(
    {
      supportedModelFormats: array(object({ name: string(), version: string(), autoSelect: boolean(), priority: integer({ format: 'int32', minimum: 1 }) }, { required: ['name'] })),
      protocolVersions: strings(),
      multiModel: boolean(),
      disabled: boolean(),
      containers: containers(),
      volumes: array(embedded()),
      annotations: map(),
      labels: map(),
      nodeSelector: map(),
      tolerations: array(embedded()),
      affinity: embedded(),
      imagePullSecrets: array(nameRef()),
      replicas: integer({ format: 'int32' }),
      hostIPC: boolean(),
      grpcEndpoint: string(),
      grpcDataEndpoint: string(),
      httpDataEndpoint: string(),
      storageHelper: object({ disabled: boolean() }),
      builtInAdapter: embedded(),
      workerSpec: object(
        { containers: containers(), pipelineParallelSize: integer(), tensorParallelSize: integer(), volumes: array(embedded()), annotations: map(), labels: map() },
        { required: ['containers'], 'x-kubernetes-preserve-unknown-fields': true },
      ),
    },
    { required: ['containers'] },
  );

export const quantity = (): Schema => intOrString();
