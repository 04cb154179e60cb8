import { stringify } from 'yaml';
import { ImageResolver } from '../core/images';

/** Trial kinds the controller may run, as `Kind.version.group`. */
export const DEFAULT_TRIAL_RESOURCES = [
  'TrainJob.v1alpha1.trainer.kubeflow.org',
  'Job.v1.batch',
  'TFJob.v1.kubeflow.org',
  'PyTorchJob.v1.kubeflow.org',
  'MPIJob.v1.kubeflow.org',
  'XGBoostJob.v1.kubeflow.org',
] as const;

interface RuntimeEntry {
  /** Catalog key of the image. */
  readonly image: string;
  /** @default no limit */
  readonly memoryLimit?: string;
}

/** Suggestion services by algorithm name; several algorithms share one image. */
export const SUGGESTIONS: Readonly<Record<string, RuntimeEntry & { sharedVolume?: string }>> = {
  random: { image: 'katib/suggestion-hyperopt' },
  tpe: { image: 'katib/suggestion-hyperopt' },
  grid: { image: 'katib/suggestion-optuna' },
  hyperband: { image: 'katib/suggestion-hyperband' },
  bayesianoptimization: { image: 'katib/suggestion-skopt' },
  cmaes: { image: 'katib/suggestion-goptuna' },
  sobol: { image: 'katib/suggestion-goptuna' },
  'multivariate-tpe': { image: 'katib/suggestion-optuna' },
  enas: { image: 'katib/suggestion-enas', memoryLimit: '400Mi' },
  darts: { image: 'katib/suggestion-darts' },
  // Population-based training keeps checkpoints every trial of the population can read.
  pbt: { image: 'katib/suggestion-pbt', sharedVolume: '5Gi' },
};

export const EARLY_STOPPINGS: Readonly<Record<string, RuntimeEntry>> = {
  medianstop: { image: 'katib/earlystopping-medianstop' },
};

export const METRICS_COLLECTORS: Readonly<Record<string, RuntimeEntry>> = {
  StdOut: { image: 'katib/file-metrics-collector' },
  File: { image: 'katib/file-metrics-collector' },
  TensorFlowEvent: { image: 'katib/tfevent-metrics-collector', memoryLimit: '1Gi' },
};

export interface KatibConfigOptions {
  /** @default 8443 */
  readonly webhookPort?: number;
  /** @default {@link DEFAULT_TRIAL_RESOURCES} */
  readonly trialResources?: readonly string[];
  /** Let replicas of the controller elect a leader (upstream leaves it off, with one replica). @default false */
  readonly leaderElection?: boolean;
}

const limits = (e: RuntimeEntry) => (e.memoryLimit ? { resources: { limits: { memory: e.memoryLimit } } } : {});

/** The `KatibConfig` document the controller reads: its webhook and every runtime image, mirrored. */
export function katibConfigDocument(images: ImageResolver, o: KatibConfigOptions = {}): Record<string, unknown> {
  return {
    apiVersion: 'config.kubeflow.org/v1beta1',
    kind: 'KatibConfig',
    init: { controller: { webhookPort: o.webhookPort ?? 8443, trialResources: [...(o.trialResources ?? DEFAULT_TRIAL_RESOURCES)], ...(o.leaderElection ? { enableLeaderElection: true } : {}) } },
    runtime: {
      metricsCollectors: Object.entries(METRICS_COLLECTORS).map(([kind, e]) => ({ kind, image: images.ref(e.image), ...limits(e) })),
      suggestions: Object.entries(SUGGESTIONS).map(([algorithmName, e]) => ({
        algorithmName,
        image: images.ref(e.image),
        ...limits(e),
        ...(e.sharedVolume
          ? { persistentVolumeClaimSpec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: e.sharedVolume } } } }
          : {}),
      })),
      earlyStoppings: Object.entries(EARLY_STOPPINGS).map(([algorithmName, e]) => ({ algorithmName, image: images.ref(e.image) })),
    },
  };
}

export function katibConfigYaml(images: ImageResolver, o: KatibConfigOptions = {}): string {
  return `---\n${stringify(katibConfigDocument(images, o), { lineWidth: 0 })}`;
}
