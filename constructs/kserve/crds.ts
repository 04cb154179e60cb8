import { Construct } from 'constructs';
import { Crd, CrdVersion, PrinterColumn } from '../core/crd';
import { array, conditions, embedded, enumOf, integer, intOrString, map, nameRef, object, Schema, string } from '../core/schema';
import { component, predictor, servingRuntimeSpec } from './schemas';

const age: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };
const url: PrinterColumn = { name: 'URL', type: 'string', jsonPath: '.status.url' };
const ready: PrinterColumn = { name: 'Ready', type: 'string', jsonPath: ".status.conditions[?(@.type=='Ready')].status" };
const status = (): Schema => object({ conditions: conditions(), observedGeneration: integer({ format: 'int64' }), url: string() }, { 'x-kubernetes-preserve-unknown-fields': true });
const runtimeColumns: PrinterColumn[] = [
  { name: 'Disabled', type: 'boolean', jsonPath: '.spec.disabled' },
  { name: 'ModelType', type: 'string', jsonPath: '.spec.supportedModelFormats[*].name' },
  { name: 'Containers', type: 'string', jsonPath: '.spec.containers[*].name' },
  age,
];
const traffic = (column: string, type: PrinterColumn['type'], filter: string, field: string): PrinterColumn =>
  ({ name: column, type, jsonPath: `.status.components.predictor.traffic[?(${filter})].${field}` });

const inferenceServiceSpec = (): Schema =>
  object({ predictor: predictor(), transformer: component(), explainer: component({ art: embedded() }) }, { required: ['predictor'] });

const graphSpec = (): Schema =>
  object(
    {
      nodes: map(object({
        routerType: enumOf(['Sequence', 'Splitter', 'Ensemble', 'Switch']),
        steps: array(object({
          name: string(), nodeName: string(), serviceName: string(), serviceUrl: string(), data: string(), condition: string(),
          weight: integer({ format: 'int64' }), dependency: enumOf(['Soft', 'Hard']),
        })),
      }, { required: ['routerType'] })),
      minReplicas: integer(), maxReplicas: integer(), scaleTarget: integer(), scaleMetric: enumOf(['cpu', 'memory', 'concurrency', 'rps']),
      timeout: integer({ format: 'int64' }), serviceAccountName: string(), nodeName: string(), nodeSelector: map(),
      resources: embedded(), affinity: embedded(), tolerations: array(embedded()),
      routerTimeouts: object({ serverIdle: integer(), serverRead: integer(), serverWrite: integer(), serviceClient: integer() }),
    },
    { required: ['nodes'] },
  );

interface KserveCrd {
  readonly kind: string;
  readonly version: 'v1alpha1' | 'v1alpha2' | 'v1beta1';
  readonly scope: 'Namespaced' | 'Cluster';
  readonly spec: Schema;
  /** No status subresource upstream, though the status field may exist. */
  readonly noSubresources?: boolean;
  readonly status?: Schema | false;
  readonly topLevel?: Record<string, Schema>;
  readonly shortNames?: string[];
  readonly columns?: PrinterColumn[];
  readonly annotations?: Record<string, string>;
}

const SERVING_CRDS = (isvcAnnotations: Record<string, string>): KserveCrd[] => [
  { kind: 'ClusterServingRuntime', version: 'v1alpha1', scope: 'Cluster', spec: servingRuntimeSpec(), noSubresources: true, columns: runtimeColumns },
  {
    kind: 'ClusterStorageContainer', version: 'v1alpha1', scope: 'Cluster', status: false, topLevel: { disabled: { type: 'boolean' } },
    spec: object({
      container: object({ name: string(), image: string() }, { required: ['name'], 'x-kubernetes-preserve-unknown-fields': true }),
      supportedUriFormats: array(object({ prefix: string(), regex: string() })),
      supportsMultiModelDownload: { type: 'boolean', default: false },
      workloadType: string({ default: 'initContainer' }),
    }, { required: ['container', 'supportedUriFormats'] }),
  },
  { kind: 'InferenceGraph', version: 'v1alpha1', scope: 'Namespaced', spec: graphSpec(), shortNames: ['ig'], columns: [url, ready, age] },
  {
    kind: 'InferenceService', version: 'v1beta1', scope: 'Namespaced', spec: inferenceServiceSpec(), shortNames: ['isvc'], annotations: isvcAnnotations,
    columns: [
      url, ready,
      traffic('Prev', 'integer', "@.tag=='prev'", 'percent'),
      traffic('Latest', 'integer', '@.latestRevision==true', 'percent'),
      traffic('PrevRolledoutRevision', 'string', "@.tag=='prev'", 'revisionName'),
      traffic('LatestReadyRevision', 'string', '@.latestRevision==true', 'revisionName'),
      age,
    ],
  },
  {
    kind: 'LocalModelCache', version: 'v1alpha1', scope: 'Cluster',
    spec: object({
      sourceModelUri: string({ 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'StorageUri is immutable' }] }),
      modelSize: intOrString(),
      nodeGroups: array(string(), { minItems: 1 }),
    }, { required: ['modelSize', 'nodeGroups', 'sourceModelUri'] }),
  },
  {
    kind: 'LocalModelNodeGroup', version: 'v1alpha1', scope: 'Cluster', noSubresources: true,
    spec: object({ persistentVolumeClaimSpec: embedded(), persistentVolumeSpec: embedded(), storageLimit: intOrString() }, { required: ['persistentVolumeClaimSpec', 'persistentVolumeSpec', 'storageLimit'] }),
  },
  {
    kind: 'LocalModelNode', version: 'v1alpha1', scope: 'Cluster',
    spec: object({ localModels: array(object({ modelName: string(), sourceModelUri: string() }, { required: ['modelName', 'sourceModelUri'] })) }, { required: ['localModels'] }),
  },
  { kind: 'ServingRuntime', version: 'v1alpha1', scope: 'Namespaced', spec: servingRuntimeSpec(), noSubresources: true, columns: runtimeColumns },
  {
    kind: 'TrainedModel', version: 'v1alpha1', scope: 'Namespaced', shortNames: ['tm'], columns: [url, ready, age],
    spec: object({
      inferenceService: string(),
      model: object({ framework: string(), memory: intOrString(), storageUri: string() }, { required: ['framework', 'memory', 'storageUri'] }),
    }, { required: ['inferenceService', 'model'] }),
  },
];

