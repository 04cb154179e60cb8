import { Construct } from 'constructs';
import { Crd } from '../core/crd';
import { array, boolean, conditions, embedded, enumOf, intOrString, map, object, Schema, string } from '../core/schema';
import { atomic, envList, immutable, int32, jobCounts, jobSetSpec, jobSetStatus, namedList, strings, templateMeta } from './schemas';

export const TRAINER_GROUP = 'trainer.kubeflow.org';
export const JOBSET_GROUP = 'jobset.x-k8s.io';
const CONTROLLER_GEN = (v: string) => ({ 'controller-gen.kubebuilder.io/version': v });

const quantities = () => map(intOrString({ pattern: '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$' }));

/** What the Trainer CRDs have beyond Trainer 2.1's. */
export interface TrainerCrdOptions {
  /**
   * ML policies for JAX, XGBoost and Flux beside torch and MPI, with torch an empty marker
   * (processes per node moved to the TrainJob) (Trainer 2.2).
   */
  readonly frameworkPolicies?: boolean;
  /** Runtime templates may declare shared claims (`volumeClaimPolicies`, JobSet 0.11). */
  readonly volumeClaimPolicies?: boolean;
}

/** The ML policy of a training runtime: node count plus one framework policy. */
function mlPolicy(opts: TrainerCrdOptions): Schema {
  const mpi = object({
    mpiImplementation: enumOf(['OpenMPI', ''], { default: 'OpenMPI' }),
    numProcPerNode: int32({ default: 1 }),
    runLauncherAsNode: boolean({ default: false }),
    sshAuthMountPath: string({ default: '/root/.ssh' }),
  });
  if (opts.frameworkPolicies) {
    return object(
      {
        flux: object({ numProcPerNode: int32({ default: 1, 'x-kubernetes-validations': [{ rule: 'self >= 1', message: 'NumProcPerNode in fluxPolicy must be >= 1' }] }) }),
        jax: { type: 'object' },
        mpi,
        numNodes: int32(),
        torch: { type: 'object' },
        xgboost: { type: 'object' },
      },
      {
        'x-kubernetes-validations': [
          { rule: '[has(self.torch), has(self.mpi), has(self.jax), has(self.xgboost),has(self.flux)].filter(x, x).size() <= 1', message: 'Only one of the policy can be configured' },
        ],
      },
    );
  }
  return object(
    {
      numNodes: int32(),
      torch: object({
        elasticPolicy: object({
          maxNodes: int32(),
          maxRestarts: int32(),
          // autoscaling/v2 MetricSpecs, a deep upstream type.
          metrics: array(embedded(), atomic),
          minNodes: int32(),
        }),
        numProcPerNode: intOrString({
          default: 'auto',
          'x-kubernetes-validations': [{ rule: "self > 0 || self in ['auto', 'cpu', 'gpu']", message: 'NumProcPerNode must be equal to auto, cpu, gpu, or int value' }],
        }),
      }),
      mpi,
    },
    {
      'x-kubernetes-validations': [
        { rule: '!(has(self.numNodes) && (has(self.torch) && has(self.torch.elasticPolicy)))', message: 'numNodes should not be set if torch.elasticPolicy is configured' },
        { rule: '!(has(self.torch) && has(self.mpi))', message: 'Only one of the policy can be configured' },
      ],
    },
  );
}

function runtimeSpec(opts: TrainerCrdOptions): Schema {
  return object({
    mlPolicy: mlPolicy(opts),
    podGroupPolicy: object({
      coscheduling: object({ scheduleTimeoutSeconds: int32({ default: 60 }) }),
      volcano: object({ networkTopology: object({ highestTierAllowed: { type: 'integer', default: 1 }, mode: enumOf(['hard', 'soft'], { default: 'hard' }) }) }),
    }),
    template: object({ metadata: templateMeta(), spec: jobSetSpec({ volumeClaimPolicies: opts.volumeClaimPolicies }) }),
  });
}

function initializer(): Schema {
  return object({ env: envList(), secretRef: object({ name: string({ default: '' }) }, { 'x-kubernetes-map-type': 'atomic' }), storageUri: string() });
}

