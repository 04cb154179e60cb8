import { Construct } from 'constructs';
import { Crd, CrdVersion } from '../../core/crd';
import { array, boolean, embedded, enumOf, integer, intOrString, map, object, Schema, string } from '../../core/schema';

const GROUP = 'argoproj.io';

// Argo's objects are deep (templates hold whole containers and pod specs). The top level is typed
// and unknown fields are kept, as upstream's minimal install does for every Argo kind.
const open = (properties: Record<string, Schema>, extra: Partial<Schema> = {}): Schema => ({
  ...object(properties),
  'x-kubernetes-preserve-unknown-fields': true,
  ...extra,
});

const secretKey = (): Schema => object({ name: string(), key: string(), optional: boolean() }, { required: ['key'] });

/** An artifact location: S3 typed (KFP's store), the other backends kept whole. */
function artifactLocation(): Record<string, Schema> {
  return {
    archiveLogs: boolean(),
    s3: open({
      bucket: string(),
      endpoint: string(),
      key: string(),
      region: string(),
      insecure: boolean(),
      useSDKCreds: boolean(),
      accessKeySecret: secretKey(),
      secretKeySecret: secretKey(),
      roleARN: string(),
    }),
    gcs: open({ bucket: string(), key: string(), serviceAccountKeySecret: secretKey() }),
    azure: embedded(),
    artifactory: embedded(),
    git: embedded(),
    hdfs: embedded(),
    http: embedded(),
    oss: embedded(),
    raw: embedded(),
  };
}

// Argo accepts numbers where it means strings (AnyString).
const parameter = (): Schema => open({ name: string(), value: intOrString(), default: intOrString(), valueFrom: embedded() }, { required: ['name'] });
const artifact = (): Schema => open({ name: string(), path: string(), from: string(), optional: boolean(), ...artifactLocation() }, { required: ['name'] });
const argumentsSchema = (): Schema => object({ parameters: array(parameter()), artifacts: array(artifact()) });

/** WorkflowSpec: what a Workflow, WorkflowTemplate and the template of a CronWorkflow run. */
function workflowSpec(): Schema {
  return open({
    entrypoint: string(),
    arguments: argumentsSchema(),
    templates: array(embedded()),
    workflowTemplateRef: object({ name: string(), clusterScope: boolean() }),
    serviceAccountName: string(),
    automountServiceAccountToken: boolean(),
    executor: object({ serviceAccountName: string() }),
    onExit: string(),
    parallelism: integer(),
    activeDeadlineSeconds: integer({ format: 'int64' }),
    priority: integer({ format: 'int32' }),
    suspend: boolean(),
    shutdown: string(),
    archiveLogs: boolean(),
    artifactRepositoryRef: object({ configMap: string(), key: string() }),
    podGC: open({ strategy: string(), deleteDelayDuration: string() }),
    ttlStrategy: object({ secondsAfterCompletion: integer(), secondsAfterFailure: integer(), secondsAfterSuccess: integer() }),
    podMetadata: object({ labels: map(), annotations: map() }),
    workflowMetadata: embedded(),
    nodeSelector: map(),
    tolerations: array(embedded()),
    affinity: embedded(),
    securityContext: embedded(),
    imagePullSecrets: array(object({ name: string() })),
    volumes: array(embedded()),
    volumeClaimTemplates: array(embedded()),
    volumeClaimGC: object({ strategy: string() }),
    artifactGC: embedded(),
    hooks: map(embedded()),
    metrics: embedded(),
    retryStrategy: embedded(),
    synchronization: embedded(),
    templateDefaults: embedded(),
    podSpecPatch: string(),
    podPriorityClassName: string(),
    schedulerName: string(),
    hostNetwork: boolean(),
    dnsPolicy: string(),
    dnsConfig: embedded(),
    podDisruptionBudget: embedded(),
  }, { 'x-kubernetes-map-type': 'atomic' });
}

const workflowStatus = (): Schema =>
  open({
    phase: string(),
    message: string(),
    startedAt: string({ format: 'date-time', nullable: true }),
    finishedAt: string({ format: 'date-time', nullable: true }),
    progress: string(),
    nodes: map(embedded()),
    storedTemplates: map(embedded()),
    storedWorkflowTemplateSpec: embedded(),
    conditions: array(object({ type: string(), status: string(), message: string() })),
    outputs: embedded(),
    artifactRepositoryRef: embedded(),
    artifactGCStatus: embedded(),
    taskResultsCompletionStatus: map(boolean()),
    estimatedDuration: integer(),
    resourcesDuration: map(integer()),
    persistentVolumeClaims: array(embedded()),
    synchronization: embedded(),
    compressedNodes: string(),
    offloadNodeStatusVersion: string(),
  }, { 'x-kubernetes-map-type': 'atomic' });

