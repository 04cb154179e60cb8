import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ImageResolver } from '../core/images';
import { fromField } from '../core/env';

/** The cluster serving runtimes KServe ships, by the name after `kserve-` (predictiveserver from 0.18: `kservePredictiveServer`). */
export const RUNTIME_NAMES = [
  'huggingfaceserver', 'huggingfaceserver-multinode', 'lgbserver', 'mlserver', 'paddleserver', 'pmmlserver',
  'predictiveserver', 'sklearnserver', 'tensorflow-serving', 'torchserve', 'tritonserver', 'xgbserver',
] as const;
export type RuntimeName = (typeof RUNTIME_NAMES)[number];

/** A model format a runtime serves; `autoSelect` runtimes are picked for InferenceServices that name no runtime. */
export interface SupportedModelFormat {
  readonly name: string;
  readonly version?: string;
  /** @default false */
  readonly autoSelect?: boolean;
  /** Among auto-selected runtimes for a format, the highest priority wins. @default none */
  readonly priority?: number;
}

interface RuntimeSpec {
  /** Catalog image key. */
  readonly image: string;
  readonly formats: readonly [name: string, versions: readonly string[], priority?: number, autoSelect?: boolean][];
  readonly protocols: readonly string[];
  readonly metricsPort?: number;
  readonly args?: readonly string[];
  readonly command?: readonly string[];
  readonly env?: readonly k8s.EnvVar[];
  readonly runAsUser?: number;
}

const MODEL_ARGS = ['--model_name={{.Name}}', '--model_dir=/mnt/models', '--http_port=8080'];

// The one-container runtimes; the multinode vLLM runtime is built by multinodeRuntime().
const RUNTIMES: Readonly<Record<Exclude<RuntimeName, 'huggingfaceserver-multinode'>, RuntimeSpec>> = {
  huggingfaceserver: {
    image: 'kserve/huggingfaceserver', formats: [['huggingface', ['1'], 1]], protocols: ['v2', 'v1'],
    args: ['--model_name={{.Name}}'], env: [{ name: 'LMCACHE_USE_EXPERIMENTAL', value: 'True' }],
  },
  lgbserver: { image: 'kserve/lgbserver', formats: [['lightgbm', ['3'], 1]], protocols: ['v1', 'v2'], args: [...MODEL_ARGS, '--nthread=1'] },
  mlserver: {
    image: 'kserve/mlserver', protocols: ['v2'],
    formats: [['sklearn', ['0', '1'], 2], ['xgboost', ['1', '2'], 2], ['lightgbm', ['3', '4'], 2], ['mlflow', ['1', '2'], 1]],
    env: [
      { name: 'MLSERVER_MODEL_IMPLEMENTATION', value: '{{.Labels.modelClass}}' },
      { name: 'MLSERVER_HTTP_PORT', value: '8080' },
      { name: 'MLSERVER_GRPC_PORT', value: '9000' },
      { name: 'MODELS_DIR', value: '/mnt/models' },
    ],
  },
  paddleserver: { image: 'kserve/paddleserver', formats: [['paddle', ['2'], 1]], protocols: ['v1', 'v2'], args: MODEL_ARGS },
  pmmlserver: { image: 'kserve/pmmlserver', formats: [['pmml', ['3', '4'], 1]], protocols: ['v1', 'v2'], args: MODEL_ARGS },
  // One server for the tree and linear model formats; InferenceServices pick it by name, never automatically.
  predictiveserver: {
    image: 'kserve/predictiveserver', protocols: ['v1', 'v2'],
    formats: [['sklearn', ['1'], 3, false], ['xgboost', ['2'], 3, false], ['lightgbm', ['4'], 3, false]],
    args: [...MODEL_ARGS, '--framework={{.Annotations.modelFormat}}', '--nthread=1'],
  },
  sklearnserver: { image: 'kserve/sklearnserver', formats: [['sklearn', ['1'], 1]], protocols: ['v1', 'v2'], args: MODEL_ARGS },
  'tensorflow-serving': {
    image: 'kserve/tensorflow-serving', formats: [['tensorflow', ['1', '2'], 2]], protocols: ['v1', 'grpc-v1'], runAsUser: 1000,
    command: ['/usr/bin/tensorflow_model_server'],
    args: ['--model_name={{.Name}}', '--port=9000', '--rest_api_port=8080', '--model_base_path=/mnt/models', '--rest_api_timeout_in_ms=60000'],
  },
  torchserve: {
    image: 'kserve/torchserve', formats: [['pytorch', ['1'], 2]], protocols: ['v1', 'v2', 'grpc-v2'], metricsPort: 8082, runAsUser: 1000,
    args: ['torchserve', '--start', '--model-store=/mnt/models/model-store', '--ts-config=/mnt/models/config/config.properties'],
    env: [{ name: 'TS_SERVICE_ENVELOPE', value: '{{.Labels.serviceEnvelope}}' }],
  },
  tritonserver: {
    image: 'kserve/tritonserver', protocols: ['v2', 'grpc-v2'], metricsPort: 8002, runAsUser: 1000,
    formats: [['tensorrt', ['8'], 1], ['tensorflow', ['1', '2'], 1], ['onnx', ['1'], 1], ['pytorch', ['1'], undefined, false], ['triton', ['2'], 1]],
    args: ['tritonserver', '--model-store=/mnt/models', '--grpc-port=9000', '--http-port=8080', '--allow-grpc=true', '--allow-http=true'],
  },
  xgbserver: { image: 'kserve/xgbserver', formats: [['xgboost', ['1'], 1]], protocols: ['v1', 'v2'], args: [...MODEL_ARGS, '--nthread=1'] },
};

