import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { TrainerRuntimeName, TRAINER_RUNTIMES } from '../catalog/types';
import { ImageResolver } from '../core/images';
import { TRAINER_GROUP } from './crds';

/** The cluster training runtimes upstream ships, by name; each release ships some of them (`trainerRuntimes`). */
export const RUNTIME_NAMES = TRAINER_RUNTIMES;
export type RuntimeName = TrainerRuntimeName;

const STEP = 'trainer.kubeflow.org/trainjob-ancestor-step';
const MPI_USER = 1000;
const SSH_PORT = 2222;

type Json = Record<string, unknown>;

function replicatedJob(name: string, step: string | undefined, pod: Json, extra: Json = {}): Json {
  return {
    ...extra,
    name,
    template: {
      ...(step ? { metadata: { labels: { [STEP]: step } } } : {}),
      spec: { template: { spec: pod } },
    },
  };
}

/** MPI runtimes (DeepSpeed, MLX): a launcher and sshd worker nodes from one image. */
function mpiRuntime(image: string): Json {
  const node = { name: 'node', image, securityContext: { runAsUser: MPI_USER } };
  return {
    mlPolicy: { numNodes: 1, mpi: { mpiImplementation: 'OpenMPI', numProcPerNode: 1, runLauncherAsNode: true, sshAuthMountPath: '/home/mpiuser/.ssh' } },
    template: {
      spec: {
        network: { publishNotReadyAddresses: true },
        replicatedJobs: [
          replicatedJob('launcher', 'trainer', { containers: [node] }),
          replicatedJob('node', undefined, {
            containers: [
              {
                ...node,
                command: ['/usr/sbin/sshd'],
                args: ['-De', '-f', '/home/mpiuser/.sshd_config'],
                readinessProbe: { tcpSocket: { port: SSH_PORT }, initialDelaySeconds: 5 },
              },
            ],
          }),
        ],
        successPolicy: { operator: 'All', targetReplicatedJobs: ['launcher'] },
      },
    },
  };
}

// Trainer 2.2 leaves processes per node to the TrainJob (its default is one per GPU).
const torchPolicy = (images: ImageResolver) => ({ numNodes: 1, torch: images.catalog.features.trainerTorchAutoProcs ? { numProcPerNode: 'auto' } : {} });

/** One node of `image` running the framework's trainer (torch, JAX, XGBoost). */
function singleNodeRuntime(mlPolicy: Json, image: string): Json {
  return { mlPolicy, template: { spec: { replicatedJobs: [replicatedJob('node', 'trainer', { containers: [{ name: 'node', image }] })] } } };
}

/** A TorchTune fine-tuning recipe: which model, which recipe config, where its tokenizer lives. */
interface TorchTuneModel {
  readonly model: string;
  readonly recipe: string;
  readonly tokenizer: readonly string[];
}

const WORKSPACE = '/workspace';
const LLAMA_TOKENIZER = [`tokenizer.path=${WORKSPACE}/model/original/tokenizer.model`];

const TORCHTUNE: Readonly<Record<string, TorchTuneModel>> = {
  'torchtune-llama3.2-1b': { model: 'meta-llama/Llama-3.2-1B-Instruct', recipe: 'llama3_2/1B_full', tokenizer: LLAMA_TOKENIZER },
  'torchtune-llama3.2-3b': { model: 'meta-llama/Llama-3.2-3B-Instruct', recipe: 'llama3_2/3B_full', tokenizer: LLAMA_TOKENIZER },
  'torchtune-qwen2.5-1.5b': {
    model: 'Qwen/Qwen2.5-1.5B-Instruct',
    recipe: 'qwen2_5/1.5B_full',
    tokenizer: [`tokenizer.path=${WORKSPACE}/model/vocab.json`, `tokenizer.merges_file=${WORKSPACE}/model/merges.txt`],
  },
};
const TORCHTUNE_DATASET = 'hf://tatsu-lab/alpaca';
const TORCHTUNE_GPUS = 2;

