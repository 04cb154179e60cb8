import { z } from 'zod';
import { componentBase } from '../core/component-config';

/** The `failurePolicy` field, shared with `PvcViewer`'s prop so the default is written once. */
export const failurePolicySchema = z.enum(['Fail', 'Ignore']).default('Fail');

/** Platform config of the pvcViewer component (`components.pvcViewer`). */
export const pvcViewerConfig = z
  .strictObject({
    ...componentBase,
    /** When the webhook is down: "Fail" rejects PVCViewer changes, "Ignore" lets them through unchecked. @default "Fail" */
    failurePolicy: failurePolicySchema,
  })
  .prefault({});