function trainJobSpec(): Schema {
  return object(
    {
      annotations: map(),
      initializer: object({ dataset: initializer(), model: initializer() }),
      labels: map(),
      managedBy: string({
        default: 'trainer.kubeflow.org/trainjob-controller',
        'x-kubernetes-validations': [
          {
            rule: "self in ['trainer.kubeflow.org/trainjob-controller', 'kueue.x-k8s.io/multikueue']",
            message: 'ManagedBy must be trainer.kubeflow.org/trainjob-controller or kueue.x-k8s.io/multikueue if set',
          },
          { rule: 'self == oldSelf', message: 'ManagedBy value is immutable' },
        ],
      }),
      podTemplateOverrides: array(
        object(
          {
            metadata: templateMeta(),
            // Parts of a PodSpec (affinity, containers, volumes...): a deep upstream type.
            spec: embedded(),
            targetJobs: array(object({ name: string({ minLength: 1 }) }, { required: ['name'] }), atomic),
          },
          { required: ['targetJobs'] },
        ),
        atomic,
      ),
      runtimeRef: object(
        {
          apiGroup: string({ default: TRAINER_GROUP }),
          kind: string({ default: 'ClusterTrainingRuntime' }),
          name: string({ minLength: 1 }),
        },
        { required: ['name'], ...immutable('runtimeRef is immutable') },
      ),
      suspend: boolean({ default: false }),
      trainer: object({
        args: strings(atomic),
        command: strings(atomic),
        env: envList(),
        image: string(),
        numNodes: int32(),
        numProcPerNode: intOrString(),
        resourcesPerNode: object({
          claims: namedList(object({ name: string(), request: string() }, { required: ['name'] })),
          limits: quantities(),
          requests: quantities(),
        }),
      }),
    },
    { required: ['runtimeRef'] },
  );
}

/**
 * The Kubeflow Trainer CRDs: TrainJob, TrainingRuntime and ClusterTrainingRuntime, under one
 * `Crds` construct (the construct paths of before, when this was a class).
 */
export function trainerCrds(scope: Construct, opts: TrainerCrdOptions = {}): Crd[] {
  const group = new Construct(scope, 'Crds');
  const annotations = CONTROLLER_GEN('v0.18.0');
  const crds = [new Crd(group, 'TrainJob', {
    group: TRAINER_GROUP,
    kind: 'TrainJob',
    scope: 'Namespaced',
    annotations,
    versions: [
      {
        name: 'v1alpha1',
        storage: true,
        // Upstream requires no top-level field; the runtimeRef rule inside spec does the work.
        required: [],
        spec: trainJobSpec(),
        status: object({ conditions: conditions(), jobsStatus: jobCounts(true) }),
        printerColumns: [
          { name: 'State', type: 'string', jsonPath: '.status.conditions[-1:].type' },
          { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
        ],
      },
    ],
  })];
  for (const [kind, crdScope] of [['TrainingRuntime', 'Namespaced'], ['ClusterTrainingRuntime', 'Cluster']] as const) {
    // Upstream runtimes have no status subresource.
    crds.push(new Crd(group, kind, { group: TRAINER_GROUP, kind, scope: crdScope, annotations, versions: [{ name: 'v1alpha1', storage: true, spec: runtimeSpec(opts) }] }));
  }
  return crds;
}

export interface JobSetCrdProps {
  /** Namespace of the JobSet webhook Service, which converts versions. */
  readonly namespace: string;
  /** JobSets may declare shared claims (`volumeClaimPolicies`, JobSet 0.11). @default false */
  readonly volumeClaimPolicies?: boolean;
}

/** The JobSet CRD (jobset.x-k8s.io), converted through the JobSet webhook like upstream. */
export class JobSetCrd extends Construct {
  constructor(scope: Construct, id: string, props: JobSetCrdProps) {
    super(scope, id);
    new Crd(this, 'JobSet', {
      group: JOBSET_GROUP,
      kind: 'JobSet',
      scope: 'Namespaced',
      annotations: CONTROLLER_GEN('v0.17.2'),
      conversionWebhook: { namespace: props.namespace, name: 'jobset-webhook-service', path: '/convert' },
      versions: [
        {
          name: 'v1alpha2',
          storage: true,
          spec: jobSetSpec({ volumeClaimPolicies: props.volumeClaimPolicies }),
          status: jobSetStatus(),
          // Upstream's columns carry descriptions too; left out until the shared Kubernetes schema
          // of the tests knows the `description` field of printer columns.
          printerColumns: [
            { name: 'TerminalState', type: 'string', jsonPath: '.status.terminalState' },
            { name: 'Restarts', type: 'string', jsonPath: '.status.restarts' },
            { name: 'Completed', type: 'string', jsonPath: '.status.conditions[?(@.type=="Completed")].status' },
            { name: 'Suspended', type: 'string', jsonPath: '.spec.suspend' },
            { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
          ],
        },
      ],
    });
  }
}
