import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { clusterRole, clusterRoleBinding, READ, role, roleBinding, rule, serviceAccount } from '../core/rbac';

const ALL = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const STATUS = ['get', 'patch', 'update'];
const S = 'serving.kserve.io';

/** Rules of the KServe controller; the Knative ones only when Knative is installed (the controller skips Knative when its API is absent). */
const managerRules = (knative: boolean): k8s.PolicyRule[] => [
  rule('', ['configmaps'], ['create', 'get', 'update']),
  rule('', ['events', 'services'], ALL),
  rule('', ['namespaces', 'pods'], READ),
  rule('', ['secrets', 'serviceaccounts'], ['get']),
  rule('admissionregistration.k8s.io', ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'], ALL),
  rule('apps', ['deployments'], ALL),
  rule('autoscaling', ['horizontalpodautoscalers'], ALL),
  rule('gateway.networking.k8s.io', ['httproutes'], ALL),
  rule('keda.sh', ['scaledobjects', 'scaledobjects/finalizers'], ALL),
  rule('keda.sh', ['scaledobjects/status'], STATUS),
  rule('networking.istio.io', ['virtualservices', 'virtualservices/finalizers'], ALL),
  rule('networking.istio.io', ['virtualservices/status'], STATUS),
  rule('networking.k8s.io', ['ingresses'], ALL),
  rule('opentelemetry.io', ['opentelemetrycollectors', 'opentelemetrycollectors/finalizers'], ALL),
  rule('opentelemetry.io', ['opentelemetrycollectors/status'], STATUS),
  ...(knative ? [rule('serving.knative.dev', ['services', 'services/finalizers'], ALL), rule('serving.knative.dev', ['services/status'], STATUS)] : []),
  rule(S, ['clusterservingruntimes', 'clusterservingruntimes/finalizers', 'clusterstoragecontainers', 'inferencegraphs', 'inferencegraphs/finalizers',
    'inferenceservices', 'inferenceservices/finalizers', 'servingruntimes', 'servingruntimes/finalizers', 'trainedmodels'], ALL),
  rule(S, ['clusterservingruntimes/status', 'inferencegraphs/status', 'inferenceservices/status', 'servingruntimes/status', 'trainedmodels/status'], STATUS),
  rule(S, ['localmodelcaches'], READ),
];

const NODE_READ = [rule('', ['configmaps'], ['get']), rule('', ['nodes'], READ), rule('', ['nodes/status'], ['get', 'watch'])];

const LOCALMODEL_RULES: k8s.PolicyRule[] = [
  ...NODE_READ,
  rule('', ['persistentvolumeclaims', 'persistentvolumes'], ['create', 'get', 'list', 'patch', 'update', 'watch']),
  rule(S, ['inferenceservices', 'localmodelnodegroups'], READ),
  rule(S, ['localmodelcaches', 'localmodelnodes'], ALL),
  rule(S, ['localmodelcaches/status'], STATUS),
  rule(S, ['localmodelnodes/status'], ['get', 'watch']),
];

const LOCALMODEL_AGENT_RULES: k8s.PolicyRule[] = [
  ...NODE_READ,
  rule('batch', ['jobs'], ALL),
  rule('batch', ['jobs/status'], ['get']),
  rule(S, ['clusterstoragecontainers', 'localmodelnodegroups'], READ),
  rule(S, ['localmodelnodes'], ALL),
  rule(S, ['localmodelnodes/status'], STATUS),
];

const LLM_RULES: k8s.PolicyRule[] = [
  { nonResourceUrLs: ['/metrics'], verbs: ['get'] },
  rule('', ['configmaps'], ['get']),
  rule('', ['events'], ['create', 'patch', 'update']),
  rule('', ['pods'], READ),
  rule('', ['secrets', 'serviceaccounts', 'services'], ALL),
  rule('apps', ['deployments'], ALL),
  rule('authentication.k8s.io', ['subjectaccessreviews', 'tokenreviews'], ['create']),
  rule('authorization.k8s.io', ['subjectaccessreviews'], ['create']),
  rule('discovery.k8s.io', ['endpointslices'], READ),
  rule('gateway.networking.k8s.io', ['gatewayclasses', 'gateways', 'httproutes'], ALL),
  rule('inference.networking.x-k8s.io', ['inferencemodels', 'inferencepools'], ALL),
  rule('leaderworkerset.x-k8s.io', ['leaderworkersets'], ALL),
  rule('networking.k8s.io', ['ingresses'], ALL),
  rule('rbac.authorization.k8s.io', ['clusterrolebindings', 'rolebindings', 'roles'], ALL),
  rule(S, ['llminferenceserviceconfigs', 'llminferenceservices'], ALL),
  rule(S, ['llminferenceserviceconfigs/finalizers', 'llminferenceservices/finalizers'], ['update']),
  rule(S, ['llminferenceservices/status'], STATUS),
];

const LLM_CRDS = ['llminferenceserviceconfigs.serving.kserve.io', 'llminferenceservices.serving.kserve.io'];
const INFERENCE_EXTENSION_V1 = ['inferencemodelrewrites', 'inferencemodels', 'inferenceobjectives', 'inferencepoolimports', 'inferencepools'];

/** kserve-llmisvc-manager-role (KServe 0.17 and later). */
const LLM_RULES_V017: k8s.PolicyRule[] = [
  { nonResourceUrLs: ['/metrics'], verbs: ['get'] },
  rule('', ['configmaps', 'pods'], READ),
  rule('', ['events'], ['create', 'patch', 'update']),
  rule('', ['secrets', 'serviceaccounts', 'services'], ALL),
  // The controller reports the CRDs' conversion readiness on their status.
  rule('apiextensions.k8s.io', ['customresourcedefinitions'], READ, LLM_CRDS),
  rule('apiextensions.k8s.io', ['customresourcedefinitions/status'], ['patch', 'update'], LLM_CRDS),
  rule('apps', ['deployments'], ALL),
  rule('authentication.k8s.io', ['subjectaccessreviews', 'tokenreviews'], ['create']),
  rule('authorization.k8s.io', ['subjectaccessreviews'], ['create']),
  rule('autoscaling', ['horizontalpodautoscalers'], ALL),
  rule('coordination.k8s.io', ['leases'], ALL),
  rule('discovery.k8s.io', ['endpointslices'], READ),
  rule('gateway.networking.k8s.io', ['gatewayclasses', 'gateways', 'httproutes'], ALL),
  rule('inference.networking.k8s.io', ['inferencemodels', 'inferenceobjectives', 'inferencepools'], ALL),
  rule('inference.networking.x-k8s.io', INFERENCE_EXTENSION_V1, ALL),
  rule('keda.sh', ['scaledobjects'], ALL),
  rule('leaderworkerset.x-k8s.io', ['leaderworkersets'], ALL),
  rule('llmd.ai', ['variantautoscalings'], ALL),
  rule('networking.k8s.io', ['ingresses'], ALL),
  rule('rbac.authorization.k8s.io', ['clusterrolebindings', 'rolebindings', 'roles'], ALL),
  rule(S, ['llminferenceserviceconfigs', 'llminferenceservices'], ALL),
  rule(S, ['llminferenceserviceconfigs/finalizers', 'llminferenceservices/finalizers'], ['update']),
  rule(S, ['llminferenceservices/status'], STATUS),
];

/** Knative objects users see through KServe; read-only for viewers. */
export const KNATIVE_USER_RESOURCES = ['services', 'services/status', 'routes', 'routes/status', 'configurations', 'configurations/status', 'revisions', 'revisions/status'];

export interface KserveRbacOptions {
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly saLabels: (instance: string, extra?: Record<string, string>) => Record<string, string>;
  readonly llm: boolean;
  /** Name of the LLM controller's ClusterRole; the 0.17 name comes with the 0.17 rules. @default "llmisvc-manager-role" */
  readonly llmManagerRole?: 'llmisvc-manager-role' | 'kserve-llmisvc-manager-role';
  /** Knative Serving is installed: users get rights on its objects. */
  readonly knative: boolean;
  /** The local-model controller runs more than one replica and elects a leader (upstream runs one, without). @default false */
  readonly localModelLeaderElection?: boolean;
}

/** Service accounts and roles of the KServe controllers, and the roles Kubeflow aggregates for users. */
export function kserveRbac(scope: Construct, o: KserveRbacOptions): void {
  const ns = o.namespace;
  const meta = { labels: o.labels };
  const sa = (name: string, extra: Record<string, string> = {}) =>
    new k8s.KubeServiceAccount(scope, `ServiceAccount-${name}`, { metadata: { name, namespace: ns, labels: o.saLabels(name, extra) } });
  // Upstream's managed-by labels on these accounts are left out: every object here is managed by kubeflow-iac.
  sa('kserve-controller-manager');
  sa('kserve-localmodel-controller-manager');
  sa('kserve-localmodelnode-agent');
  const manager = serviceAccount(ns, 'kserve-controller-manager');

  const leases = rule('coordination.k8s.io', ['leases'], ['create', 'get', 'list', 'update']);
  role(scope, ns, 'kserve-leader-election-role', [
    leases,
    rule('', ['configmaps'], ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']),
    rule('', ['configmaps/status'], ['get', 'update', 'patch']),
    rule('', ['events'], ['create']),
  ], meta);
  roleBinding(scope, ns, 'kserve-leader-election-rolebinding', { kind: 'Role', name: 'kserve-leader-election-role' }, [manager], meta);
  if (o.localModelLeaderElection) {
    roleBinding(scope, ns, 'kserve-localmodel-leader-election-rolebinding', { kind: 'Role', name: 'kserve-leader-election-role' }, [serviceAccount(ns, 'kserve-localmodel-controller-manager')], meta);
  }

  for (const [name, rules, account] of [
    ['kserve-manager', managerRules(o.knative), 'kserve-controller-manager'],
    ['kserve-localmodel-manager', LOCALMODEL_RULES, 'kserve-localmodel-controller-manager'],
    ['kserve-localmodelnode-agent', LOCALMODEL_AGENT_RULES, 'kserve-localmodelnode-agent'],
  ] as const) {
    clusterRole(scope, `${name}-role`, rules, meta);
    clusterRoleBinding(scope, `${name}-rolebinding`, `${name}-role`, [serviceAccount(ns, account)], meta);
  }
  clusterRole(scope, 'kserve-proxy-role', [rule('authentication.k8s.io', ['tokenreviews'], ['create']), rule('authorization.k8s.io', ['subjectaccessreviews'], ['create'])], meta);
  clusterRoleBinding(scope, 'kserve-proxy-rolebinding', 'kserve-proxy-role', [manager], meta);

  if (o.llm) {
    sa('llmisvc-controller-manager', { 'app.kubernetes.io/component': 'controller' });
    const llm = serviceAccount(ns, 'llmisvc-controller-manager');
    role(scope, ns, 'llmisvc-leader-election-role', [leases], meta);
    roleBinding(scope, ns, 'llmisvc-leader-election-rolebinding', { kind: 'Role', name: 'llmisvc-leader-election-role' }, [llm], meta);
    const managerRole = o.llmManagerRole ?? 'llmisvc-manager-role';
    clusterRole(scope, managerRole, managerRole === 'llmisvc-manager-role' ? LLM_RULES : LLM_RULES_V017, meta);
    // The binding keeps its name when the role is renamed: its roleRef changes, so it is replaced.
    clusterRoleBinding(scope, 'llmisvc-manager-rolebinding', managerRole, [llm], meta);
  }

  // Upstream misspells llminferenceserviceconfigs in these roles; the right name is used here.
  const userResources = ['inferencegraphs', 'inferenceservices', 'servingruntimes', 'trainedmodels', ...(o.llm ? ['llminferenceservices', 'llminferenceserviceconfigs'] : [])];
  const EDIT = ['get', 'list', 'watch', 'create', 'delete', 'deletecollection', 'patch', 'update'];
  const kubeflow = (extra: Record<string, string>) => ({ labels: { ...o.labels, ...extra } });
  clusterRole(scope, 'kubeflow-kserve-admin', [], {
    ...kubeflow({ 'rbac.authorization.kubeflow.org/aggregate-to-kubeflow-admin': 'true' }),
    aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.kubeflow.org/aggregate-to-kubeflow-kserve-admin': 'true' } }] },
  });
  clusterRole(scope, 'kubeflow-kserve-edit', [
    rule(S, userResources, EDIT),
    ...(o.knative ? [rule('serving.knative.dev', KNATIVE_USER_RESOURCES, EDIT)] : []),
  ], kubeflow({ 'rbac.authorization.kubeflow.org/aggregate-to-kubeflow-edit': 'true', 'rbac.authorization.kubeflow.org/aggregate-to-kubeflow-kserve-admin': 'true' }));
  clusterRole(scope, 'kubeflow-kserve-view', [
    rule(S, userResources, READ),
    ...(o.knative ? [rule('serving.knative.dev', KNATIVE_USER_RESOURCES, ['get', 'list'])] : []),
  ], kubeflow({ 'rbac.authorization.kubeflow.org/aggregate-to-kubeflow-view': 'true' }));
}
