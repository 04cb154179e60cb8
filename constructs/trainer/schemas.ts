import { array, boolean, conditions, embedded, enumOf, integer, map, object, Schema, string } from '../core/schema';

// Schema pieces the trainer and JobSet CRDs share. PodSpecs and Job templates stay
// free form (embedded); the fields controllers read are typed.

export const int32 = (extra: Parameters<typeof integer>[0] = {}) => integer({ format: 'int32', ...extra });
export const strings = (extra: Parameters<typeof array>[1] = {}) => array(string(), extra);
export const atomic = { 'x-kubernetes-list-type': 'atomic' } as const;
export const immutable = (message = 'Value is immutable') => ({ 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message }] });

/** A list of objects keyed by `name`, as Kubernetes list-map fields are. */
export function namedList(items: Schema, extra: Parameters<typeof array>[1] = {}): Schema {
  return array(items, { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], ...extra });
}

/** corev1.EnvVar with its deep `valueFrom` left free form. */
export function envList(): Schema {
  return namedList(object({ name: string(), value: string(), valueFrom: embedded() }, { required: ['name'] }));
}

/** metav1.ObjectMeta as object templates carry it. */
export function templateMeta(): Schema {
  return object({ annotations: map(), finalizers: strings(), labels: map(), name: string(), namespace: string() });
}

/** Status counters of child jobs, by replicated job name. */
export function jobCounts(min = false): Schema {
  const n = () => int32(min ? { minimum: 0 } : {});
  return namedList(
    object({ name: string(min ? { minLength: 1 } : {}), active: n(), failed: n(), ready: n(), succeeded: n(), suspended: n() }, {
      required: ['active', 'failed', 'name', 'ready', 'succeeded', 'suspended'],
    }),
  );
}

/** JobSet `spec` (jobset.x-k8s.io/v1alpha2); training runtimes embed it as their template. */
/** What a JobSet spec has beyond JobSet 0.10's. */
export interface JobSetSpecOptions {
  /** `volumeClaimPolicies`: shared PVCs the JobSet controller creates for its jobs (JobSet 0.11). */
  readonly volumeClaimPolicies?: boolean;
}

/** Shared claims of a JobSet: PVC templates (a deep upstream type) and what happens to them on delete. */
function volumeClaimPolicies(): Schema {
  return array(
    object({
      retentionPolicy: object({ whenDeleted: enumOf(['Delete', 'Retain'], { default: 'Delete' }) }),
      templates: array(embedded(), { maxItems: 50, 'x-kubernetes-list-type': 'atomic' }),
    }),
    { maxItems: 50, 'x-kubernetes-list-type': 'atomic' },
  );
}

export function jobSetSpec(opts: JobSetSpecOptions = {}): Schema {
  return object(
    {
      ...(opts.volumeClaimPolicies ? { volumeClaimPolicies: volumeClaimPolicies() } : {}),
      coordinator: object({ jobIndex: integer(), podIndex: integer(), replicatedJob: string() }, { required: ['replicatedJob'] }),
      failurePolicy: object(
        {
          maxRestarts: int32(),
          restartStrategy: enumOf(['Recreate', 'BlockingRecreate'], { default: 'Recreate' }),
          rules: array(
            object(
              {
                action: enumOf(['FailJobSet', 'RestartJobSet', 'RestartJobSetAndIgnoreMaxRestarts']),
                name: string(),
                onJobFailureMessagePatterns: strings(),
                onJobFailureReasons: strings(),
                targetReplicatedJobs: strings(atomic),
              },
              { required: ['action', 'name'] },
            ),
          ),
        },
        immutable(),
      ),
      managedBy: string(),
      network: object({ enableDNSHostnames: boolean(), publishNotReadyAddresses: boolean(), subdomain: string() }, immutable()),
      replicatedJobs: namedList(
        object(
          {
            dependsOn: namedList(object({ name: string(), status: enumOf(['Ready', 'Complete']) }, { required: ['name', 'status'] }), {
              maxItems: 5,
              ...immutable(),
            }),
            groupName: string({ default: 'default' }),
            name: string(),
            replicas: int32({ default: 1 }),
            // A batch/v1 JobTemplateSpec: a whole Job and its PodSpec.
            template: embedded(),
          },
          { required: ['name', 'template'] },
        ),
      ),
      startupPolicy: object({ startupPolicyOrder: enumOf(['AnyOrder', 'InOrder']) }, { required: ['startupPolicyOrder'], ...immutable() }),
      successPolicy: object({ operator: enumOf(['All', 'Any']), targetReplicatedJobs: strings(atomic) }, { required: ['operator'], ...immutable() }),
      suspend: boolean(),
      ttlSecondsAfterFinished: int32({ minimum: 0 }),
    },
    {
      'x-kubernetes-validations': [
        {
          rule: "!(has(self.startupPolicy) && self.startupPolicy.startupPolicyOrder == 'InOrder' && self.replicatedJobs.exists(x, has(x.dependsOn)))",
          message: 'StartupPolicy and DependsOn APIs are mutually exclusive',
        },
      ],
    },
  );
}

/** JobSet `status`. */
export function jobSetStatus(): Schema {
  return object({
    conditions: conditions(),
    replicatedJobsStatus: jobCounts(),
    restarts: int32(),
    restartsCountTowardsMax: int32(),
    terminalState: string(),
  });
}

