import { z } from 'zod';
import { componentBase } from '../core/component-config';
import { databaseSchema, volumeSchema } from '../pipelines/config';
import { DEFAULT_TRIAL_RESOURCES } from './katib-config';

// Katib takes the database shape pipelines defines; only the in-cluster volume is smaller
// by default, as upstream's (a PVC cannot shrink, so an adopted install keeps 10Gi).
const [inCluster, external] = databaseSchema.unwrap().options;
const katibDatabase = z
  .discriminatedUnion('kind', [inCluster.extend({ size: volumeSchema.size.unwrap().default('10Gi') }), external])
  .prefault({ kind: 'in-cluster' });

/** Platform config of the katib component (`components.katib`). */
export const katibConfig = z
  .strictObject({
    ...componentBase,
    /** Where trial metrics are kept: Katib's own MySQL (10Gi by default) or an existing server. @default { kind: "in-cluster" } */
    database: katibDatabase,
    /** Trial kinds the controller may run, as `Kind.version.group`. @default Job, TrainJob and the training-operator jobs */
    trialResources: z
      .array(z.string().regex(/^[A-Za-z0-9]+\.[a-z0-9]+\.[a-z0-9.-]+$/, { message: 'expected Kind.version.group, e.g. Job.v1.batch' }))
      .min(1)
      .default([...DEFAULT_TRIAL_RESOURCES]),
  })
  .prefault({});
export type KatibConfig = z.output<typeof katibConfig>;
