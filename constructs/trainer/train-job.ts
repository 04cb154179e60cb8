import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ImageResolver } from '../core/images';
import { UserInput } from '../core/user-input';
import { TRAINER_GROUP } from './crds';

/** Where a model or dataset comes from, for the initializer jobs. */
export interface TrainJobInitializer {
  /** e.g. `hf://tatsu-lab/alpaca` or `s3://bucket/path`. */
  readonly storageUri: string;
  /** @default none */
  readonly env?: readonly k8s.EnvVar[];
  /** Secret with the credentials (e.g. `HF_TOKEN`). @default none */
  readonly secretName?: string;
}

/** What runs on each training node; unset fields come from the runtime. */
export interface TrainJobTrainer {
  /** A catalog key or an image reference with a tag or digest, through the mirror. @default the runtime's image */
  readonly image?: string;
  /** @default the runtime's command */
  readonly command?: readonly string[];
  /** @default the runtime's args */
  readonly args?: readonly string[];
  /** @default none */
  readonly env?: readonly k8s.EnvVar[];
  /** @default the runtime's `numNodes` */
  readonly numNodes?: number;
  /** Processes per node: a number, or `auto`, `cpu`, `gpu`. @default the runtime's */
  readonly numProcPerNode?: number | 'auto' | 'cpu' | 'gpu';
  /** e.g. `{ limits: { 'nvidia.com/gpu': 1 } }`. @default the runtime's */
  readonly resourcesPerNode?: { readonly requests?: Readonly<Record<string, string | number>>; readonly limits?: Readonly<Record<string, string | number>> };
}

export interface TrainJobProps {
  /** Must be an RFC 1035 label of at most 63 characters. */
  readonly name: string;
  readonly namespace: string;
  /** The runtime to run on. */
  readonly runtime: { readonly name: string; /** @default "ClusterTrainingRuntime" */ readonly kind?: 'ClusterTrainingRuntime' | 'TrainingRuntime' };
  /** @default the runtime's */
  readonly trainer?: TrainJobTrainer;
  /** @default none */
  readonly initializer?: { readonly dataset?: TrainJobInitializer; readonly model?: TrainJobInitializer };
  /** Labels and annotations for the JobSet and its pods. @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default none */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Create the job suspended. @default false */
  readonly suspend?: boolean;
  /** Catalog images and mirror. @default the platform's when built in a `KubeflowPlatform`'s app, else the default release, no mirror */
  readonly images?: ImageResolver;
}

function init(i: TrainJobInitializer) {
  return {
    storageUri: i.storageUri,
    ...(i.env ? { env: i.env.map((e) => k8s.toJson_EnvVar(e)) } : {}),
    ...(i.secretName ? { secretRef: { name: i.secretName } } : {}),
  };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A user's TrainJob (trainer.kubeflow.org/v1alpha1). */
export class TrainJob extends Construct {
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: TrainJobProps) {
    super(scope, id);
    const input = new UserInput(this, 'TrainJob', props.images);
    input.rfc1035Label('name', props.name);
    input.tenant('namespace', props.namespace);
    const t = props.trainer;
    const initializer = props.initializer
      ? definedOnly({ dataset: props.initializer.dataset && init(props.initializer.dataset), model: props.initializer.model && init(props.initializer.model) })
      : undefined;
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: `${TRAINER_GROUP}/v1alpha1`,
      kind: 'TrainJob',
      metadata: { name: props.name, namespace: props.namespace },
      spec: definedOnly({
        runtimeRef: { apiGroup: TRAINER_GROUP, kind: props.runtime.kind ?? 'ClusterTrainingRuntime', name: props.runtime.name },
        trainer: t
          ? definedOnly({
            image: t.image && input.image('trainer.image', t.image),
            command: t.command && [...t.command],
            args: t.args && [...t.args],
            env: t.env?.map((e) => k8s.toJson_EnvVar(e)),
            numNodes: t.numNodes,
            numProcPerNode: t.numProcPerNode,
            resourcesPerNode: t.resourcesPerNode,
          })
          : undefined,
        initializer,
        labels: props.labels && { ...props.labels },
        annotations: props.annotations && { ...props.annotations },
        suspend: props.suspend,
      }),
    });
  }
}
