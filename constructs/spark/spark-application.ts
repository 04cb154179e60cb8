import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ImageResolver } from '../core/images';
import { UserInput } from '../core/user-input';
import { SPARK_GROUP } from './crds';

/** Resources and placement of the driver or the executors. */
export interface SparkPodProps {
  /** @default 1 */
  readonly cores?: number;
  /** JVM heap, e.g. `512m`. @default Spark's default (1g) */
  readonly memory?: string;
  /** @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default none */
  readonly annotations?: Readonly<Record<string, string>>;
  /** @default none */
  readonly env?: readonly k8s.EnvVar[];
  /** @default none */
  readonly volumeMounts?: readonly k8s.VolumeMount[];
  /** @default none */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** @default none */
  readonly tolerations?: readonly k8s.Toleration[];
  /** @default the application's image */
  readonly image?: string;
}

export interface SparkDriverProps extends SparkPodProps {
  /** Service account the driver runs as; it creates the executor pods. */
  readonly serviceAccount: string;
}

export interface SparkExecutorProps extends SparkPodProps {
  /** @default 1 */
  readonly instances?: number;
}

export interface SparkApplicationProps {
  readonly name: string;
  readonly namespace: string;
  /** Spark image with the application: a catalog key or a reference with a tag or digest, through the mirror. */
  readonly image: string;
  readonly type: 'Java' | 'Python' | 'Scala' | 'R';
  /** e.g. `local:///opt/spark/examples/jars/spark-examples.jar`. */
  readonly mainApplicationFile: string;
  /** Required for Java and Scala. @default none */
  readonly mainClass?: string;
  readonly sparkVersion: string;
  readonly driver: SparkDriverProps;
  /** @default one executor with Spark's defaults */
  readonly executor?: SparkExecutorProps;
  /** @default none */
  readonly arguments?: readonly string[];
  /** @default none */
  readonly sparkConf?: Readonly<Record<string, string>>;
  /** @default "cluster" */
  readonly mode?: 'cluster' | 'client';
  /** @default { type: 'Never' } */
  readonly restartPolicy?: { readonly type: 'Never' | 'Always' | 'OnFailure'; readonly onFailureRetries?: number; readonly onFailureRetryInterval?: number };
  /** Delete the application this long after it finishes. @default kept */
  readonly timeToLiveSeconds?: number;
  /** @default none */
  readonly volumes?: readonly k8s.Volume[];
  /** @default off */
  readonly dynamicAllocation?: { readonly enabled: boolean; readonly minExecutors?: number; readonly maxExecutors?: number; readonly initialExecutors?: number };
  /** @default none */
  readonly deps?: { readonly jars?: readonly string[]; readonly files?: readonly string[]; readonly pyFiles?: readonly string[]; readonly packages?: readonly string[] };
  /** Catalog images and mirror. @default the platform's when built in a `KubeflowPlatform`'s app, else the default release, no mirror */
  readonly images?: ImageResolver;
}

type Json = Record<string, unknown>;

function compact(o: Json): Json {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function pod(p: SparkPodProps, own: Json): Json {
  return compact({
    cores: p.cores ?? 1,
    memory: p.memory,
    image: p.image,
    labels: p.labels && { ...p.labels },
    annotations: p.annotations && { ...p.annotations },
    // k8s L1 types serialize through toJson (e.g. IntOrString, Quantity).
    env: p.env?.map((e) => k8s.toJson_EnvVar(e)),
    volumeMounts: p.volumeMounts?.map((m) => k8s.toJson_VolumeMount(m)),
    nodeSelector: p.nodeSelector && { ...p.nodeSelector },
    tolerations: p.tolerations?.map((t) => k8s.toJson_Toleration(t)),
    ...own,
  });
}

/** A user's SparkApplication (sparkoperator.k8s.io/v1beta2). */
export class SparkApplication extends Construct {
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: SparkApplicationProps) {
    super(scope, id);
    if ((props.type === 'Java' || props.type === 'Scala') && !props.mainClass) {
      throw new Error(`SparkApplication ${props.name}: a ${props.type} application needs mainClass`);
    }
    const input = new UserInput(this, 'SparkApplication', props.images);
    input.dnsLabel('name', props.name);
    input.tenant('namespace', props.namespace);
    const image = input.image('image', props.image);
    const podImage = <P extends SparkPodProps>(which: string, p: P): P => ({ ...p, image: p.image && input.image(`${which}.image`, p.image) });
    const executor = podImage('executor', props.executor ?? {});
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: `${SPARK_GROUP}/v1beta2`,
      kind: 'SparkApplication',
      metadata: { name: props.name, namespace: props.namespace },
      spec: compact({
        type: props.type,
        mode: props.mode ?? 'cluster',
        image,
        mainApplicationFile: props.mainApplicationFile,
        mainClass: props.mainClass,
        arguments: props.arguments && [...props.arguments],
        sparkVersion: props.sparkVersion,
        sparkConf: props.sparkConf && { ...props.sparkConf },
        restartPolicy: props.restartPolicy ?? { type: 'Never' },
        timeToLiveSeconds: props.timeToLiveSeconds,
        deps: props.deps && JSON.parse(JSON.stringify(props.deps)),
        dynamicAllocation: props.dynamicAllocation && { ...props.dynamicAllocation },
        volumes: props.volumes?.map((v) => k8s.toJson_Volume(v)),
        driver: pod(podImage('driver', props.driver), { serviceAccount: props.driver.serviceAccount }),
        executor: pod(executor, { instances: executor.instances ?? 1 }),
      }),
    });
  }
}
