import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { ALL_VERBS, clusterRole, clusterRoleBinding, READ, role, roleBinding, rule, serviceAccount } from '../core/rbac';
import { SPARK_GROUP } from './crds';

const CRUD = [...ALL_VERBS];
const RW = ['create', 'update', 'patch'];
const STATUS = ['get', 'update', 'patch'];
const APPS = ['sparkapplications', 'scheduledsparkapplications'];
/**
 * Helm renders the release namespace on the operator's cluster-scoped roles and
 * bindings; kept so object identities match an upstream install. The API server drops it.
 */
function helmNamespace(o: ApiObject, namespace: string): void {
  o.addJsonPatch(JsonPatch.add('/metadata/namespace', namespace));
}

const sub = (resources: readonly string[], ...subs: string[]) => resources.flatMap((r) => subs.map((s) => `${r}/${s}`));

export interface SparkRbacProps {
  readonly namespace: string;
  readonly controller: string;
  readonly webhook: string;
  readonly labels: (component: 'controller' | 'webhook') => Record<string, string>;
  /** The webhook's leader lock, certificate Secret and webhook configurations. */
  readonly names: { readonly controllerLock: string; readonly webhookLock: string; readonly certSecret: string; readonly webhookConfig: string };
}

/** The service accounts' roles of the Spark operator controller and webhook. */
export class SparkRbac extends Construct {
  constructor(scope: Construct, id: string, p: SparkRbacProps) {
    super(scope, id);
    const lease = (lock: string) => [rule('coordination.k8s.io', ['leases'], ['create']), rule('coordination.k8s.io', ['leases'], ['get', 'update'], [lock])];
    const bind = (name: string, component: 'controller' | 'webhook') => {
      const meta = { labels: p.labels(component) };
      roleBinding(this, p.namespace, name, { kind: 'Role', name }, [serviceAccount(p.namespace, name)], meta);
      helmNamespace(clusterRoleBinding(this, name, name, [serviceAccount(p.namespace, name)], meta), p.namespace);
    };
    const events = rule('', ['events'], RW);

    const clusterMeta = (component: 'controller' | 'webhook') => ({ labels: p.labels(component) });
    role(this, p.namespace, p.controller, [...lease(p.names.controllerLock), events], clusterMeta('controller'));
    const controllerRole = clusterRole(this, p.controller, [
      rule('', ['nodes'], ['get']),
      rule('', ['pods'], [...CRUD, 'deletecollection']),
      rule('', ['configmaps'], CRUD),
      rule('', ['persistentvolumeclaims'], CRUD),
      rule('', ['services'], CRUD),
      events,
      rule(['extensions', 'networking.k8s.io'], ['ingresses'], ['get', 'list', 'watch', 'create', 'update', 'delete']),
      rule(SPARK_GROUP, [...APPS, 'sparkconnects'], CRUD),
      rule(SPARK_GROUP, sub([...APPS, 'sparkconnects'], 'status', 'finalizers'), STATUS),
      rule('apiextensions.k8s.io', ['customresourcedefinitions'], ['get']),
    ], clusterMeta('controller'));
    helmNamespace(controllerRole, p.namespace);
    bind(p.controller, 'controller');

    role(this, p.namespace, p.webhook, [
      rule('', ['secrets'], ['create']),
      rule('', ['secrets'], ['get', 'update'], [p.names.certSecret]),
      ...lease(p.names.webhookLock),
    ], clusterMeta('webhook'));
    const webhookRole = clusterRole(this, p.webhook, [
      events,
      rule('admissionregistration.k8s.io', ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'], ['list', 'watch']),
      rule('admissionregistration.k8s.io', ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'], ['get', 'update'], [p.names.webhookConfig]),
      rule('', ['pods'], READ),
      rule('', ['resourcequotas'], READ),
      rule(SPARK_GROUP, APPS.flatMap((r) => [r, `${r}/status`, `${r}/finalizers`]), CRUD),
    ], clusterMeta('webhook'));
    helmNamespace(webhookRole, p.namespace);
    bind(p.webhook, 'webhook');
  }
}

/** Kubeflow's aggregated roles that let profile members use Spark. */
export class SparkUserRoles extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const AGG = 'rbac.authorization.kubeflow.org';
    const labels = (...to: string[]) => ({
      app: 'spark-operator',
      'app.kubernetes.io/name': 'spark-operator',
      ...Object.fromEntries(to.map((t) => [`${AGG}/aggregate-to-kubeflow-${t}`, 'true'])),
    });
    const status = rule(SPARK_GROUP, sub(APPS, 'status'), ['get']);
    clusterRole(this, 'kubeflow-spark-admin', [], { labels: labels('admin') });
    clusterRole(this, 'kubeflow-spark-edit', [rule(SPARK_GROUP, APPS, ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']), status], { labels: labels('admin', 'edit') });
    clusterRole(this, 'kubeflow-spark-view', [rule(SPARK_GROUP, APPS, READ), status], { labels: labels('view') });
  }
}