/** The model-serving container's security context: user pods, not platform pods, so the runtime's own user. */
function runtimeSecurity(runAsUser?: number): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, runAsNonRoot: true,
    ...(runAsUser !== undefined ? { runAsUser } : {}),
  };
}

// Model servers' defaults; each InferenceService overrides them with its own resources.
const RUNTIME_RESOURCES = { limits: { cpu: '1', memory: '2Gi' }, requests: { cpu: '1', memory: '2Gi' } };
const prometheus = (port: number) => ({ 'prometheus.kserve.io/path': '/metrics', 'prometheus.kserve.io/port': String(port) });

function formats(spec: RuntimeSpec): SupportedModelFormat[] {
  return spec.formats.flatMap(([name, versions, priority, autoSelect = true]) =>
    versions.map((version) => ({ ...(autoSelect ? { autoSelect: true } : {}), name, ...(priority !== undefined ? { priority } : {}), version })));
}

function singleRuntime(images: ImageResolver, name: Exclude<RuntimeName, 'huggingfaceserver-multinode'>): Record<string, unknown> {
  const s = RUNTIMES[name];
  const hf = name === 'huggingfaceserver';
  return {
    annotations: prometheus(s.metricsPort ?? 8080),
    containers: [{
      name: 'kserve-container',
      image: images.ref(s.image),
      ...(s.command ? { command: [...s.command] } : {}),
      ...(s.args ? { args: [...s.args] } : {}),
      ...(s.env ? { env: [...s.env] } : {}),
      resources: RUNTIME_RESOURCES,
      securityContext: runtimeSecurity(s.runAsUser),
      // vLLM needs a shared-memory volume larger than the container runtime's 64Mi default.
      ...(hf ? { volumeMounts: [{ mountPath: '/dev/shm', name: 'devshm' }] } : {}),
    }],
    ...(hf ? { hostIPC: false, volumes: [{ name: 'devshm', emptyDir: { medium: 'Memory' } }] } : {}),
    protocolVersions: [...s.protocols],
    supportedModelFormats: formats(s),
  };
}

/** Adds the enabled cluster serving runtimes; only their images are resolved, so only they reach the image list. */
export function clusterServingRuntimes(scope: Construct, images: ImageResolver, enabled: Readonly<Record<RuntimeName, boolean>>): void {
  for (const name of RUNTIME_NAMES) {
    if (!enabled[name] || (name === 'predictiveserver' && !images.catalog.features.kservePredictiveServer)) continue;
    const spec = name === 'huggingfaceserver-multinode' ? multinodeRuntime(images) : singleRuntime(images, name);
    new ApiObject(scope, `ClusterServingRuntime-${name}`, {
      apiVersion: 'serving.kserve.io/v1alpha1',
      kind: 'ClusterServingRuntime',
      metadata: { name: `kserve-${name}`, ...(name === 'predictiveserver' ? { annotations: { 'serving.kserve.io/server-type': 'predictiveserver' } } : {}) },
      spec,
    });
  }
}

const script = (...lines: string[]) => `${lines.join('\n')}\n`;

// The head pod starts the Ray head, waits for the workers to register, then serves
// the model across the cluster; the model comes from MODEL_DIR (storage) or MODEL_ID (hub).
const HEAD_SCRIPT = script(
  'model_arg=""',
  'if [ -n "${MODEL_ID}" ]; then model_arg="--model_dir=${MODEL_ID}"; fi',
  'if [ -n "${MODEL_DIR}" ]; then model_arg="--model_dir=${MODEL_DIR}"; fi',
  'export RAY_ADDRESS=${POD_IP}:${RAY_PORT}',
  'ray start --head --disable-usage-stats --include-dashboard false',
  'python ./huggingfaceserver/health_check.py registered_nodes --retries 200 --probe_name runtime_start',
  'python -m huggingfaceserver ${model_arg} --tensor-parallel-size=${TENSOR_PARALLEL_SIZE} --pipeline-parallel-size=${PIPELINE_PARALLEL_SIZE} "$0" "$@"',
);

