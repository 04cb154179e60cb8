import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { clusterRole, clusterRoleBinding, READ, role, roleBinding, rule, serviceAccount } from '../core/rbac';
import { CNI_NAMESPACE, istioLabels, ISTIO_NAMESPACE } from './names';

const ns = ISTIO_NAMESPACE;
const ISTIO_GROUPS = ['config.istio.io', 'security.istio.io', 'networking.istio.io', 'authentication.istio.io', 'rbac.istio.io', 'telemetry.istio.io', 'extensions.istio.io'];
const GATEWAY_API = ['gateway.networking.k8s.io', 'gateway.networking.x-k8s.io'];
const MANAGE = ['get', 'watch', 'list', 'update', 'patch', 'create', 'delete'];
const STATUS_WRITE = ['update', 'patch'];

function sa(scope: Construct, namespace: string, name: string, labels: Record<string, string>): void {
  new k8s.KubeServiceAccount(scope, `ServiceAccount-${name}`, { metadata: { name, namespace, labels } });
}

/** Identities and permissions of istiod and istio-reader (upstream's `base` and `istiod` charts). */
export function controlPlaneRbac(scope: Construct, chartVersion: string, readerReadsConfigMaps: boolean, listenerSets: 'experimental' | 'standard' = 'experimental'): void {
  const std = listenerSets === 'standard';
  const istiod = istioLabels('istiod', 'istiod', chartVersion, { app: 'istiod' });
  const reader = (chart: 'base' | 'istiod') => istioLabels(chart, 'istio-reader', chartVersion, { app: 'istio-reader' });
  sa(scope, ns, 'istio-reader-service-account', reader('base'));
  sa(scope, ns, 'istiod', istiod);

  role(scope, ns, 'istiod', [
    rule('networking.istio.io', ['gateways'], ['create']),
    rule('', ['secrets'], ['create', 'get', 'watch', 'list', 'update', 'delete']),
    rule('', ['configmaps'], ['delete']),
    rule('coordination.k8s.io', ['leases'], ['get', 'update', 'patch', 'create']),
  ], { labels: istiod });
  roleBinding(scope, ns, 'istiod', { kind: 'Role', name: 'istiod' }, [serviceAccount(ns, 'istiod')], { labels: istiod });

  // istio-reader lets remote clusters' istiods discover this one.
  const readerCore = ['endpoints', 'pods', 'services', 'nodes', 'replicationcontrollers', 'namespaces', 'secrets', ...(readerReadsConfigMaps ? ['configmaps'] : [])];
  const readerName = `istio-reader-clusterrole-${ns}`;
  clusterRole(scope, readerName, [
    rule(ISTIO_GROUPS, ['*'], READ),
    rule('', readerCore, READ),
    rule('networking.istio.io', ['workloadentries'], ['get', 'watch', 'list']),
    rule(['networking.x-k8s.io', 'gateway.networking.k8s.io'], ['gateways'], ['get', 'watch', 'list']),
    rule('apiextensions.k8s.io', ['customresourcedefinitions'], READ),
    rule('discovery.k8s.io', ['endpointslices'], READ),
    rule('multicluster.x-k8s.io', ['serviceexports'], ['get', 'list', 'watch', 'create', 'delete']),
    rule('multicluster.x-k8s.io', ['serviceimports'], READ),
    rule('apps', ['replicasets'], READ),
    rule('authentication.k8s.io', ['tokenreviews'], ['create']),
    rule('authorization.k8s.io', ['subjectaccessreviews'], ['create']),
  ], { labels: reader('istiod') });
  clusterRoleBinding(scope, readerName, readerName, [serviceAccount(ns, 'istio-reader-service-account')], { labels: reader('istiod') });

  const istiodName = `istiod-clusterrole-${ns}`;
  clusterRole(scope, istiodName, [
    rule('admissionregistration.k8s.io', ['mutatingwebhookconfigurations'], ['get', 'list', 'watch', 'update', 'patch']),
    rule('admissionregistration.k8s.io', ['validatingwebhookconfigurations'], ['get', 'list', 'watch', 'update']),
    rule(ISTIO_GROUPS, ['*'], ['get', 'watch', 'list']),
    rule('networking.istio.io', ['workloadentries'], MANAGE),
    rule('networking.istio.io', ['workloadentries/status', 'serviceentries/status'], MANAGE),
    rule('security.istio.io', ['authorizationpolicies/status'], MANAGE),
    rule('', ['services/status'], MANAGE),
    rule('apiextensions.k8s.io', ['customresourcedefinitions'], READ),
    rule('', ['pods', 'nodes', 'services', 'namespaces', 'endpoints'], READ),
    rule('discovery.k8s.io', ['endpointslices'], READ),
    rule('networking.k8s.io', ['ingresses', 'ingressclasses'], READ),
    rule('networking.k8s.io', ['ingresses/status'], ['*']),
    rule('', ['configmaps'], ['create', 'get', 'list', 'watch', 'update']),
    rule('authentication.k8s.io', ['tokenreviews'], ['create']),
    rule('authorization.k8s.io', ['subjectaccessreviews'], ['create']),
    rule(GATEWAY_API, ['*'], ['get', 'watch', 'list']),
    rule('gateway.networking.x-k8s.io', ['xbackendtrafficpolicies/status', ...(std ? [] : ['xlistenersets/status'])], STATUS_WRITE),
    rule('gateway.networking.k8s.io', ['backendtlspolicies', 'gatewayclasses', 'gateways', 'grpcroutes', 'httproutes', 'referencegrants', 'tcproutes', 'tlsroutes', 'udproutes', ...(std ? ['listenersets'] : [])].map((r) => `${r}/status`), STATUS_WRITE),
    rule('gateway.networking.k8s.io', ['gatewayclasses'], ['create', 'update', 'patch', 'delete']),
    rule('inference.networking.k8s.io', ['inferencepools'], ['get', 'watch', 'list']),
    rule('inference.networking.k8s.io', ['inferencepools/status'], STATUS_WRITE),
    rule('', ['secrets'], ['get', 'watch', 'list']),
    rule('multicluster.x-k8s.io', ['serviceexports'], ['get', 'watch', 'list', 'create', 'delete']),
    rule('multicluster.x-k8s.io', ['serviceimports'], ['get', 'watch', 'list']),
  ], { labels: istiod });
  clusterRoleBinding(scope, istiodName, istiodName, [serviceAccount(ns, 'istiod')], { labels: istiod });

  // istiod deploys gateways for Gateway API `Gateway` objects.
  const gwName = `istiod-gateway-controller-${ns}`;
  clusterRole(scope, gwName, [
    rule('apps', ['deployments'], MANAGE),
    rule('autoscaling', ['horizontalpodautoscalers'], MANAGE),
    rule('policy', ['poddisruptionbudgets'], MANAGE),
    rule('', ['services'], MANAGE),
    rule('', ['serviceaccounts'], MANAGE),
  ], { labels: istiod });
  clusterRoleBinding(scope, gwName, gwName, [serviceAccount(ns, 'istiod')], { labels: istiod });
}

