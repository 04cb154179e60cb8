import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { clusterRole, clusterRoleBinding, role, roleBinding, rule, serviceAccount as subject } from '../core/rbac';
import { BASE_LABELS, KFP_LABELS, kfpApp, Labels, NAMESPACE } from './names';

const CRUD = ['create', 'get', 'list', 'watch', 'update', 'patch', 'delete'];
const WATCH_PATCH = ['get', 'list', 'watch', 'update', 'patch'];
const R = ['get', 'list', 'watch'];

// The cache server and the metadata writer both watch pods and workflows.
const podWatcher = [rule('', ['pods'], WATCH_PATCH), rule('', ['configmaps'], ['get']), rule('argoproj.io', ['workflows'], WATCH_PATCH)];

const apiServer = [
  rule('', ['pods', 'pods/log'], ['get', 'list', 'delete']),
  rule('argoproj.io', ['workflows'], CRUD),
  rule('kubeflow.org', ['scheduledworkflows'], ['create', 'get', 'list', 'update', 'patch', 'delete']),
  rule('kubeflow.org', ['scheduledworkflows/finalizers'], ['update']),
  rule('pipelines.kubeflow.org', ['pipelines'], R),
  rule('authorization.k8s.io', ['subjectaccessreviews'], ['create']),
  rule('authentication.k8s.io', ['tokenreviews'], ['create']),
];

const persistenceAgent = [
  rule('argoproj.io', ['workflows'], R),
  rule('kubeflow.org', ['scheduledworkflows'], R),
  rule('pipelines.kubeflow.org', ['scheduledworkflows', 'workflows'], ['report']),
  rule('pipelines.kubeflow.org', ['runs'], ['reportMetrics', 'readArtifact']),
];

const scheduledWorkflow = [
  rule('argoproj.io', ['workflows'], CRUD),
  rule('kubeflow.org', ['scheduledworkflows', 'scheduledworkflows/finalizers'], CRUD),
  rule('pipelines.kubeflow.org', ['runs'], ['create']),
  rule('', ['events'], ['create', 'patch']),
];

// The namespaced UI role also reads ConfigMaps (the public version ConfigMap, viewer templates).
const ui = (secretsAnd: readonly string[]) => [
  rule('', ['pods', 'pods/log'], ['get']),
  rule('', ['events'], ['list']),
  rule('', ['secrets', ...secretsAnd], ['get', 'list']),
  rule('kubeflow.org', ['viewers'], ['create', 'get', 'list', 'watch', 'delete']),
  rule('argoproj.io', ['workflows'], ['get', 'list']),
];

const viewerController = [rule('*', ['deployments', 'services'], CRUD), rule('kubeflow.org', ['viewers', 'viewers/finalizers'], CRUD)];

/** A KFP server's permissions, granted both in `kubeflow` and cluster-wide as upstream's multi-user install does. */
interface PairedRole {
  readonly account: string;
  readonly role: string;
  readonly binding: string;
  readonly roleRules: readonly k8s.PolicyRule[];
  readonly clusterRules?: readonly k8s.PolicyRule[];
  readonly roleLabels: Labels;
  readonly clusterLabels: Labels;
}

