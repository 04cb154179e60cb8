import { z } from 'zod';
import { componentBase, webAppOptions } from '../core/component-config';

/** The `rwoPvcScheduling` field, shared with `TensorboardController`'s prop so the default is written once. */
export const rwoPvcSchedulingSchema = z.boolean().default(true);

/** Platform config of the tensorboards component (`components.tensorboards`). */
export const tensorboardsConfig = z
  .strictObject({
    ...componentBase,
    /** Run a TensorBoard on the node that mounts its ReadWriteOnce log volume already. @default true */
    rwoPvcScheduling: rwoPvcSchedulingSchema,
    /** The TensorBoards web app. */
    webApp: z.strictObject({ ...webAppOptions }).prefault({}),
  })
  .prefault({});
