import { Construct } from 'constructs';
import { ComponentContext, resolveContext } from '../core/context';
import { rule } from '../core/rbac';
import { CrudWebApp, READ_STORAGE_CLASSES, WebAppSettings } from '../core/crud-web-app';

export interface TensorboardsWebAppProps extends ComponentContext, WebAppSettings {
  /** @default "kubeflow" */
  readonly namespace?: string;
  /** @default the sizing preset's replicas */
  readonly replicas?: number;
}

const TENSORBOARDS = ['tensorboards', 'tensorboards/finalizers'];
const PODDEFAULTS = rule('kubeflow.org', ['poddefaults'], ['get', 'list', 'watch']);

/** The TensorBoards web app behind `/tensorboards/`. */
export class TensorboardsWebApp extends Construct {
  public readonly app: CrudWebApp;

  constructor(scope: Construct, id: string, props: TensorboardsWebAppProps = {}) {
    super(scope, id);
    const { images, sizing, gateways } = resolveContext(props);
    this.app = new CrudWebApp(this, 'App', {
      gateways,
      ...props,
      namespace: props.namespace ?? 'kubeflow',
      name: 'tensorboards-web-app',
      parameterPrefix: 'TWA',
      path: '/tensorboards',
      image: images.ref('tensorboards/tensorboards-web-app'),
      sizing,
      replicas: props.replicas ?? sizing.replicas,
      rules: [
        rule('', ['namespaces'], ['get', 'list']),
        rule('authorization.k8s.io', ['subjectaccessreviews'], ['create']),
        rule('tensorboard.kubeflow.org', TENSORBOARDS, ['get', 'list', 'create', 'delete']),
        rule('', ['persistentvolumeclaims'], ['create', 'delete', 'get', 'list']),
        READ_STORAGE_CLASSES,
        PODDEFAULTS,
      ],
      uiRole: 'kubeflow-tensorboard-ui',
      editRules: [rule('tensorboard.kubeflow.org', TENSORBOARDS, ['get', 'list', 'create', 'delete']), PODDEFAULTS],
      viewRules: [rule('tensorboard.kubeflow.org', TENSORBOARDS, ['get', 'list']), READ_STORAGE_CLASSES, PODDEFAULTS],
    });
  }
}
