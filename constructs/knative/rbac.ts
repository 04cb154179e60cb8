import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { clusterRole, clusterRoleBinding, READ, role, roleBinding, rule, serviceAccount } from '../core/rbac';
import { KNATIVE_NAMESPACE } from './names';

type Labels = (component?: string, extra?: Record<string, string>) => Record<string, string>;

const CRUD = ['get', 'list', 'create', 'update', 'delete', 'patch', 'watch'];
const KNATIVE_GROUPS = ['serving.knative.dev', 'autoscaling.internal.knative.dev', 'networking.internal.knative.dev'];
const INTERNAL_GROUPS = ['networking.internal.knative.dev', 'autoscaling.internal.knative.dev', 'caching.internal.knative.dev'];
// Aggregated into knative-serving-admin, which the controller is bound to.
const CONTROLLER = { 'serving.knative.dev/controller': 'true' };

/** Service accounts, the controller's aggregated admin role, and the namespaced user roles Kubeflow aggregates. */
export function knativeRbac(scope: Construct, labels: Labels, o: { readonly endpointSlices?: boolean } = {}): void {
  const slices = o.endpointSlices ?? false;
  const ns = KNATIVE_NAMESPACE;
  for (const sa of ['activator', 'controller']) {
    new k8s.KubeServiceAccount(scope, `ServiceAccount-${sa}`, { metadata: { name: sa, namespace: ns, labels: labels(sa) } });
  }
  const activator = serviceAccount(ns, 'activator');
  const controller = serviceAccount(ns, 'controller');

  role(scope, ns, 'knative-serving-activator', [
    rule('', ['configmaps', 'secrets'], READ),
    rule('', ['secrets'], READ, ['routing-serving-certs', 'knative-serving-certs']),
  ], { labels: labels(undefined, CONTROLLER) });
  clusterRole(scope, 'knative-serving-activator-cluster', [
    rule('', ['services', 'endpoints'], READ),
    rule('serving.knative.dev', ['revisions'], READ),
  ], { labels: labels(undefined, CONTROLLER) });
  clusterRole(scope, 'knative-serving-addressable-resolver', [
    rule('serving.knative.dev', ['routes', 'routes/status', 'services', 'services/status'], READ),
  ], { labels: labels(undefined, { 'duck.knative.dev/addressable': 'true' }) });
  clusterRole(scope, 'knative-serving-admin', [], { labels: labels(), aggregationRule: { clusterRoleSelectors: [{ matchLabels: CONTROLLER }] } });
  clusterRole(scope, 'knative-serving-aggregated-addressable-resolver', [], {
    labels: labels(), aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'duck.knative.dev/addressable': 'true' } }] },
  });
  clusterRole(scope, 'knative-serving-core', [
    rule('', ['pods', 'namespaces', 'secrets', 'configmaps', 'endpoints', 'services', 'events', 'serviceaccounts'], CRUD),
    rule('', ['endpoints/restricted'], ['create']),
    ...(slices ? [rule('discovery.k8s.io', ['endpointslices/restricted'], ['create'])] : []),
    rule('', ['namespaces/finalizers'], ['update']),
    ...(slices ? [rule('discovery.k8s.io', ['endpointslices'], CRUD)] : []),
    rule('apps', ['deployments', 'deployments/finalizers'], CRUD),
    rule('admissionregistration.k8s.io', ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'], CRUD),
    rule('apiextensions.k8s.io', ['customresourcedefinitions', 'customresourcedefinitions/status'], CRUD),
    rule('autoscaling', ['horizontalpodautoscalers'], CRUD),
    rule('coordination.k8s.io', ['leases'], CRUD),
    rule(KNATIVE_GROUPS, ['*', '*/status', '*/finalizers'], ['get', 'list', 'create', 'update', 'delete', 'deletecollection', 'patch', 'watch']),
    rule('caching.internal.knative.dev', ['images'], CRUD),
    rule('cert-manager.io', ['certificates', 'clusterissuers', 'certificaterequests', 'issuers'], CRUD),
    rule('acme.cert-manager.io', ['challenges'], CRUD),
    rule('rbac.authorization.k8s.io', ['clusterroles'], ['delete'], ['knative-serving-certmanager']),
    // The autoscaler scales any workload through its scale subresource.
    ...(slices ? [rule('*', ['*/scale'], ['patch'])] : []),
  ], { labels: labels(undefined, CONTROLLER) });
  clusterRole(scope, 'knative-serving-istio', [
    rule('networking.istio.io', ['virtualservices', 'gateways', 'destinationrules'], CRUD),
  ], { labels: labels('net-istio', { 'networking.knative.dev/ingress-provider': 'istio', ...CONTROLLER }) });

  const aggregate = (to: 'admin' | 'edit' | 'view') => ({ [`rbac.authorization.k8s.io/aggregate-to-${to}`]: 'true', [`rbac.authorization.kubeflow.org/aggregate-to-kubeflow-${to}`]: 'true' });
  clusterRole(scope, 'knative-serving-namespaced-admin', [
    rule('serving.knative.dev', ['*'], ['*']),
    rule(INTERNAL_GROUPS, ['*'], READ),
  ], { labels: labels(undefined, aggregate('admin')) });
  clusterRole(scope, 'knative-serving-namespaced-edit', [
    rule('serving.knative.dev', ['*'], ['create', 'update', 'patch', 'delete']),
    rule(INTERNAL_GROUPS, ['*'], READ),
  ], { labels: labels(undefined, aggregate('edit')) });
  clusterRole(scope, 'knative-serving-namespaced-view', [
    rule(['serving.knative.dev', ...INTERNAL_GROUPS], ['*'], READ),
  ], { labels: labels(undefined, aggregate('view')) });
  clusterRole(scope, 'knative-serving-podspecable-binding', [
    rule('serving.knative.dev', ['configurations', 'services'], ['list', 'watch', 'patch']),
  ], { labels: labels(undefined, { 'duck.knative.dev/podspecable': 'true' }) });

  roleBinding(scope, ns, 'knative-serving-activator', { kind: 'Role', name: 'knative-serving-activator' }, [activator], { labels: labels('activator') });
  clusterRoleBinding(scope, 'knative-serving-activator-cluster', 'knative-serving-activator-cluster', [activator], { labels: labels('activator') });
  clusterRoleBinding(scope, 'knative-serving-controller-addressable-resolver', 'knative-serving-aggregated-addressable-resolver', [controller], { labels: labels('controller') });
  clusterRoleBinding(scope, 'knative-serving-controller-admin', 'knative-serving-admin', [controller], { labels: labels('controller') });
}
