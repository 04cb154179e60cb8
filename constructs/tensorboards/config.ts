import { z } from 'zod';
import { componentBase } from '../core/component-config';
import { webAppOptions } from '../core/component-config';

/** Platform config of the tensorboards component (`components.tensorboards`). */
export const tensorboardsConfig = z
  .strictObject({
    ...componentBase,
    /** Run a TensorBoard on the node that mounts its ReadWriteOnce log volume already. @default true */
    rwoPvcScheduling: z.boolean().default(true),
    /** The TensorBoards web app. */
    webApp: z.strictObject({ ...webAppOptions }).prefault({}),
  })
  .prefault({});
