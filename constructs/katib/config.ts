import { z } from 'zod';
import { componentBase } from '../core/component-config';
import { databaseSchema, volumeSchema } from '../pipelines/config';
import { DEFAULT_TRIAL_RESOURCES } from './katib-config';

// Katib takes the database shape pipelines defines; only the in-cluster volume is smaller
// by default, as upstream's (a PVC cannot shrink, so an adopted install keeps 10Gi).
const [inCluster, external] = databaseSchema.unwrap().options;
/** Katib's own MySQL on a PVC in its namespace. */
export const katibInClusterDatabase = inCluster.extend({
  /** Size of the PVC; it can grow later when the class allows expansion, never shrink. @default "10Gi" */
  size: volumeSchema.size.unwrap().default('10Gi'),
});
/** An existing MySQL-compatible server. */
export const katibExternalDatabase = external;
const katibDatabase = z.discriminatedUnion('kind', [katibInClusterDatabase, katibExternalDatabase]).prefault({ kind: 'in-cluster' });

/** The options of `components.katib` the Katib construct takes (its props are derived from them). */
export const katibOptions = z.strictObject({
    /** Where trial metrics are kept: Katib's own MySQL (10Gi by default) or an existing server. @default { kind: "in-cluster" } */
    database: katibDatabase,
    /** Trial kinds the controller may run, as `Kind.version.group`. @default Job, TrainJob and the training-operator jobs */
    trialResources: z
      .array(z.string().regex(/^[A-Za-z0-9]+\.[a-z0-9]+\.[a-z0-9.-]+$/, { message: 'expected Kind.version.group, e.g. Job.v1.batch' }))
      .min(1)
      .default([...DEFAULT_TRIAL_RESOURCES]),
});

/** Platform config of the katib component (`components.katib`). */
export const katibConfig = z.strictObject({ ...componentBase, ...katibOptions.shape }).prefault({});
export type KatibConfig = z.output<typeof katibConfig>;