const PAIRED: readonly PairedRole[] = [
  { account: 'kubeflow-pipelines-cache', role: 'kubeflow-pipelines-cache-role', binding: 'kubeflow-pipelines-cache-binding', roleRules: podWatcher, roleLabels: kfpApp('cache-server'), clusterLabels: kfpApp('cache-server') },
  {
    account: 'kubeflow-pipelines-metadata-writer',
    role: 'kubeflow-pipelines-metadata-writer-role',
    binding: 'kubeflow-pipelines-metadata-writer-binding',
    roleRules: podWatcher,
    roleLabels: kfpApp('kubeflow-pipelines-metadata-writer-role'),
    clusterLabels: KFP_LABELS,
  },
  { account: 'ml-pipeline', role: 'ml-pipeline', binding: 'ml-pipeline', roleRules: apiServer, roleLabels: kfpApp('ml-pipeline'), clusterLabels: KFP_LABELS },
  { account: 'ml-pipeline-persistenceagent', role: 'ml-pipeline-persistenceagent-role', binding: 'ml-pipeline-persistenceagent-binding', roleRules: persistenceAgent, roleLabels: KFP_LABELS, clusterLabels: KFP_LABELS },
  {
    account: 'ml-pipeline-scheduledworkflow',
    role: 'ml-pipeline-scheduledworkflow-role',
    binding: 'ml-pipeline-scheduledworkflow-binding',
    roleRules: scheduledWorkflow,
    roleLabels: kfpApp('ml-pipeline-scheduledworkflow-role'),
    clusterLabels: KFP_LABELS,
  },
  { account: 'ml-pipeline-ui', role: 'ml-pipeline-ui', binding: 'ml-pipeline-ui', roleRules: ui(['configmaps']), clusterRules: ui([]), roleLabels: kfpApp('ml-pipeline-ui'), clusterLabels: kfpApp('ml-pipeline-ui') },
  {
    account: 'ml-pipeline-viewer-crd-service-account',
    role: 'ml-pipeline-viewer-controller-role',
    binding: 'ml-pipeline-viewer-crd-binding',
    roleRules: viewerController,
    roleLabels: KFP_LABELS,
    clusterLabels: KFP_LABELS,
  },
];

const RUNNER_RULES = [
  rule('', ['secrets'], ['get']),
  rule('', ['configmaps'], ['get', 'watch', 'list']),
  rule('', ['persistentvolumes', 'persistentvolumeclaims'], ['*']),
  rule('snapshot.storage.k8s.io', ['volumesnapshots'], ['create', 'delete', 'get']),
  rule('argoproj.io', ['workflows'], WATCH_PATCH),
  rule('', ['pods', 'pods/exec', 'pods/log', 'services'], ['*']),
  rule(['', 'apps', 'extensions'], ['deployments', 'replicasets'], ['*']),
  rule('kubeflow.org', ['*'], ['*']),
  rule('batch', ['jobs'], ['*']),
  rule('machinelearning.seldon.io', ['seldondeployments'], ['*']),
  rule('argoproj.io', ['workflowtaskresults'], ['create', 'patch']),
];

const AGGREGATE_EDIT = 'rbac.authorization.kubeflow.org/aggregate-to-kubeflow-pipelines-edit';
const AGGREGATE_VIEW = 'rbac.authorization.kubeflow.org/aggregate-to-kubeflow-pipelines-view';

const EDIT_RULES = [
  rule('pipelines.kubeflow.org', ['pipelines', 'pipelineversions'], ['create', 'delete', 'update']),
  rule('pipelines.kubeflow.org', ['experiments'], ['archive', 'create', 'delete', 'unarchive']),
  rule('pipelines.kubeflow.org', ['runs'], ['archive', 'create', 'delete', 'retry', 'terminate', 'unarchive', 'reportMetrics', 'readArtifact']),
  rule('pipelines.kubeflow.org', ['jobs'], ['create', 'delete', 'disable', 'enable']),
  rule('kubeflow.org', ['scheduledworkflows'], ['*']),
  rule('argoproj.io', ['cronworkflows', 'cronworkflows/finalizers', 'workflows', 'workflows/finalizers', 'workfloweventbindings', 'workflowtemplates', 'workflowtaskresults'], ['*']),
];
const VIEW_RULES = [
  rule('pipelines.kubeflow.org', ['pipelines', 'pipelineversions', 'experiments', 'jobs'], ['get', 'list']),
  rule('pipelines.kubeflow.org', ['runs'], ['get', 'list', 'readArtifact']),
  rule('kubeflow.org', ['viewers'], ['create', 'get', 'delete']),
  rule('pipelines.kubeflow.org', ['visualizations'], ['create']),
];

/** Service accounts of the KFP servers, with the cloud identity on the ones that read artifacts. */
const KFP_ACCOUNTS: readonly [string, Labels][] = [
  ['kubeflow-pipelines-cache', kfpApp('cache-server')],
  ['kubeflow-pipelines-container-builder', KFP_LABELS],
  ['kubeflow-pipelines-metadata-writer', KFP_LABELS],
  ['kubeflow-pipelines-viewer', KFP_LABELS],
  ['ml-pipeline', KFP_LABELS],
  ['ml-pipeline-persistenceagent', KFP_LABELS],
  ['ml-pipeline-scheduledworkflow', KFP_LABELS],
  ['ml-pipeline-ui', KFP_LABELS],
  ['ml-pipeline-viewer-crd-service-account', KFP_LABELS],
  ['ml-pipeline-visualizationserver', KFP_LABELS],
  ['pipeline-runner', KFP_LABELS],
  ['metadata-grpc-server', BASE_LABELS],
];

