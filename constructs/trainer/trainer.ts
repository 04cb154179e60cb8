import { Construct } from 'constructs';
import { z } from 'zod';
import { ComponentContext, resolveContext } from '../core/context';
import { trainerOptions } from './config';
import { TrainerController } from './controller';
import { trainerCrds } from './crds';
import { JobSet } from './jobset';
import { ClusterTrainingRuntimes, RuntimeName } from './runtimes';
import { TrainerUserRoles } from './user-roles';

export interface TrainerProps extends ComponentContext {
  /** @default "kubeflow-system" */
  readonly namespace?: string;
  /** Cluster training runtimes to install. @default every one the release ships */
  readonly runtimes?: readonly RuntimeName[];
  /** `components.trainer.jobset` (docs/configuration.md); `external` emits no JobSet CRD, controller or image. */
  readonly jobset?: z.input<typeof trainerOptions.shape.jobset>;
}

/** Kubeflow Trainer v2: CRDs, controller, user roles, cluster training runtimes and JobSet. */
export class Trainer extends Construct {
  constructor(scope: Construct, id: string, props: TrainerProps = {}) {
    super(scope, id);
    const ctx = resolveContext(props);
    const namespace = props.namespace ?? 'kubeflow-system';
    // The schema fills in the defaults of the options the platform config has.
    const { jobset } = z.object(trainerOptions.shape).parse(props);
    const f = ctx.images.catalog.features;
    trainerCrds(this, { frameworkPolicies: f.trainerFrameworkPolicies, volumeClaimPolicies: f.trainerVolumeClaimPolicies });
    if (jobset === 'install') new JobSet(this, 'JobSet', { ...ctx, namespace });
    new TrainerController(this, 'Controller', { ...ctx, namespace });
    new TrainerUserRoles(this, 'UserRoles');
    new ClusterTrainingRuntimes(this, 'Runtimes', { images: ctx.images, namespace, runtimes: props.runtimes ?? ctx.images.catalog.features.trainerRuntimes });
  }
}