// A worker waits for the head's control service, then joins the Ray cluster and blocks.
const WORKER_SCRIPT = script(
  'export RAY_HEAD_ADDRESS=${HEAD_SVC}.${POD_NAMESPACE}.svc.cluster.local:6379',
  'SECONDS=0',
  'until ray health-check --address "${RAY_HEAD_ADDRESS}" > /dev/null 2>&1; do',
  '  echo "${SECONDS}s elapsed: waiting for the Ray head at ${RAY_HEAD_ADDRESS}"',
  '  sleep 5',
  'done',
  'ray start --address="${RAY_HEAD_ADDRESS}" --block',
);

const healthCheck = (script: string) => ({ exec: { command: ['bash', '-c', script] } });
const exec = (args: string, p: Partial<k8s.Probe>): k8s.Probe => ({ ...healthCheck(args), successThreshold: 1, ...p });
const GPU_RESOURCES = { limits: { cpu: '4', memory: '12Gi' }, requests: { cpu: '2', memory: '6Gi' } };
const SHM = { volumeMounts: [{ mountPath: '/dev/shm', name: 'shm' }] };
const shmVolumes = () => [{ name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: '3Gi' } }];
const check = 'python ./huggingfaceserver/health_check.py';
const headAddress = 'export RAY_ADDRESS=${HEAD_SVC}.${POD_NAMESPACE}.svc.cluster.local:6379';

function multinodeRuntime(images: ImageResolver): Record<string, unknown> {
  // The GPU build of the Hugging Face server: only resolved when this runtime is enabled.
  const image = images.ref('kserve/huggingfaceserver-gpu');
  return {
    annotations: prometheus(8080),
    containers: [{
      name: 'kserve-container',
      image,
      command: ['bash', '-c', HEAD_SCRIPT],
      args: ['--model_name={{.Name}}'],
      env: [
        { name: 'RAY_PORT', value: '6379' }, fromField('POD_NAMESPACE', 'metadata.namespace'), fromField('POD_IP', 'status.podIP'),
        { name: 'VLLM_CONFIG_ROOT', value: '/tmp' }, { name: 'HF_HUB_CACHE', value: '/tmp' },
      ],
      livenessProbe: exec(`${check} registered_node_and_runtime_health --health_check_url http://localhost:8080 --probe_name head_liveness\n`, { failureThreshold: 2, periodSeconds: 5, timeoutSeconds: 15 }),
      readinessProbe: exec(`${check} runtime_health --health_check_url http://localhost:8080 --probe_name head_readiness\n`, { failureThreshold: 2, periodSeconds: 5, timeoutSeconds: 15 }),
      startupProbe: exec(`${check} registered_node_and_runtime_health --health_check_url http://localhost:8080 --probe_name head_startup\n`, { failureThreshold: 40, initialDelaySeconds: 60, periodSeconds: 30, timeoutSeconds: 30 }),
      resources: GPU_RESOURCES,
      ...SHM,
    }],
    protocolVersions: ['v2', 'v1'],
    supportedModelFormats: [{ autoSelect: true, name: 'huggingface', priority: 2, version: '1' }],
    volumes: shmVolumes(),
    workerSpec: {
      pipelineParallelSize: 1,
      tensorParallelSize: 1,
      containers: [{
        name: 'worker-container',
        image,
        command: ['bash', '-c', WORKER_SCRIPT],
        env: [fromField('POD_NAME', 'metadata.name'), fromField('POD_NAMESPACE', 'metadata.namespace')],
        livenessProbe: exec(`${headAddress}\n${check} registered_nodes --probe_name worker_liveness\n`, { failureThreshold: 2, periodSeconds: 5, timeoutSeconds: 15 }),
        startupProbe: exec(
          'export RAY_HEAD_NODE=${HEAD_SVC}.${POD_NAMESPACE}.svc.cluster.local\nexport RAY_ADDRESS=${RAY_HEAD_NODE}:6379\n' +
          `${check} registered_node_and_runtime_models --runtime_url http://\${RAY_HEAD_NODE}:8080/v1/models --probe_name worker_startup\n`,
          { failureThreshold: 40, initialDelaySeconds: 60, periodSeconds: 30, timeoutSeconds: 30 },
        ),
        resources: GPU_RESOURCES,
        ...SHM,
      }],
      volumes: shmVolumes(),
    },
  };
}
