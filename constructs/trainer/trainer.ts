import { Construct } from 'constructs';
import { ComponentContext, resolveContext } from '../core/context';
import { TrainerController } from './controller';
import { TrainerCrds } from './crds';
import { JobSet } from './jobset';
import { ClusterTrainingRuntimes, RuntimeName } from './runtimes';
import { TrainerUserRoles } from './user-roles';

export interface TrainerProps extends ComponentContext {
  /** @default "kubeflow-system" */
  readonly namespace?: string;
  /** Cluster training runtimes to install. @default every one the release ships */
  readonly runtimes?: readonly RuntimeName[];
  /**
   * Install JobSet, or rely on one the cluster already runs (then no JobSet CRD,
   * controller or image is emitted). @default "install"
   */
  readonly jobset?: 'install' | 'external';
}

/** Kubeflow Trainer v2: CRDs, controller, user roles, cluster training runtimes and JobSet. */
export class Trainer extends Construct {
  constructor(scope: Construct, id: string, props: TrainerProps = {}) {
    super(scope, id);
    const ctx = resolveContext(props);
    const namespace = props.namespace ?? 'kubeflow-system';
    const f = ctx.images.catalog.features;
    new TrainerCrds(this, 'Crds', { frameworkPolicies: f.trainerFrameworkPolicies, volumeClaimPolicies: f.trainerVolumeClaimPolicies });
    if ((props.jobset ?? 'install') === 'install') new JobSet(this, 'JobSet', { ...ctx, namespace });
    new TrainerController(this, 'Controller', { ...ctx, namespace });
    new TrainerUserRoles(this, 'UserRoles');
    new ClusterTrainingRuntimes(this, 'Runtimes', { images: ctx.images, namespace, runtimes: props.runtimes ?? ctx.images.catalog.features.trainerRuntimes });
  }
}
