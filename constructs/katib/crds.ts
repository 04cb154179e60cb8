import { Construct } from 'constructs';
import { Crd, PrinterColumn } from '../core/crd';
import { array, boolean, embedded, enumOf, integer, map, number, object, Schema, string } from '../core/schema';

// Katib v1beta1 API (experiments, suggestions, trials). Upstream ships these CRDs without a
// schema; ours is structural and covers every field of the Go types, with trial jobs and
// container templates (any Kubernetes object) kept as given.

const nameValue = () => array(object({ name: string(), value: string() }));
const time = () => string({ format: 'date-time' });
const names = () => array(string());

const algorithm = () => object({ algorithmName: string(), algorithmSettings: nameValue() });
const objective = () => object({
  type: enumOf(['minimize', 'maximize', '']),
  goal: number({ format: 'double' }),
  objectiveMetricName: string(),
  additionalMetricNames: names(),
  metricStrategies: array(object({ name: string(), value: enumOf(['min', 'max', 'latest']) })),
});
const parameter = () => object({
  name: string(),
  parameterType: enumOf(['unknown', 'double', 'int', 'discrete', 'categorical']),
  feasibleSpace: object({
    max: string(),
    min: string(),
    list: names(),
    step: string(),
    distribution: enumOf(['uniform', 'logUniform', 'normal', 'logNormal']),
  }),
});
const metricsCollector = () => object({
  source: object({
    // A core HTTPGetAction (Prometheus endpoint of the trial).
    httpGet: embedded(),
    fileSystemPath: object({ path: string(), kind: enumOf(['Directory', 'File']), format: enumOf(['TEXT', 'JSON']) }),
    filter: object({ metricsFormat: names() }),
  }),
  collector: object({
    kind: enumOf(['StdOut', 'File', 'TensorFlowEvent', 'PrometheusMetric', 'Custom', 'None']),
    // A whole core Container.
    customCollector: embedded(),
  }),
});
const earlyStoppingRules = () => array(object({ name: string(), value: string(), comparison: enumOf(['equal', 'less', 'greater']), startStep: integer() }));
const resumePolicy = () => enumOf(['Never', 'LongRunning', 'FromVolume']);
const trialSelection = {
  primaryPodLabels: map(),
  primaryContainerName: string(),
  successCondition: string(),
  failureCondition: string(),
};
const assignments = () => nameValue();
const observation = () => object({ metrics: array(object({ name: string(), min: string(), max: string(), latest: string() })) });
const conditions = () => array(object({
  type: string(),
  status: enumOf(['True', 'False', 'Unknown']),
  reason: string(),
  message: string(),
  lastUpdateTime: time(),
  lastTransitionTime: time(),
}, { required: ['type', 'status'] }));
const times = { startTime: time(), completionTime: time(), lastReconcileTime: time() };

const experimentSpec = object({
  parameters: array(parameter()),
  objective: objective(),
  algorithm: algorithm(),
  earlyStopping: algorithm(),
  trialTemplate: object({
    retain: boolean(),
    // The trial job: any Kubernetes object (Job, PyTorchJob, TrainJob...).
    trialSpec: embedded(),
    configMap: object({ configMapName: string(), configMapNamespace: string(), templatePath: string() }),
    trialParameters: array(object({ name: string(), description: string(), reference: string() })),
    ...trialSelection,
  }),
  parallelTrialCount: integer({ format: 'int32' }),
  maxTrialCount: integer({ format: 'int32' }),
  maxFailedTrialCount: integer({ format: 'int32' }),
  metricsCollectorSpec: metricsCollector(),
  nasConfig: object({
    graphConfig: object({ numLayers: integer({ format: 'int32' }), inputSizes: array(integer()), outputSizes: array(integer()) }),
    operations: array(object({ operationType: string(), parameters: array(parameter()) })),
  }),
  resumePolicy: resumePolicy(),
});
const trialLists = Object.fromEntries(
  ['running', 'pending', 'failed', 'succeeded', 'killed', 'earlyStopped', 'metricsUnavailable'].map((s) => [`${s}TrialList`, names()]),
);
const trialCounts = Object.fromEntries(
  ['trials', 'trialsSucceeded', 'trialsFailed', 'trialsKilled', 'trialsPending', 'trialsRunning', 'trialsEarlyStopped', 'trialMetricsUnavailable'].map((s) => [s, integer({ format: 'int32' })]),
);
const experimentStatus = object({
  ...times,
  conditions: conditions(),
  currentOptimalTrial: object({ bestTrialName: string(), parameterAssignments: assignments(), observation: observation() }),
  ...trialLists,
  ...trialCounts,
});

const suggestionSpec = object({ algorithm: algorithm(), earlyStopping: algorithm(), requests: integer({ format: 'int32' }), resumePolicy: resumePolicy() });
const suggestionStatus = object({
  algorithmSettings: nameValue(),
  suggestionCount: integer({ format: 'int32' }),
  suggestions: array(object({ name: string(), parameterAssignments: assignments(), earlyStoppingRules: earlyStoppingRules(), labels: map() })),
  ...times,
  conditions: conditions(),
});

const trialSpec = object({
  objective: objective(),
  parameterAssignments: assignments(),
  earlyStoppingRules: earlyStoppingRules(),
  // The rendered trial job: any Kubernetes object.
  runSpec: embedded(),
  retainRun: boolean(),
  metricsCollector: metricsCollector(),
  ...trialSelection,
  labels: map(),
});
const trialStatus = object({ ...times, conditions: conditions(), observation: observation() });

const col = (name: string, jsonPath: string, type: PrinterColumn['type'] = 'string'): PrinterColumn => ({ name, type, jsonPath });
const TYPE = col('Type', '.status.conditions[-1:].type');
const STATUS = col('Status', '.status.conditions[-1:].status');
const AGE = col('Age', '.metadata.creationTimestamp', 'date');

function katibCrd(scope: Construct, kind: string, spec: Schema, status: Schema, printerColumns: readonly PrinterColumn[]): Crd {
  return new Crd(scope, `${kind}Crd`, {
    group: 'kubeflow.org',
    kind,
    scope: 'Namespaced',
    categories: ['all', 'kubeflow', 'katib'],
    versions: [{ name: 'v1beta1', storage: true, spec, status, printerColumns }],
  });
}

/** Katib's CRDs: experiments, suggestions and trials. */
export function katibCrds(scope: Construct): Crd[] {
  return [
    katibCrd(scope, 'Experiment', experimentSpec, experimentStatus, [TYPE, STATUS, AGE]),
    katibCrd(scope, 'Suggestion', suggestionSpec, suggestionStatus, [TYPE, STATUS, col('Requested', '.spec.requests'), col('Assigned', '.status.suggestionCount'), AGE]),
    katibCrd(scope, 'Trial', trialSpec, trialStatus, [TYPE, STATUS, AGE]),
  ];
}
