import { Construct } from 'constructs';
import { Crd } from '../../core/crd';
import { array, boolean, embedded, enumOf, integer, object, Schema, string } from '../../core/schema';

const schedule = (fields: Record<string, Schema>): Schema =>
  object({ startTime: string({ format: 'date-time' }), endTime: string({ format: 'date-time' }), ...fields });

// Upstream ships both kinds free-form; the fields below are the ones the API server writes and
// the controllers read, and unknown fields are kept so newer API servers still round-trip.
const scheduledWorkflowSpec: Schema = {
  ...object({
    enabled: boolean(),
    maxConcurrency: integer({ format: 'int64' }),
    maxHistory: integer({ format: 'int64' }),
    noCatchup: boolean(),
    serviceAccount: string(),
    pipelineId: string(),
    pipelineName: string(),
    pipelineVersionId: string(),
    experimentId: string(),
    trigger: object({
      cronSchedule: schedule({ cron: string() }),
      periodicSchedule: schedule({ intervalSecond: integer({ format: 'int64' }) }),
    }),
    workflow: object({
      parameters: array(object({ name: string(), value: string() }, { required: ['name'] })),
      // The whole compiled Argo WorkflowSpec (or a v2 pipeline spec).
      spec: embedded(),
    }),
  }),
  'x-kubernetes-preserve-unknown-fields': true,
};

const scheduledWorkflowStatus: Schema = {
  ...object({
    // KFP's own condition type (with lastProbeTime, zero times written as null), kept whole.
    conditions: array(embedded()),
    trigger: embedded(),
    workflowHistory: embedded(),
  }),
  'x-kubernetes-preserve-unknown-fields': true,
};

const viewerSpec: Schema = {
  ...object({
    type: enumOf(['tensorboard']),
    tensorboardSpec: object({ logDir: string(), tensorflowImage: string() }),
    // A whole PodTemplateSpec the controller runs the viewer with.
    podTemplateSpec: embedded(),
  }),
  'x-kubernetes-preserve-unknown-fields': true,
};

/** KFP's own CRDs: ScheduledWorkflow (recurring runs) and Viewer (TensorBoard viewers). */
export function kfpCrds(scope: Construct, labels: Readonly<Record<string, string>>): Crd[] {
  return [
    new Crd(scope, 'Crd-ScheduledWorkflow', {
      group: 'kubeflow.org',
      kind: 'ScheduledWorkflow',
      shortNames: ['swf'],
      scope: 'Namespaced',
      labels,
      versions: [{ name: 'v1beta1', storage: true, spec: scheduledWorkflowSpec, status: scheduledWorkflowStatus, subresources: {} }],
    }),
    new Crd(scope, 'Crd-Viewer', {
      group: 'kubeflow.org',
      kind: 'Viewer',
      shortNames: ['vi'],
      scope: 'Namespaced',
      labels,
      versions: [{ name: 'v1beta1', storage: true, spec: viewerSpec }],
    }),
  ];
}