/** Accounts that read and write artifacts in the object store: they get the cloud identity. */
export const ARTIFACT_ACCOUNTS = ['ml-pipeline', 'ml-pipeline-ui'] as const;

export interface KfpRbacProps {
  /** Annotations binding the artifact readers to a cloud identity (IRSA, Workload Identity). */
  readonly identityAnnotations: Readonly<Record<string, string>>;
  /** The public version ConfigMap and its role exist (KFP 2.16 and later). */
  readonly publicConfig: boolean;
}

/** KFP's service accounts, roles and bindings (Argo's and metacontroller's live with them). */
export class KfpRbac extends Construct {
  constructor(scope: Construct, id: string, props: KfpRbacProps) {
    super(scope, id);
    for (const [name, labels] of KFP_ACCOUNTS) {
      const annotations = (ARTIFACT_ACCOUNTS as readonly string[]).includes(name) ? props.identityAnnotations : undefined;
      new k8s.KubeServiceAccount(this, `ServiceAccount-${name}`, {
        metadata: { name, namespace: NAMESPACE, labels: { ...labels }, ...(annotations && Object.keys(annotations).length ? { annotations: { ...annotations } } : {}) },
      });
    }
    for (const p of PAIRED) {
      role(this, NAMESPACE, p.role, p.roleRules, { labels: p.roleLabels });
      roleBinding(this, NAMESPACE, p.binding, { kind: 'Role', name: p.role }, [subject(NAMESPACE, p.account)], { labels: p.roleLabels });
      clusterRole(this, p.role, p.clusterRules ?? p.roleRules, { labels: p.clusterLabels });
      clusterRoleBinding(this, p.binding, p.role, [subject(NAMESPACE, p.account)], { labels: p.clusterLabels });
    }
    role(this, NAMESPACE, 'pipeline-runner', RUNNER_RULES, { labels: KFP_LABELS });
    roleBinding(this, NAMESPACE, 'pipeline-runner-binding', { kind: 'Role', name: 'pipeline-runner' }, [subject(NAMESPACE, 'pipeline-runner')], { labels: KFP_LABELS });
    if (props.publicConfig) {
      const labels = kfpApp('ml-pipeline');
      role(this, NAMESPACE, 'kubeflow-pipelines-public', [rule('', ['configmaps'], R, ['kubeflow-pipelines-public'])], { labels });
      roleBinding(this, NAMESPACE, 'kubeflow-pipelines-public', { kind: 'Role', name: 'kubeflow-pipelines-public' }, [{ kind: 'Group', name: 'system:authenticated' }], { labels });
    }
    // Profile roles aggregate these: kubeflow-edit gets edit, kubeflow-view gets view.
    clusterRole(this, 'aggregate-to-kubeflow-pipelines-edit', EDIT_RULES, { labels: { ...KFP_LABELS, [AGGREGATE_EDIT]: 'true' } });
    clusterRole(this, 'aggregate-to-kubeflow-pipelines-view', VIEW_RULES, { labels: { ...KFP_LABELS, [AGGREGATE_VIEW]: 'true' } });
    clusterRole(this, 'kubeflow-pipelines-edit', [], {
      labels: { ...KFP_LABELS, 'rbac.authorization.kubeflow.org/aggregate-to-kubeflow-edit': 'true' },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [AGGREGATE_EDIT]: 'true' } }] },
    });
    clusterRole(this, 'kubeflow-pipelines-view', [], {
      labels: { ...KFP_LABELS, [AGGREGATE_EDIT]: 'true', 'rbac.authorization.kubeflow.org/aggregate-to-kubeflow-view': 'true' },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [AGGREGATE_VIEW]: 'true' } }] },
    });
  }
}
