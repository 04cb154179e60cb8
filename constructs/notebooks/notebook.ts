import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ImageResolver } from '../core/images';
import { UserInput } from '../core/user-input';
import { NOTEBOOK_IMAGES, RSTUDIO_IMAGES, VSCODE_IMAGES } from './spawner-catalog';

export type NotebookServerType = 'jupyter' | 'vscode' | 'rstudio';

export interface NotebookProps {
  readonly name: string;
  /** A profile namespace. */
  readonly namespace: string;
  /** A catalog key (`notebooks/jupyter-scipy`) or an image reference with a tag or digest; either goes through the mirror. */
  readonly image: string;
  /** Catalog images and mirror. @default the platform's when built in a `KubeflowPlatform`'s app, else the default release, no mirror */
  readonly images?: ImageResolver;
  /** How the gateway reaches the server. @default from the catalog key, else "jupyter" */
  readonly serverType?: NotebookServerType;
  /** @default "0.5" */
  readonly cpu?: string;
  /** @default "1Gi" */
  readonly memory?: string;
  /** CPU and memory limits as a multiple of the requests, or none. @default 1.2 */
  readonly limitFactor?: number | 'none';
  /** GPUs: extended resource and count. @default none */
  readonly gpu?: { readonly resource: string; readonly count: number };
  /**
   * Workspace volume mounted at /home/jovyan: an existing claim, or a new one of this size.
   * @default a new 5Gi claim named `<name>-workspace`
   */
  readonly workspace?: { readonly claimName: string } | { readonly size: string; readonly storageClass?: string } | false;
  /** Memory-backed /dev/shm. @default true */
  readonly sharedMemory?: boolean;
  /** @default "default-editor" */
  readonly serviceAccountName?: string;
  /** Labels PodDefaults select on (e.g. `access-ml-pipeline: "true"`). @default none */
  readonly podDefaultLabels?: Readonly<Record<string, string>>;
  /** Extra environment of the server container. @default none */
  readonly env?: readonly k8s.EnvVar[];
}

const SERVER_TYPE_ANNOTATION: Readonly<Record<NotebookServerType, string>> = { jupyter: 'jupyter', vscode: 'group-one', rstudio: 'group-two' };

function scale(quantity: string, factor: number): string {
  const m = /^([0-9.]+)(.*)$/.exec(quantity);
  if (!m) throw new Error(`Notebook: cannot scale quantity '${quantity}'`);
  return `${Number((Number(m[1]) * factor).toFixed(3))}${m[2]}`;
}

/** A user's notebook server (`kubeflow.org/v1` Notebook), as the Jupyter web app would create it. */
export class Notebook extends Construct {
  public readonly resource: ApiObject;
  public readonly image: string;

  constructor(scope: Construct, id: string, props: NotebookProps) {
    super(scope, id);
    const input = new UserInput(this, 'Notebook', props.images);
    input.dnsLabel('name', props.name);
    input.tenant('namespace', props.namespace);
    this.image = input.image('image', props.image, NOTEBOOK_IMAGES);
    const type = props.serverType
      ?? ((VSCODE_IMAGES as readonly string[]).includes(props.image) ? 'vscode' : (RSTUDIO_IMAGES as readonly string[]).includes(props.image) ? 'rstudio' : 'jupyter');
    const { name, namespace } = props;

    const cpu = props.cpu ?? '0.5';
    const memory = props.memory ?? '1Gi';
    const factor = props.limitFactor ?? 1.2;
    const limits: Record<string, string> = factor === 'none' ? {} : { cpu: scale(cpu, factor), memory: scale(memory, factor) };
    if (props.gpu) limits[props.gpu.resource] = String(props.gpu.count);

    const workspace = props.workspace ?? { size: '5Gi' };
    let claim: string | undefined;
    if (workspace && 'claimName' in workspace) claim = workspace.claimName;
    else if (workspace) {
      claim = `${name}-workspace`;
      new k8s.KubePersistentVolumeClaim(this, 'Workspace', {
        metadata: { name: claim, namespace },
        spec: {
          accessModes: ['ReadWriteOnce'],
          ...(workspace.storageClass ? { storageClassName: workspace.storageClass } : {}),
          resources: { requests: { storage: k8s.Quantity.fromString(workspace.size) } },
        },
      });
    }
    const shm = props.sharedMemory ?? true;
    const annotations: Record<string, string> = { 'notebooks.kubeflow.org/server-type': SERVER_TYPE_ANNOTATION[type] };
    if (type !== 'jupyter') annotations['notebooks.kubeflow.org/http-rewrite-uri'] = '/';
    if (type === 'rstudio') {
      annotations['notebooks.kubeflow.org/http-headers-request-set'] = JSON.stringify({ 'X-RStudio-Root-Path': `/notebook/${namespace}/${name}/` });
    }

    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'kubeflow.org/v1',
      kind: 'Notebook',
      metadata: {
        name,
        namespace,
        annotations,
        labels: { app: name, ...props.podDefaultLabels },
      },
      spec: {
        template: {
          spec: {
            serviceAccountName: props.serviceAccountName ?? 'default-editor',
            containers: [{
              name,
              image: this.image,
              imagePullPolicy: 'IfNotPresent',
              resources: { requests: { cpu, memory }, ...(Object.keys(limits).length ? { limits } : {}) },
              ...(props.env?.length ? { env: props.env.map((e) => k8s.toJson_EnvVar(e)) } : {}),
              volumeMounts: [
                ...(claim ? [{ name: claim, mountPath: '/home/jovyan' }] : []),
                ...(shm ? [{ name: 'dshm', mountPath: '/dev/shm' }] : []),
              ],
            }],
            volumes: [
              ...(claim ? [{ name: claim, persistentVolumeClaim: { claimName: claim } }] : []),
              ...(shm ? [{ name: 'dshm', emptyDir: { medium: 'Memory' } }] : []),
            ],
          },
        },
      },
    });
  }
}
