import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { UserInput } from '../core/user-input';

/** A hyperparameter and the space it is searched in. */
export type ExperimentParameter =
  | { readonly name: string; readonly type: 'int' | 'double'; readonly min: string; readonly max: string; readonly step?: string; readonly distribution?: 'uniform' | 'logUniform' | 'normal' | 'logNormal' }
  | { readonly name: string; readonly type: 'categorical' | 'discrete'; readonly list: readonly string[] };

export interface TrialParameter {
  /** Name used in the template as `${trialParameters.NAME}`. */
  readonly name: string;
  /** The experiment parameter it takes its value from. */
  readonly reference: string;
  /** Shown in the UI. @default none */
  readonly description?: string;
}

export interface ExperimentProps {
  readonly name: string;
  /** A profile namespace. */
  readonly namespace: string;
  readonly objective: {
    readonly type: 'minimize' | 'maximize';
    readonly metric: string;
    /** Stop when reached. @default run until maxTrialCount */
    readonly goal?: number;
    /** Other metrics to collect. @default none */
    readonly additionalMetrics?: readonly string[];
  };
  /** Suggestion algorithm (`random`, `tpe`, `bayesianoptimization`, ...) and its settings. */
  readonly algorithm: { readonly name: string; readonly settings?: Readonly<Record<string, string>> };
  /** @default none */
  readonly earlyStopping?: { readonly name: string; readonly settings?: Readonly<Record<string, string>> };
  readonly parameters: readonly ExperimentParameter[];
  readonly trialTemplate: {
    /** The trial job (Job, PyTorchJob, TrainJob, ...) as a Kubernetes object; or a template in a ConfigMap. */
    readonly source: { readonly trialSpec: Readonly<Record<string, unknown>> } | { readonly configMap: { readonly name: string; readonly namespace?: string; readonly path: string } };
    readonly parameters: readonly TrialParameter[];
    /** @default Katib's default for the kind */
    readonly primaryContainerName?: string;
    /** GJSON condition on the trial job's status. @default Katib's default for the kind */
    readonly successCondition?: string;
    /** @default Katib's default for the kind */
    readonly failureCondition?: string;
    /** Keep finished trial jobs. @default false */
    readonly retain?: boolean;
  };
  /** @default 3 */
  readonly parallelTrialCount?: number;
  /** @default Katib's default */
  readonly maxTrialCount?: number;
  /** @default Katib's default */
  readonly maxFailedTrialCount?: number;
  /** How metrics are read from trials. @default StdOut */
  readonly metricsCollector?: { readonly kind: 'StdOut' | 'File' | 'TensorFlowEvent' | 'PrometheusMetric' | 'Custom' | 'None'; readonly path?: string; readonly format?: 'TEXT' | 'JSON' };
  /** @default "Never" */
  readonly resumePolicy?: 'Never' | 'LongRunning' | 'FromVolume';
}

const settings = (s?: Readonly<Record<string, string>>) => (s ? Object.entries(s).map(([name, value]) => ({ name, value })) : undefined);

/** A Katib Experiment (`kubeflow.org/v1beta1`). */
export class Experiment extends Construct {
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: ExperimentProps) {
    super(scope, id);
    const input = new UserInput(this, 'Experiment');
    input.dnsLabel('name', props.name);
    input.tenant('namespace', props.namespace);
    const names = new Set(props.parameters.map((p) => p.name));
    for (const t of props.trialTemplate.parameters) {
      if (!names.has(t.reference)) throw new Error(`Experiment ${props.name}: trial parameter '${t.name}' references '${t.reference}', which is not a parameter`);
    }
    const t = props.trialTemplate;
    const mc = props.metricsCollector;
    const path = mc?.path;
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'kubeflow.org/v1beta1',
      kind: 'Experiment',
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        objective: {
          type: props.objective.type,
          goal: props.objective.goal,
          objectiveMetricName: props.objective.metric,
          additionalMetricNames: props.objective.additionalMetrics ? [...props.objective.additionalMetrics] : undefined,
        },
        algorithm: { algorithmName: props.algorithm.name, algorithmSettings: settings(props.algorithm.settings) },
        earlyStopping: props.earlyStopping ? { algorithmName: props.earlyStopping.name, algorithmSettings: settings(props.earlyStopping.settings) } : undefined,
        parallelTrialCount: props.parallelTrialCount ?? 3,
        maxTrialCount: props.maxTrialCount,
        maxFailedTrialCount: props.maxFailedTrialCount,
        resumePolicy: props.resumePolicy,
        metricsCollectorSpec: mc
          ? {
            collector: { kind: mc.kind },
            ...(path ? { source: { fileSystemPath: { path, kind: mc.kind === 'TensorFlowEvent' ? 'Directory' : 'File', ...(mc.format ? { format: mc.format } : {}) } } } : {}),
          }
          : undefined,
        parameters: props.parameters.map((p) => ({
          name: p.name,
          parameterType: p.type,
          feasibleSpace: 'list' in p ? { list: [...p.list] } : { min: p.min, max: p.max, step: p.step, distribution: p.distribution },
        })),
        trialTemplate: {
          retain: t.retain,
          primaryContainerName: t.primaryContainerName,
          successCondition: t.successCondition,
          failureCondition: t.failureCondition,
          trialParameters: t.parameters.map((x) => ({ ...x })),
          ...('trialSpec' in t.source
            ? { trialSpec: t.source.trialSpec }
            : { configMap: { configMapName: t.source.configMap.name, configMapNamespace: t.source.configMap.namespace, templatePath: t.source.configMap.path } }),
        },
      },
    });
  }
}
