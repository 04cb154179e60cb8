import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { UserInput } from '../core/user-input';

export interface TensorboardProps {
  readonly name: string;
  /** A profile namespace. */
  readonly namespace: string;
  /**
   * Where the logs are: a volume (`{ pvc: 'NAME', path: 'logs' }`) or an object store URL
   * (`gs://bucket/run`, `s3://bucket/run`).
   */
  readonly logs: { readonly pvc: string; readonly path?: string } | string;
  /** Labels PodDefaults select on (e.g. object store credentials). @default none */
  readonly podDefaultLabels?: Readonly<Record<string, string>>;
}

/** A user's TensorBoard server (`tensorboard.kubeflow.org/v1alpha1` Tensorboard). */
export class Tensorboard extends Construct {
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: TensorboardProps) {
    super(scope, id);
    const input = new UserInput(this, 'Tensorboard');
    input.dnsLabel('name', props.name);
    input.tenant('namespace', props.namespace);
    const logspath = typeof props.logs === 'string' ? props.logs : `pvc://${props.logs.pvc}/${(props.logs.path ?? '').replace(/^\/+/, '')}`;
    if (typeof props.logs === 'string' && !/^[a-z0-9]+:\/\/.+/.test(props.logs)) {
      throw new Error(`Tensorboard ${props.name}: logs '${props.logs}' must be a URL such as gs://bucket/path, or { pvc, path }`);
    }
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'tensorboard.kubeflow.org/v1alpha1',
      kind: 'Tensorboard',
      metadata: { name: props.name, namespace: props.namespace, ...(props.podDefaultLabels ? { labels: { ...props.podDefaultLabels } } : {}) },
      spec: { logspath },
    });
  }
}