const cronWorkflowSpec = (): Schema =>
  open({
    workflowSpec: workflowSpec(),
    schedule: string(),
    schedules: array(string()),
    timezone: string(),
    concurrencyPolicy: enumOf(['Allow', 'Forbid', 'Replace']),
    startingDeadlineSeconds: integer({ format: 'int64' }),
    successfulJobsHistoryLimit: integer({ format: 'int32' }),
    failedJobsHistoryLimit: integer({ format: 'int32' }),
    suspend: boolean(),
    stopStrategy: object({ expression: string() }),
    when: string(),
    workflowMetadata: embedded(),
  }, { 'x-kubernetes-map-type': 'atomic' });

const cronWorkflowStatus = (): Schema =>
  open({
    active: array(embedded()),
    lastScheduledTime: string({ format: 'date-time', nullable: true }),
    conditions: array(object({ type: string(), status: string(), message: string() })),
    succeeded: integer(),
    failed: integer(),
    phase: string(),
  }, { 'x-kubernetes-map-type': 'atomic' });

const outputs = (): Schema =>
  object({ parameters: array(parameter()), artifacts: array(artifact()), result: string(), exitCode: string() });

interface ArgoKind {
  readonly kind: string;
  readonly scope: 'Namespaced' | 'Cluster';
  readonly shortNames?: readonly string[];
  readonly version: Omit<CrdVersion, 'name' | 'storage'>;
}

const SPEC_ONLY = { subresources: {} };

/** Argo Workflows' CRDs, as its cluster install ships them. */
export const ARGO_KINDS: readonly ArgoKind[] = [
  { kind: 'ClusterWorkflowTemplate', scope: 'Cluster', shortNames: ['clusterwftmpl', 'cwft'], version: { spec: workflowSpec(), ...SPEC_ONLY } },
  { kind: 'CronWorkflow', scope: 'Namespaced', shortNames: ['cwf', 'cronwf'], version: { spec: cronWorkflowSpec(), status: cronWorkflowStatus(), ...SPEC_ONLY } },
  {
    kind: 'WorkflowArtifactGCTask',
    scope: 'Namespaced',
    shortNames: ['wfat'],
    version: {
      spec: object({ artifactsByNode: map(object({ archiveLocation: open(artifactLocation()), artifacts: map(artifact()) })) }),
      status: object({ artifactResultsByNode: map(object({ artifactResults: map(object({ name: string(), success: boolean(), error: string() }, { required: ['name'] })) })) }),
    },
  },
  {
    kind: 'WorkflowEventBinding',
    scope: 'Namespaced',
    shortNames: ['wfeb'],
    version: {
      spec: object(
        {
          event: object({ selector: string() }, { required: ['selector'] }),
          submit: object({ workflowTemplateRef: object({ name: string(), clusterScope: boolean() }), arguments: argumentsSchema(), metadata: embedded() }, { required: ['workflowTemplateRef'] }),
        },
        { required: ['event'] },
      ),
    },
  },
  {
    kind: 'Workflow',
    scope: 'Namespaced',
    shortNames: ['wf'],
    version: {
      spec: workflowSpec(),
      status: workflowStatus(),
      ...SPEC_ONLY,
      printerColumns: [
        { name: 'Status', type: 'string', jsonPath: '.status.phase', description: 'Status of the workflow' },
        { name: 'Age', type: 'date', format: 'date-time', jsonPath: '.status.startedAt', description: 'When the workflow was started' },
        { name: 'Message', type: 'string', jsonPath: '.status.message', description: 'Human readable message indicating details about why the workflow is in this condition.' },
      ],
    },
  },
  // Task results carry their data at the top level, beside metadata.
  { kind: 'WorkflowTaskResult', scope: 'Namespaced', version: { topLevel: { outputs: outputs(), phase: string(), message: string(), progress: string() } } },
  {
    kind: 'WorkflowTaskSet',
    scope: 'Namespaced',
    shortNames: ['wfts'],
    version: {
      spec: open({ tasks: map(embedded()) }, { 'x-kubernetes-map-type': 'atomic' }),
      status: open({ nodes: map(embedded()) }, { 'x-kubernetes-map-type': 'atomic' }),
      subresources: { status: true },
    },
  },
  { kind: 'WorkflowTemplate', scope: 'Namespaced', shortNames: ['wftmpl'], version: { spec: workflowSpec(), ...SPEC_ONLY } },
];

/** The CRDs of Argo Workflows, version v1alpha1. */
export function argoCrds(scope: Construct, labels: Readonly<Record<string, string>>): Crd[] {
  return ARGO_KINDS.map((k) =>
    new Crd(scope, `Crd-${k.kind}`, {
      group: GROUP,
      kind: k.kind,
      scope: k.scope,
      shortNames: k.shortNames,
      labels,
      versions: [{ name: 'v1alpha1', storage: true, ...k.version }],
    }),
  );
}