function torchTuneRuntime(name: string, m: TorchTuneModel, images: ImageResolver): Json {
  // The initializers download into a PVC the trainer reads: named after the runtime, or
  // (Trainer 2.2) one JobSet claims for each TrainJob.
  const claimed = images.catalog.features.trainerVolumeClaimPolicies;
  const volumes = claimed ? undefined : [{ name: 'initializer', persistentVolumeClaim: { claimName: name } }];
  const volumeMounts = [{ name: 'initializer', mountPath: WORKSPACE }];
  const init = (step: 'dataset-initializer' | 'model-initializer', uri: string) =>
    replicatedJob(step, step, {
      containers: [{ name: step, image: images.ref(`trainer/${step}`), env: [{ name: 'STORAGE_URI', value: uri }], volumeMounts }],
      ...(volumes ? { volumes } : {}),
    });
  const command = [
    'tune',
    'run',
    '--rdzv_endpoint=localhost:29500',
    'full_finetune_distributed',
    '--config',
    m.recipe,
    'dataset=torchtune.datasets.instruct_dataset',
    'dataset.source=parquet',
    `dataset.data_dir=${WORKSPACE}/dataset/data`,
    `output_dir=${WORKSPACE}/output`,
    ...m.tokenizer,
    `checkpointer.checkpoint_dir=${WORKSPACE}/model`,
  ];
  return {
    mlPolicy: torchPolicy(images),
    template: {
      spec: {
        replicatedJobs: [
          init('dataset-initializer', TORCHTUNE_DATASET),
          init('model-initializer', `hf://${m.model}`),
          replicatedJob(
            'node',
            'trainer',
            {
              containers: [
                { name: 'node', image: images.ref('trainer/torchtune-trainer'), command, resources: { limits: { 'nvidia.com/gpu': TORCHTUNE_GPUS } }, volumeMounts },
              ],
              ...(volumes ? { volumes } : {}),
            },
            { dependsOn: [{ name: 'dataset-initializer', status: 'Complete' }, { name: 'model-initializer', status: 'Complete' }] },
          ),
        ],
        ...(claimed ? { volumeClaimPolicies: [{ templates: [{ metadata: { name: 'initializer' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } } }] }] } : {}),
      },
    },
  };
}

/** Framework label and spec of one runtime; images are resolved only for runtimes that are built. */
function runtime(name: RuntimeName, images: ImageResolver): { framework: string; spec: Json } {
  switch (name) {
    case 'deepspeed-distributed':
      return { framework: 'deepspeed', spec: mpiRuntime(images.ref('trainer/deepspeed-runtime')) };
    case 'mlx-distributed':
      return { framework: 'mlx', spec: mpiRuntime(images.ref('trainer/mlx-runtime')) };
    case 'torch-distributed':
      return { framework: 'torch', spec: singleNodeRuntime(torchPolicy(images), images.ref('trainer/pytorch')) };
    case 'jax-distributed':
      return { framework: 'jax', spec: singleNodeRuntime({ jax: {}, numNodes: 1 }, images.ref('trainer/jax')) };
    case 'xgboost-distributed':
      return { framework: 'xgboost', spec: singleNodeRuntime({ numNodes: 1, xgboost: {} }, images.ref('trainer/xgboost-runtime')) };
    default:
      return { framework: 'torchtune', spec: torchTuneRuntime(name, TORCHTUNE[name], images) };
  }
}

export interface ClusterTrainingRuntimesProps {
  readonly images: ImageResolver;
  /** Runtimes to install. */
  readonly runtimes: readonly RuntimeName[];
  /** Upstream's kustomize namespace on these cluster-scoped objects; the API server drops it. */
  readonly namespace: string;
}

/** The ClusterTrainingRuntimes users pick from in their TrainJobs. */
export class ClusterTrainingRuntimes extends Construct {
  constructor(scope: Construct, id: string, props: ClusterTrainingRuntimesProps) {
    super(scope, id);
    for (const name of props.runtimes) {
      const { framework, spec } = runtime(name, props.images);
      new ApiObject(this, name, {
        apiVersion: `${TRAINER_GROUP}/v1alpha1`,
        kind: 'ClusterTrainingRuntime',
        // Kept so objects match an install made from kubeflow/manifests (same identity either way).
        metadata: { name, namespace: props.namespace, labels: { 'trainer.kubeflow.org/framework': framework } },
        spec,
      });
    }
  }
}
