import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ComponentContext, resolveContext } from '../core/context';
import { rule } from '../core/rbac';
import { CrudWebApp, READ_STORAGE_CLASSES, WebAppSettings } from '../core/crud-web-app';
import { ViewerOptions, viewerSpecYaml } from './viewer-spec';

export interface VolumesWebAppProps extends ComponentContext, WebAppSettings {
  /** @default "kubeflow" */
  readonly namespace?: string;
  /** The volume browser (a PVCViewer running File Browser). */
  readonly viewer?: ViewerOptions;
  /** @default the sizing preset's replicas */
  readonly replicas?: number;
}

const PVC_WRITE = rule('', ['persistentvolumeclaims'], ['create', 'delete', 'get', 'list', 'watch', 'update', 'patch']);
const VIEWERS_WRITE = rule('kubeflow.org', ['pvcviewers'], ['get', 'list', 'create', 'delete']);

/** The volumes web app behind `/volumes/`: PVCs of a profile, and a browser for their files. */
export class VolumesWebApp extends Construct {
  public readonly app: CrudWebApp;

  constructor(scope: Construct, id: string, props: VolumesWebAppProps = {}) {
    super(scope, id);
    const { images, sizing, gateways } = resolveContext(props);
    const namespace = props.namespace ?? 'kubeflow';
    const name = 'volumes-web-app';
    this.app = new CrudWebApp(this, 'App', {
      gateways,
      ...props,
      namespace,
      name,
      parameterPrefix: 'VWA',
      path: '/volumes',
      image: images.ref('volumes/volumes-web-app'),
      sizing,
      replicas: props.replicas ?? sizing.replicas,
      rules: [
        rule('', ['namespaces', 'pods'], ['get', 'list']),
        rule('authorization.k8s.io', ['subjectaccessreviews'], ['create']),
        PVC_WRITE,
        READ_STORAGE_CLASSES,
        rule('', ['events'], ['list']),
        rule('kubeflow.org', ['notebooks'], ['list']),
        VIEWERS_WRITE,
      ],
      uiRole: 'kubeflow-volume-ui',
      editRules: [PVC_WRITE, VIEWERS_WRITE],
      viewRules: [rule('', ['persistentvolumeclaims'], ['get', 'list', 'watch']), READ_STORAGE_CLASSES, rule('kubeflow.org', ['pvcviewers'], ['get', 'list'])],
      // The viewer template names its image through this variable, so the mirror applies to it too.
      env: [{ name: 'VOLUME_VIEWER_IMAGE', value: images.ref('volumes/filebrowser') }],
      volumes: [{ name: 'viewer-spec', configMap: { name: `${name}-viewer-spec` } }],
      volumeMounts: [{ mountPath: '/etc/config/viewer-spec.yaml', name: 'viewer-spec', subPath: 'viewer-spec.yaml' }],
    });
    new k8s.KubeConfigMap(this, 'ViewerSpec', {
      metadata: { name: `${name}-viewer-spec`, namespace, labels: this.app.labels },
      data: { 'viewer-spec.yaml': viewerSpecYaml(props.viewer) },
    });
  }
}