const llmSpec = (): Schema =>
  object({
    baseRefs: array(nameRef()),
    model: object({ uri: string(), name: string(), criticality: enumOf(['Critical', 'Standard', 'Sheddable']), lora: embedded() }, { required: ['uri'] }),
    replicas: integer({ format: 'int32' }),
    parallelism: object({ data: integer(), dataLocal: integer(), dataRPCPort: integer(), expert: { type: 'boolean' }, pipeline: integer(), tensor: integer() }),
    template: embedded(),
    worker: embedded(),
    prefill: embedded(),
    router: embedded(),
  });

/** Namespaced twin of LocalModelCache (KServe 0.18). */
const LOCAL_MODEL_NAMESPACE_CACHE: KserveCrd = {
  kind: 'LocalModelNamespaceCache', version: 'v1alpha1', scope: 'Namespaced',
  spec: object({
    sourceModelUri: string({ 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'StorageUri is immutable' }] }),
    modelSize: intOrString(),
    nodeGroups: array(string(), { minItems: 1 }),
  }, { required: ['modelSize', 'nodeGroups', 'sourceModelUri'] }),
};

const LLM_CRDS: KserveCrd[] = [
  { kind: 'LLMInferenceServiceConfig', version: 'v1alpha1', scope: 'Namespaced', spec: llmSpec(), status: false },
  {
    kind: 'LLMInferenceService', version: 'v1alpha1', scope: 'Namespaced', spec: llmSpec(), shortNames: ['llmisvc'],
    columns: [url, ready, { name: 'Reason', type: 'string', jsonPath: ".status.conditions[?(@.type=='Ready')].reason" }, age, { name: 'URLs', type: 'string', jsonPath: '.status.addresses[*].url', priority: 1 }],
  },
];

function toVersion(c: KserveCrd, storage = true): CrdVersion {
  return {
    name: c.version,
    storage,
    spec: c.spec,
    ...(c.status === false ? {} : { status: c.status ?? status() }),
    ...(c.noSubresources ? { subresources: {} } : {}),
    ...(c.topLevel ? { topLevel: c.topLevel } : {}),
    printerColumns: c.columns,
  };
}

export interface KserveCrdOptions {
  readonly labels: Readonly<Record<string, string>>;
  /** Namespace/name of the webhook Certificate, for the conversion CA of InferenceService. */
  readonly servingCert: string;
  /** Add the LLMInferenceService CRDs and the Gateway API inference extension (KServe 0.16+). */
  readonly llm: boolean;
  /** Stored version of the LLM CRDs; `v1alpha2` also serves v1alpha1 and converts through `llmConversion`. @default "v1alpha1" */
  readonly llmStorageVersion?: 'v1alpha1' | 'v1alpha2';
  /** The webhook Service that converts LLM objects, and its Certificate (`namespace/name`). */
  readonly llmConversion?: { readonly namespace: string; readonly service: string; readonly cert: string };
  /** Which inference extension CRDs come with the LLM controller. @default "v1alpha2" */
  readonly inferenceExtension?: 'v1alpha2' | 'v1.3.1';
  /** Add the LocalModelNamespaceCache CRD. @default false */
  readonly localModelNamespaceCache?: boolean;
}

