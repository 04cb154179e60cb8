import { Construct } from 'constructs';
import { clusterRole, READ, rule, WRITE } from '../core/rbac';

export interface KubeflowRolesProps {
  /** Let `kubeflow-edit` impersonate service accounts, as releases before 26.03 did. @default false */
  readonly allowImpersonation?: boolean;
}

const AGG = 'rbac.authorization.kubeflow.org/aggregate-to-kubeflow';
const aggregate = (to: string) => ({ [`${AGG}-${to}`]: 'true' });
const selecting = (of: string) => ({ clusterRoleSelectors: [{ matchLabels: aggregate(of) }] });

/**
 * The aggregated `kubeflow-admin`, `kubeflow-edit` and `kubeflow-view` ClusterRoles that
 * profile contributors are bound to; each component adds its rules by label.
 */
export class KubeflowRoles extends Construct {
  constructor(scope: Construct, id: string, props: KubeflowRolesProps = {}) {
    super(scope, id);
    clusterRole(this, 'kubeflow-admin', [], { aggregationRule: selecting('admin') });
    clusterRole(this, 'kubeflow-edit', [], { labels: aggregate('admin'), aggregationRule: selecting('edit') });
    clusterRole(this, 'kubeflow-view', [], { labels: aggregate('edit'), aggregationRule: selecting('view') });

    clusterRole(this, 'kubeflow-kubernetes-admin', [
      rule('authorization.k8s.io', ['localsubjectaccessreviews'], ['create']),
      rule('rbac.authorization.k8s.io', ['rolebindings', 'roles'], ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']),
    ], { labels: aggregate('admin') });

    const podAccess = ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'];
    clusterRole(this, 'kubeflow-kubernetes-edit', [
      rule('', [...podAccess, 'secrets', 'services/proxy'], READ),
      ...(props.allowImpersonation ? [rule('', ['serviceaccounts'], ['impersonate'])] : []),
      rule('', ['pods', ...podAccess], WRITE),
      rule('', ['configmaps', 'endpoints', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy'], WRITE),
      rule('apps', ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale'], WRITE),
      rule('autoscaling', ['horizontalpodautoscalers'], WRITE),
      rule('batch', ['cronjobs', 'jobs'], WRITE),
      rule('extensions', ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'ingresses', 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicationcontrollers/scale'], WRITE),
      rule('policy', ['poddisruptionbudgets'], WRITE),
      rule('networking.k8s.io', ['ingresses', 'networkpolicies'], WRITE),
    ], { labels: aggregate('edit') });

    const withStatus = (...rs: string[]) => rs.flatMap((r) => [r, `${r}/status`]);
    clusterRole(this, 'kubeflow-kubernetes-view', [
      rule('', ['configmaps', 'endpoints', ...withStatus('persistentvolumeclaims'), 'pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', ...withStatus('services')], READ),
      rule('', ['bindings', 'events', 'limitranges', 'namespaces/status', 'pods/log', 'pods/status', 'replicationcontrollers/status', ...withStatus('resourcequotas')], READ),
      rule('', ['namespaces'], READ),
      rule('apps', ['controllerrevisions', ...withStatus('daemonsets'), 'deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status'], READ),
      rule('autoscaling', withStatus('horizontalpodautoscalers'), READ),
      rule('batch', [...withStatus('cronjobs'), ...withStatus('jobs')], READ),
      rule('extensions', [...withStatus('daemonsets'), 'deployments', 'deployments/scale', 'deployments/status', ...withStatus('ingresses'), 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicasets/status', 'replicationcontrollers/scale'], READ),
      rule('policy', withStatus('poddisruptionbudgets'), READ),
      rule('networking.k8s.io', [...withStatus('ingresses'), 'networkpolicies'], READ),
    ], { labels: aggregate('view') });
  }
}
