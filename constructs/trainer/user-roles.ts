import { Construct } from 'constructs';
import { clusterRole, clusterRoleBinding, READ, rule } from '../core/rbac';
import { TRAINER_GROUP } from './crds';

const AGG = 'rbac.authorization.kubeflow.org';

/**
 * Roles users get through Kubeflow's aggregated admin/edit/view roles, plus read
 * access to the cluster runtimes for every authenticated user (the SDK lists them).
 */
export class TrainerUserRoles extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    clusterRole(this, 'kubeflow-trainer-admin', [], {
      labels: { [`${AGG}/aggregate-to-kubeflow-admin`]: 'true' },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [`${AGG}/aggregate-to-kubeflow-trainer-admin`]: 'true' } }] },
    });
    clusterRole(this, 'kubeflow-trainer-edit', [
      rule(TRAINER_GROUP, ['trainingruntimes'], READ),
      rule(TRAINER_GROUP, ['trainjobs'], ['create', 'patch', 'get', 'list', 'watch', 'delete']),
      rule('', ['pods', 'pods/log', 'events'], READ),
    ], { labels: { [`${AGG}/aggregate-to-kubeflow-edit`]: 'true', [`${AGG}/aggregate-to-kubeflow-trainer-admin`]: 'true' } });
    clusterRole(this, 'kubeflow-trainer-view', [rule(TRAINER_GROUP, ['trainingruntimes', 'trainjobs'], READ)], {
      labels: { [`${AGG}/aggregate-to-kubeflow-trainer-view`]: 'true', [`${AGG}/aggregate-to-kubeflow-view`]: 'true' },
    });
    clusterRole(this, 'kubeflow-trainer-view-cluster-runtimes', [rule(TRAINER_GROUP, ['clustertrainingruntimes'], READ)]);
    clusterRoleBinding(this, 'kubeflow-trainer-view-cluster-runtimes', 'kubeflow-trainer-view-cluster-runtimes', [{ kind: 'Group', name: 'system:authenticated' }]);
  }
}
