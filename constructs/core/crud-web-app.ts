import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ConfigInput, webAppSchema } from './component-config';
import { selectorLabels } from './labels';
import { clusterRole, clusterRoleBinding, rule, serviceAccount } from './rbac';
import { restrictedContainer } from './security';
import { deployment } from './workload';
import { MeshGateways } from './mesh-policy';
import { Sizing } from './sizing';
import { gatewayOnlyPolicy, mutualTlsRule, serviceHost, virtualService } from './mesh-routes';

/** What users of a Kubeflow CRUD web app (Jupyter, Volumes, TensorBoards) can tune. */
// secureCookies, userIdHeader and userIdPrefix are config fields: their defaults live in the schema.
export interface WebAppSettings extends ConfigInput<typeof webAppSchema> {
  /** @default "cluster.local" */
  readonly clusterDomain?: string;
  /** Expose Prometheus metrics. @default true */
  readonly metrics?: boolean;
}

export interface CrudWebAppProps extends WebAppSettings {
  readonly namespace: string;
  /** Upstream's base name, e.g. `jupyter-web-app`; every object name derives from it. */
  readonly name: string;
  /** Prefix of the parameter keys, e.g. `JWA`. */
  readonly parameterPrefix: string;
  /** URL path on the gateway, e.g. `/jupyter`. */
  readonly path: string;
  readonly image: string;
  readonly sizing: Sizing;
  /** The gateway the route binds to and whose identity may call the app. */
  readonly gateways: MeshGateways;
  /** @default 1 */
  readonly replicas?: number;
  /** Rules of the web app's own ClusterRole. */
  readonly rules: readonly k8s.PolicyRule[];
  /** Name part of the aggregated user roles, e.g. `kubeflow-notebook-ui`. */
  readonly uiRole: string;
  readonly editRules: readonly k8s.PolicyRule[];
  readonly viewRules: readonly k8s.PolicyRule[];
  /** Extra parameters, after the shared ones (e.g. `UI`). @default none */
  readonly parameters?: Readonly<Record<string, string>>;
  /** Extra container environment. @default none */
  readonly env?: readonly k8s.EnvVar[];
  /** @default none */
  readonly volumes?: readonly k8s.Volume[];
  /** @default none */
  readonly volumeMounts?: readonly k8s.VolumeMount[];
  /** @default none */
  readonly podAnnotations?: Readonly<Record<string, string>>;
}

const AGG = 'rbac.authorization.kubeflow.org/aggregate-to-kubeflow';

/** The volume forms of every CRUD web app list the storage classes. */
export const READ_STORAGE_CLASSES = rule('storage.k8s.io', ['storageclasses'], ['get', 'list', 'watch']);

/**
 * One of Kubeflow's CRUD web apps: a Flask server behind the gateway at a path prefix,
 * with its own ClusterRole (it acts on behalf of users after a SubjectAccessReview)
 * and the aggregated roles that give profile contributors access to its resources.
 */
export class CrudWebApp extends Construct {
  public readonly labels: Record<string, string>;
  public readonly parameters: Record<string, string>;
  public readonly deployment: k8s.KubeDeployment;

  constructor(scope: Construct, id: string, props: CrudWebAppProps) {
    super(scope, id);
    const { namespace, name } = props;
    const labels = { app: name, 'kustomize.component': name };
    this.labels = labels;
    const meta = { labels };
    const sa = `${name}-service-account`;
    const settings = {
      ...webAppSchema.parse({ secureCookies: props.secureCookies, userIdHeader: props.userIdHeader, userIdPrefix: props.userIdPrefix }),
      clusterDomain: props.clusterDomain ?? 'cluster.local',
      metrics: props.metrics ?? true,
    };
    const extra = props.parameters ?? {};

    // The parameters ConfigMap records the settings; the container gets the same values as env.
    const p = props.parameterPrefix;
    this.parameters = {
      [`${p}_APP_ENABLE_METRICS`]: settings.metrics ? '1' : '0',
      [`${p}_APP_SECURE_COOKIES`]: String(settings.secureCookies),
      [`${p}_CLUSTER_DOMAIN`]: settings.clusterDomain,
      [`${p}_PREFIX`]: props.path,
      ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [`${p}_${k}`, v])),
      [`${p}_USERID_HEADER`]: settings.userIdHeader,
      [`${p}_USERID_PREFIX`]: settings.userIdPrefix,
    };

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: sa, namespace, ...meta } });
    clusterRole(this, `${name}-cluster-role`, props.rules, meta);
    clusterRole(this, `${name}-${props.uiRole}-admin`, [], { labels: { ...labels, [`${AGG}-admin`]: 'true' } });
    clusterRole(this, `${name}-${props.uiRole}-edit`, props.editRules, { labels: { ...labels, [`${AGG}-edit`]: 'true' } });
    clusterRole(this, `${name}-${props.uiRole}-view`, props.viewRules, { labels: { ...labels, [`${AGG}-view`]: 'true' } });
    clusterRoleBinding(this, `${name}-cluster-role-binding`, `${name}-cluster-role`, [serviceAccount(namespace, sa)], meta);
    new k8s.KubeConfigMap(this, 'Parameters', { metadata: { name: `${name}-parameters`, namespace, ...meta }, data: this.parameters });

    const service = `${name}-service`;
    new k8s.KubeService(this, 'Service', {
      metadata: { name: service, namespace, labels: { ...labels, run: name } },
      spec: {
        type: 'ClusterIP',
        selector: selectorLabels(labels),
        ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: k8s.IntOrString.fromNumber(5000) }],
      },
    });

    const env: k8s.EnvVar[] = [
      { name: 'APP_PREFIX', value: props.path },
      ...Object.entries(extra).map(([k, v]) => ({ name: k, value: v })),
      { name: 'USERID_HEADER', value: settings.userIdHeader },
      { name: 'USERID_PREFIX', value: settings.userIdPrefix },
      { name: 'APP_SECURE_COOKIES', value: String(settings.secureCookies) },
      ...(props.env ?? []),
      { name: 'METRICS', value: settings.metrics ? '1' : '0' },
    ];
    this.deployment = deployment(this, {
      id: 'Deployment',
      name: `${name}-deployment`,
      namespace,
      labels,
      replicas: props.replicas ?? 1,
      podAnnotations: props.podAnnotations,
      serviceAccount: sa,
      containers: [
        {
          name,
          image: props.image,
          env,
          ports: [{ containerPort: 5000 }],
          resources: props.sizing.resources('medium'),
          // Gunicorn keeps worker heartbeat files under /tmp, so the root file system stays writable.
          securityContext: restrictedContainer({ runAsUser: 1000, readOnlyRootFilesystem: false }),
          ...(props.volumeMounts?.length ? { volumeMounts: [...props.volumeMounts] } : {}),
        },
      ],
      volumes: props.volumes?.length ? props.volumes : undefined,
    });

    const host = serviceHost(service, namespace, settings.clusterDomain);
    mutualTlsRule(this, namespace, name, host, labels);
    virtualService(this, {
      namespace,
      name: `${name}-${name}`,
      prefix: `${props.path}/`,
      rewrite: '/',
      forwardedPrefix: props.path,
      host,
      port: 80,
      labels,
      gateways: props.gateways,
    });
    gatewayOnlyPolicy(this, props.gateways, namespace, name, { app: name }, labels);
  }
}
