import { z } from 'zod';
import { componentBase } from '../core/component-config';
import { webAppOptions } from '../core/component-config';

/** The volume browser users open from the web app; `VolumesWebApp` parses its `viewer` prop through it. */
export const viewerSchema = z
  .strictObject({
    /** Account the viewer pod runs as in the user's namespace. @default "default-editor" */
    serviceAccountName: z.string().min(1).default('default-editor'),
    /** Put the viewer on the node that mounts a ReadWriteOnce volume already. @default true */
    rwoScheduling: z.boolean().default(true),
    /** Gateway timeout of viewer requests. @default "30s" */
    timeout: z.string().regex(/^[0-9]+(ms|s|m|h)$/, { message: 'expected a duration such as 30s' }).default('30s'),
  })
  .prefault({});

/** Platform config of the volumes component (`components.volumes`). */
export const volumesConfig = z
  .strictObject({
    ...componentBase,
    /** The volumes web app. */
    webApp: z.strictObject({ ...webAppOptions }).prefault({}),
    /** The volume browser users open from the web app. */
    viewer: viewerSchema,
  })
  .prefault({});
