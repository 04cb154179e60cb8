import { createHash } from 'crypto';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ConfigInput } from '../core/component-config';
import { ComponentContext, resolveContext } from '../core/context';
import { selectorLabels } from '../core/labels';
import { clusterRole, clusterRoleBinding, role, roleBinding, rule, serviceAccount } from '../core/rbac';
import { restrictedContainer } from '../core/security';
import { deployment } from '../core/workload';
import { cullingSchema } from './config';
import { notebooksCrds } from './crds';
import { httpProbe } from '../core/controller';
import { fromConfigMap } from '../core/env';

/** Stopping idle notebook servers: the `components.notebooks.culling` fields, whose schema owns the defaults. */
export type CullingOptions = ConfigInput<typeof cullingSchema>;

export interface NotebookControllerProps extends ComponentContext {
  /** @default "kubeflow" */
  readonly namespace?: string;
  readonly culling?: CullingOptions;
  /** Create a VirtualService per notebook on the Kubeflow gateway. @default true */
  readonly useIstio?: boolean;
  /** `NAMESPACE/NAME` of the gateway notebooks are routed through. @default the context's `gateways.gateway` */
  readonly istioGateway?: string;
  /** @default "*" */
  readonly istioHost?: string;
  /** @default "cluster.local" */
  readonly clusterDomain?: string;
  /** Install the Notebook CRD. @default true */
  readonly crds?: boolean;
}

const AGG = 'rbac.authorization.kubeflow.org/aggregate-to-kubeflow';

/** The notebook controller: turns Notebook objects into a StatefulSet, Service and VirtualService. */
export class NotebookController extends Construct {
  /** The controller's settings, as its ConfigMap holds them. */
  public readonly settings: Record<string, string>;

  constructor(scope: Construct, id: string, props: NotebookControllerProps = {}) {
    super(scope, id);
    const { images, sizing, gateways } = resolveContext(props);
    const namespace = props.namespace ?? 'kubeflow';
    const name = 'notebook-controller';
    const labels = { app: name, 'kustomize.component': name };
    const meta = { labels };
    const sa = `${name}-service-account`;
    const culling = cullingSchema.parse(props.culling);
    if (props.crds ?? true) notebooksCrds(this);

    this.settings = {
      CLUSTER_DOMAIN: props.clusterDomain ?? 'cluster.local',
      CULL_IDLE_TIME: String(culling.idleMinutes),
      ENABLE_CULLING: String(culling.enabled),
      IDLENESS_CHECK_PERIOD: String(culling.checkPeriodMinutes),
      ISTIO_GATEWAY: props.istioGateway ?? gateways.gateway,
      ISTIO_HOST: props.istioHost ?? '*',
      USE_ISTIO: String(props.useIstio ?? true),
    };
    const configName = `${name}-config`;

    const leaderElection = sizing.controllerReplicas > 1;
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: sa, namespace, ...meta } });
    role(this, namespace, `${name}-leader-election-role`, [
      rule('', ['configmaps'], ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']),
      rule('', ['configmaps/status'], ['get', 'update', 'patch']),
      rule('', ['events'], ['create']),
      // Upstream runs one replica without leader election; a second one elects a leader, and
      // controller-runtime's lock is a Lease (older versions hold a ConfigMap beside it).
      ...(leaderElection ? [rule('coordination.k8s.io', ['leases'], ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'])] : []),
    ], meta);
    roleBinding(this, namespace, `${name}-leader-election-rolebinding`, { kind: 'Role', name: `${name}-leader-election-role` }, [serviceAccount(namespace, sa)], meta);
    const notebooks = ['notebooks', 'notebooks/status'];
    clusterRole(this, `${name}-kubeflow-notebooks-admin`, [], {
      labels: { ...labels, [`${AGG}-admin`]: 'true' },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [`${AGG}-notebooks-admin`]: 'true' } }] },
    });
    clusterRole(this, `${name}-kubeflow-notebooks-edit`, [rule('kubeflow.org', notebooks, ['get', 'list', 'watch', 'create', 'delete', 'deletecollection', 'patch', 'update'])], {
      labels: { ...labels, [`${AGG}-edit`]: 'true', [`${AGG}-notebooks-admin`]: 'true' },
    });
    clusterRole(this, `${name}-kubeflow-notebooks-view`, [rule('kubeflow.org', notebooks, ['get', 'list', 'watch'])], { labels: { ...labels, [`${AGG}-view`]: 'true' } });
    clusterRole(this, `${name}-role`, [
      rule('apps', ['statefulsets'], ['*']),
      rule('', ['events'], ['create', 'get', 'list', 'patch', 'watch']),
      rule('', ['pods'], ['get', 'list', 'watch']),
      rule('', ['services'], ['*']),
      rule('kubeflow.org', ['notebooks', 'notebooks/finalizers', 'notebooks/status'], ['*']),
      rule('networking.istio.io', ['virtualservices'], ['*']),
    ], meta);
    clusterRoleBinding(this, `${name}-role-binding`, `${name}-role`, [serviceAccount(namespace, sa)], meta);

    new k8s.KubeConfigMap(this, 'Config', { metadata: { name: configName, namespace, ...meta }, data: this.settings });
    new k8s.KubeService(this, 'Service', {
      metadata: { name: `${name}-service`, namespace, ...meta },
      spec: { selector: selectorLabels(labels), ports: [{ port: 443 }] },
    });

    // The controller reads its settings once at start; the hash rolls it when they change.
    const hash = createHash('sha256').update(JSON.stringify(this.settings)).digest('hex').slice(0, 16);
    const env = ['USE_ISTIO', 'ISTIO_GATEWAY', 'ISTIO_HOST', 'CLUSTER_DOMAIN', 'ENABLE_CULLING', 'CULL_IDLE_TIME', 'IDLENESS_CHECK_PERIOD']
      .map((key) => fromConfigMap(key, configName, key));
    deployment(this, {
      id: 'Deployment',
      name: `${name}-deployment`,
      namespace,
      labels,
      replicas: sizing.controllerReplicas,
      podAnnotations: { 'kubeflow-iac.io/config-hash': hash },
      serviceAccount: sa,
      containers: [{
        name: 'manager',
        image: images.ref('notebooks/notebook-controller'),
        imagePullPolicy: 'IfNotPresent',
        command: ['/manager'],
        ...(leaderElection ? { args: ['--enable-leader-election'] } : {}),
        env,
        livenessProbe: httpProbe('/healthz', 8081, 5, 10),
        readinessProbe: httpProbe('/readyz', 8081, 5, 10),
        resources: sizing.resources('medium'),
        securityContext: restrictedContainer({ runAsUser: 1000 }),
      }],
    });
  }
}
