import { z } from 'zod';
import { componentBase } from '../core/component-config';

/** Platform config of the pvcViewer component (`components.pvcViewer`). */
export const pvcViewerConfig = z
  .strictObject({
    ...componentBase,
    /** When the webhook is down: "Fail" rejects PVCViewer changes, "Ignore" lets them through unchecked. @default "Fail" */
    failurePolicy: z.enum(['Fail', 'Ignore']).default('Fail'),
  })
  .prefault({});
