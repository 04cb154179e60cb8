import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { createHash } from 'crypto';
import { ComponentContext, resolveContext } from '../core/context';
import { role, rule } from '../core/rbac';
import { CrudWebApp, READ_STORAGE_CLASSES, WebAppSettings } from '../core/crud-web-app';
import { SpawnerOptions, spawnerUiConfigYaml } from './spawner-config';

export interface JupyterWebAppProps extends ComponentContext, WebAppSettings {
  /** @default "kubeflow" */
  readonly namespace?: string;
  /** The spawner form. */
  readonly spawner?: SpawnerOptions;
  /**
   * Logos and icons shown in the form, by file name (`jupyter-icon.svg`, `group-one-logo.svg`, ...),
   * as SVG text. When set they replace the ones built into the image. @default the image's own
   */
  readonly logos?: Readonly<Record<string, string>>;
  /** @default the sizing preset's replicas */
  readonly replicas?: number;
}

const NOTEBOOK_ACCESS = ['notebooks', 'notebooks/finalizers', 'poddefaults'];
const APP_RULES: readonly k8s.PolicyRule[] = [
  rule('authorization.k8s.io', ['subjectaccessreviews'], ['create']),
  rule('kubeflow.org', NOTEBOOK_ACCESS, ['get', 'list', 'create', 'delete', 'patch', 'update']),
  rule('', ['persistentvolumeclaims'], ['create', 'delete', 'get', 'list']),
  rule('', ['events', 'nodes'], ['list']),
  READ_STORAGE_CLASSES,
];

/** The Jupyter web app: the notebook spawner form and list behind `/jupyter/`. */
export class JupyterWebApp extends Construct {
  public readonly app: CrudWebApp;
  /** The spawner configuration file, as mounted. */
  public readonly spawnerConfig: string;

  constructor(scope: Construct, id: string, props: JupyterWebAppProps = {}) {
    super(scope, id);
    const { images, sizing, gateways } = resolveContext(props);
    const namespace = props.namespace ?? 'kubeflow';
    const name = 'jupyter-web-app';
    const logos = props.logos ?? {};
    const hasLogos = Object.keys(logos).length > 0;
    this.spawnerConfig = spawnerUiConfigYaml(props.spawner ?? {}, images);

    this.app = new CrudWebApp(this, 'App', {
      gateways,
      ...props,
      namespace,
      name,
      parameterPrefix: 'JWA',
      path: '/jupyter',
      image: images.ref('notebooks/jupyter-web-app'),
      sizing,
      replicas: props.replicas ?? sizing.replicas,
      rules: [...APP_RULES, rule('', ['pods', 'pods/log'], ['list', 'get'])],
      uiRole: 'kubeflow-notebook-ui',
      editRules: [rule('kubeflow.org', NOTEBOOK_ACCESS, ['get', 'list', 'create', 'delete'])],
      viewRules: [rule('kubeflow.org', NOTEBOOK_ACCESS, ['get', 'list']), READ_STORAGE_CLASSES],
      parameters: { UI: 'default' },
      // The app reads the file at start; a changed form rolls the pods.
      podAnnotations: { 'kubeflow-iac.io/config-hash': createHash('sha256').update(this.spawnerConfig).update(JSON.stringify(logos)).digest('hex').slice(0, 16) },
      volumes: [
        { name: 'config-volume', configMap: { name: `${name}-config` } },
        ...(hasLogos ? [{ name: 'logos-volume', configMap: { name: `${name}-logos` } }] : []),
      ],
      volumeMounts: [
        { mountPath: '/etc/config', name: 'config-volume' },
        ...(hasLogos ? [{ mountPath: '/src/apps/default/static/assets/logos', name: 'logos-volume' }] : []),
      ],
    });
    const meta = { labels: this.app.labels };
    new k8s.KubeConfigMap(this, 'Config', {
      metadata: { name: `${name}-config`, namespace, ...meta },
      data: { 'spawner_ui_config.yaml': this.spawnerConfig },
    });
    new k8s.KubeConfigMap(this, 'Logos', { metadata: { name: `${name}-logos`, namespace, ...meta }, data: { ...logos } });

    // Upstream binds this Role to a `jupyter-notebook` account no Kubeflow component creates; kept for adoption.
    role(this, namespace, `${name}-jupyter-notebook-role`, APP_RULES, meta);
    new k8s.KubeRoleBinding(this, 'NotebookRoleBinding', {
      metadata: { name: `${name}-jupyter-notebook-role-binding`, namespace, ...meta },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `${name}-jupyter-notebook-role` },
      subjects: [{ kind: 'ServiceAccount', name: 'jupyter-notebook' }],
    });
  }
}