/** KServe's CRDs: serving.kserve.io, and with the LLM controller the inference extension's. */
export function kserveCrds(scope: Construct, o: KserveCrdOptions): Crd[] {
  const serving = SERVING_CRDS({ 'cert-manager.io/inject-ca-from': o.servingCert });
  if (o.localModelNamespaceCache) serving.splice(serving.findIndex((c) => c.kind === 'LocalModelNodeGroup'), 0, LOCAL_MODEL_NAMESPACE_CACHE);
  const crds = serving.map((c) => new Crd(scope, `Crd-${c.kind}`, {
    group: 'serving.kserve.io', kind: c.kind, scope: c.scope, shortNames: c.shortNames, labels: o.labels,
    ...(c.annotations ? { annotations: c.annotations } : {}),
    versions: [toVersion(c)],
  }));
  if (!o.llm) return crds;
  const converted = (o.llmStorageVersion ?? 'v1alpha1') === 'v1alpha2';
  if (converted && !o.llmConversion) throw new Error('KServe: LLM CRDs stored as v1alpha2 need the conversion webhook (llmConversion)');
  for (const c of LLM_CRDS) {
    crds.push(new Crd(scope, `Crd-${c.kind}`, {
      group: 'serving.kserve.io', kind: c.kind, scope: c.scope, shortNames: c.shortNames, labels: o.labels,
      ...(converted && o.llmConversion
        ? {
          annotations: { 'cert-manager.io/inject-ca-from': o.llmConversion.cert },
          conversionWebhook: { namespace: o.llmConversion.namespace, name: o.llmConversion.service, path: '/convert' },
          // v1alpha1 is still served; the API server converts it to the stored v1alpha2.
          versions: [toVersion(c, false), toVersion({ ...c, version: 'v1alpha2' })],
        }
        : { versions: [toVersion(c)] }),
    }));
  }
  crds.push(...((o.inferenceExtension ?? 'v1alpha2') === 'v1.3.1' ? inferenceExtensionV1Crds(scope, o.labels) : inferenceExtensionCrds(scope, o.labels)));
  return crds;
}

/**
 * The Gateway API inference extension bundle 1.3.1: InferencePool v1 in inference.networking.k8s.io,
 * the experimental x-k8s.io kinds beside it. Schemas are open (their controllers validate).
 */
function inferenceExtensionV1Crds(scope: Construct, labels: Readonly<Record<string, string>>): Crd[] {
  const bundle = { 'inference.networking.k8s.io/bundle-version': 'v1.3.1' };
  const open = (version: string) => ({ name: version, storage: true, spec: embedded(), status: embedded() });
  const x = 'inference.networking.x-k8s.io';
  const kinds: { group: string; kind: string; version: string; shortNames?: string[]; approval: string }[] = [
    { group: x, kind: 'InferenceModelRewrite', version: 'v1alpha2', approval: '' },
    { group: x, kind: 'InferenceObjective', version: 'v1alpha2', approval: '' },
    { group: x, kind: 'InferencePoolImport', version: 'v1alpha1', shortNames: ['infpimp'], approval: '' },
    { group: 'inference.networking.k8s.io', kind: 'InferencePool', version: 'v1', shortNames: ['infpool'], approval: 'https://github.com/kubernetes-sigs/gateway-api-inference-extension/pull/1173' },
    { group: x, kind: 'InferencePool', version: 'v1alpha2', shortNames: ['xinfpool'], approval: 'unapproved, experimental-only' },
  ];
  return kinds.map((k) => new Crd(scope, `Crd-${k.kind}-${k.group}`, {
    group: k.group, kind: k.kind, scope: 'Namespaced', labels, shortNames: k.shortNames,
    annotations: { ...(k.approval ? { 'api-approved.kubernetes.io': k.approval } : {}), ...bundle },
    versions: [open(k.version)],
  }));
}

/** The Gateway API inference extension (InferencePool, InferenceModel) the LLM controller routes through. */
function inferenceExtensionCrds(scope: Construct, labels: Readonly<Record<string, string>>): Crd[] {
  const group = 'inference.networking.x-k8s.io';
  return [
    new Crd(scope, 'Crd-InferenceModel', {
      group, kind: 'InferenceModel', scope: 'Namespaced', labels,
      versions: [{
        name: 'v1alpha2', storage: true, status: embedded(),
        spec: object({
          modelName: string(),
          criticality: enumOf(['Critical', 'Standard', 'Sheddable']),
          poolRef: object({ group: string({ default: group }), kind: string({ default: 'InferencePool' }), name: string() }, { required: ['name'] }),
          targetModels: array(object({ name: string(), weight: integer({ format: 'int32' }) }, { required: ['name'] })),
        }, { required: ['modelName', 'poolRef'] }),
        printerColumns: [
          { name: 'Model Name', type: 'string', jsonPath: '.spec.modelName' },
          { name: 'Inference Pool', type: 'string', jsonPath: '.spec.poolRef.name' },
          { name: 'Criticality', type: 'string', jsonPath: '.spec.criticality' },
          age,
        ],
      }],
    }),
    new Crd(scope, 'Crd-InferencePool', {
      group, kind: 'InferencePool', scope: 'Namespaced', labels,
      versions: [{
        name: 'v1alpha2', storage: true, status: embedded(),
        spec: object({
          selector: map(),
          targetPortNumber: integer({ format: 'int32', minimum: 1, maximum: 65535 }),
          extensionRef: object({
            name: string(), group: string(), kind: string({ default: 'Service' }),
            portNumber: integer({ format: 'int32' }), failureMode: enumOf(['FailOpen', 'FailClose'], { default: 'FailClose' }),
          }, { required: ['name'] }),
        }, { required: ['extensionRef', 'selector', 'targetPortNumber'] }),
      }],
    }),
  ];
}

