import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { ImageResolver } from '../core/images';
import { clusterRole, clusterRoleBinding, role, roleBinding, rule, serviceAccount as subject } from '../core/rbac';
import { restrictedContainer } from '../core/security';
import { Sizing } from '../core/sizing';
import { BASE_LABELS, NAMESPACE } from './names';
import { ARTIFACT_KEY_SUFFIX, artifactRepository, ObjectStoreWiring } from './settings';
import { configMap, deployment, fromField, serviceAccount } from './workload';

const ALL = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const CRUD = ['get', 'list', 'watch', 'update', 'patch', 'delete', 'create'];
const withFinalizers = (kinds: readonly string[]) => kinds.flatMap((k) => [k, `${k}/finalizers`]);
const USER_KINDS = ['workflows', 'workfloweventbindings', 'workflowtemplates', 'cronworkflows', 'clusterworkflowtemplates'];

const CONTROLLER_RULES = [
  rule('', ['pods', 'pods/exec'], ['create', 'get', 'list', 'watch', 'update', 'patch', 'delete']),
  rule('', ['configmaps', 'namespaces'], ['get', 'watch', 'list']),
  rule('', ['persistentvolumeclaims', 'persistentvolumeclaims/finalizers'], ['create', 'update', 'delete', 'get']),
  rule('argoproj.io', ['workflows', 'workflows/finalizers', 'workflowtasksets', 'workflowtasksets/finalizers', 'workflowartifactgctasks'], CRUD),
  rule('argoproj.io', withFinalizers(['workflowtemplates', 'clusterworkflowtemplates']), ['get', 'list', 'watch']),
  rule('argoproj.io', ['workflowtaskresults'], ['list', 'watch', 'deletecollection']),
  rule('', ['serviceaccounts'], ['get', 'list']),
  rule('argoproj.io', ['cronworkflows', 'cronworkflows/finalizers'], ['get', 'list', 'watch', 'update', 'patch', 'delete']),
  rule('', ['events'], ['create', 'patch']),
  rule('policy', ['poddisruptionbudgets'], ['create', 'get', 'delete']),
  rule('', ['secrets'], ['get'], ['argo-workflows-agent-ca-certificates']),
];

/** Argo's executor: restricted, as the uid of the argoexec image. */
const EXECUTOR_SECURITY = {
  runAsNonRoot: true,
  runAsUser: 65532,
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

export interface ArgoProps {
  readonly images: ImageResolver;
  readonly sizing: Sizing;
  readonly store: ObjectStoreWiring;
  /** Give the executor a restricted security context (KFP 2.16 and later do). */
  readonly restrictedExecutor: boolean;
}

/** The Argo workflow controller, cluster install, with KFP's artifact repository. */
export class ArgoWorkflows extends Construct {
  constructor(scope: Construct, id: string, props: ArgoProps) {
    super(scope, id);
    const labels = BASE_LABELS;
    serviceAccount(this, 'argo', labels);
    role(this, NAMESPACE, 'argo-role', [rule('coordination.k8s.io', ['leases'], ['create', 'get', 'update']), rule('', ['secrets'], ['get'])], { labels });
    roleBinding(this, NAMESPACE, 'argo-binding', { kind: 'Role', name: 'argo-role' }, [subject(NAMESPACE, 'argo')], { labels });
    clusterRole(this, 'argo-cluster-role', CONTROLLER_RULES, { labels });
    clusterRoleBinding(this, 'argo-binding', 'argo-cluster-role', [subject(NAMESPACE, 'argo')], { labels });
    // Namespace admins, editors and viewers get Argo's kinds through Kubernetes' aggregated roles.
    const admin = [...withFinalizers(USER_KINDS), ...withFinalizers(['workflowtasksets', 'workflowtaskresults'])];
    const editView = [...withFinalizers(USER_KINDS), ...withFinalizers(['workflowtaskresults'])];
    clusterRole(this, 'argo-aggregate-to-admin', [rule('argoproj.io', admin, ALL)], { labels: { ...labels, 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' } });
    clusterRole(this, 'argo-aggregate-to-edit', [rule('argoproj.io', editView, ALL)], { labels: { ...labels, 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } });
    clusterRole(this, 'argo-aggregate-to-view', [rule('argoproj.io', editView, ['get', 'list', 'watch'])], { labels: { ...labels, 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } });

    new k8s.KubePriorityClass(this, 'PriorityClass', { metadata: { name: 'workflow-controller', labels: { ...labels } }, value: 1000000 });

    const keyFormat = `private-artifacts/{{workflow.namespace}}/${ARTIFACT_KEY_SUFFIX}`;
    const executor = { imagePullPolicy: 'IfNotPresent', ...(props.restrictedExecutor ? { securityContext: EXECUTOR_SECURITY } : {}) };
    configMap(this, 'workflow-controller-configmap', labels, {
      artifactRepository: stringify(artifactRepository(props.store, keyFormat)),
      executor: stringify(executor),
    });

    deployment(this, {
      name: 'workflow-controller',
      labels,
      selector: { app: 'workflow-controller', ...labels },
      serviceAccount: 'argo',
      // Argo elects a leader by default (LEADER_ELECTION_IDENTITY below names each replica).
      ...(props.sizing.controllerReplicas > 1 ? { replicas: props.sizing.controllerReplicas } : {}),
      pod: { priorityClassName: 'workflow-controller', nodeSelector: { 'kubernetes.io/os': 'linux' } },
      containers: [{
        name: 'workflow-controller',
        image: props.images.ref('pipelines/workflow-controller'),
        command: ['workflow-controller'],
        args: ['--configmap', 'workflow-controller-configmap', '--executor-image', props.images.ref('pipelines/argoexec')],
        env: [{ ...fromField('LEADER_ELECTION_IDENTITY', 'metadata.name') }],
        ports: [{ name: 'metrics', containerPort: 9090 }, { containerPort: 6060 }],
        livenessProbe: { httpGet: { path: '/healthz', port: k8s.IntOrString.fromNumber(6060) }, initialDelaySeconds: 90, periodSeconds: 60, timeoutSeconds: 30, failureThreshold: 3 },
        resources: props.sizing.resources('large', 'workflow-controller/workflow-controller'),
        securityContext: restrictedContainer(),
      }],
    });
  }
}

