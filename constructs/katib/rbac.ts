import { Construct } from 'constructs';
import { clusterRole, clusterRoleBinding, READ, role, roleBinding, rule, serviceAccount } from '../core/rbac';

const KATIB_KINDS = ['experiments', 'trials', 'suggestions'];
const AGG = 'rbac.authorization.kubeflow.org/aggregate-to-kubeflow';
const CREATE_DELETE = ['get', 'list', 'watch', 'create', 'delete'];

/** The controller's and UI's ClusterRoles, and the aggregated roles profile contributors get. */
export function katibRbac(scope: Construct, namespace: string, leaderElection = false): void {
  clusterRole(scope, 'katib-controller', [
    rule('', ['services'], CREATE_DELETE),
    rule('', ['events'], ['create', 'patch', 'update']),
    rule('', ['serviceaccounts', 'persistentvolumes', 'persistentvolumeclaims'], ['get', 'list', 'watch', 'create']),
    rule('', ['namespaces', 'configmaps'], READ),
    rule('', ['pods', 'pods/status'], ['get']),
    rule('', ['secrets'], ['get', 'list', 'watch', 'patch', 'update']),
    rule('apps', ['deployments'], CREATE_DELETE),
    rule('rbac.authorization.k8s.io', ['roles', 'rolebindings'], ['get', 'create', 'list', 'watch']),
    rule('batch', ['jobs', 'cronjobs'], CREATE_DELETE),
    rule('jobset.x-k8s.io', ['jobsets'], READ),
    rule('trainer.kubeflow.org', ['trainjobs'], ['create', 'get', 'list', 'watch', 'delete']),
    rule('kubeflow.org', ['tfjobs', 'pytorchjobs', 'mpijobs', 'xgboostjobs'], CREATE_DELETE),
    rule('kubeflow.org', KATIB_KINDS.flatMap((k) => [k, `${k}/status`, `${k}/finalizers`]), ['*']),
    rule('admissionregistration.k8s.io', ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations'], ['get', 'watch', 'list', 'patch', 'update']),
  ]);
  clusterRole(scope, 'katib-ui', [
    rule('', ['configmaps', 'namespaces'], ['*']),
    rule('kubeflow.org', KATIB_KINDS, ['*']),
    rule('', ['pods'], ['list']),
    rule('', ['pods/log'], ['get']),
    rule('authorization.k8s.io', ['subjectaccessreviews'], ['create']),
  ]);
  for (const sa of ['katib-controller', 'katib-ui']) clusterRoleBinding(scope, sa, sa, [serviceAccount(namespace, sa)]);
  if (leaderElection) {
    // The controller's Lease (controller-runtime), in its own namespace; upstream needs none with one replica.
    role(scope, namespace, 'katib-controller-leader-election', [rule('coordination.k8s.io', ['leases'], ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'])]);
    roleBinding(scope, namespace, 'katib-controller-leader-election', { kind: 'Role', name: 'katib-controller-leader-election' }, [serviceAccount(namespace, 'katib-controller')]);
  }

  clusterRole(scope, 'kubeflow-katib-admin', [], {
    labels: { [`${AGG}-admin`]: 'true' },
    aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [`${AGG}-katib-admin`]: 'true' } }] },
  });
  clusterRole(scope, 'kubeflow-katib-edit', [
    rule('kubeflow.org', KATIB_KINDS, ['get', 'list', 'watch', 'create', 'delete', 'deletecollection', 'patch', 'update']),
    rule('', ['pods'], ['list']),
    rule('', ['pods/log'], ['get']),
  ], { labels: { [`${AGG}-edit`]: 'true', [`${AGG}-katib-admin`]: 'true' } });
  clusterRole(scope, 'kubeflow-katib-view', [rule('kubeflow.org', KATIB_KINDS, READ)], { labels: { [`${AGG}-view`]: 'true' } });
}