/** Identity and permissions of the CNI node agent. */
export function cniRbac(scope: Construct, chartVersion: string): void {
  const labels = istioLabels('cni', 'istio-cni', chartVersion, { app: 'istio-cni', operator: 'Cni' });
  sa(scope, CNI_NAMESPACE, 'istio-cni', labels);
  clusterRole(scope, 'istio-cni', [rule('', ['pods', 'nodes', 'namespaces'], READ)], { labels });
  clusterRoleBinding(scope, 'istio-cni', 'istio-cni', [serviceAccount(CNI_NAMESPACE, 'istio-cni')], { labels });
  // The repair controller finds pods whose network the plugin failed to set up.
  clusterRole(scope, 'istio-cni-repair-role', [rule('', ['events'], ['create', 'patch']), rule('', ['pods'], ['watch', 'get', 'list'])], { labels });
  const { app: _app, ...repair } = labels;
  clusterRoleBinding(scope, 'istio-cni-repair-rolebinding', 'istio-cni-repair-role', [serviceAccount(CNI_NAMESPACE, 'istio-cni')], { labels: { ...repair, 'k8s-app': 'istio-cni-repair' } });
}

/** A gateway's service account and its right to read TLS Secrets (SDS). */
export function gatewayRbac(scope: Construct, name: string, serviceAccountName: string, labels: Record<string, string>): void {
  sa(scope, ns, serviceAccountName, labels);
  const { app: _app, istio: _istio, ...roleLabels } = labels;
  role(scope, ns, `${name}-sds`, [rule('', ['secrets'], ['get', 'watch', 'list'])], { labels: roleLabels });
  roleBinding(scope, ns, `${name}-sds`, { kind: 'Role', name: `${name}-sds` }, [serviceAccount(ns, serviceAccountName)], { labels: roleLabels });
}

