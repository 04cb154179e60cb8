import { z } from 'zod';
import { componentBase, webAppOptions } from '../core/component-config';
import { toleration } from '../core/toleration';
import { DEFAULT_GPU_VENDORS, JUPYTER_IMAGES, LOCKABLE_FIELDS, NOTEBOOK_IMAGES, RSTUDIO_IMAGES, VSCODE_IMAGES } from './spawner-catalog';

const quantity = z.string().regex(/^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/, { message: 'expected a Kubernetes quantity such as 500m, 0.5 or 5Gi' });
const factor = z.string().regex(/^([0-9]+(\.[0-9]+)?|none)$/, { message: 'expected a number such as "1.2", or "none"' });

const imageList = (defaults: readonly (typeof NOTEBOOK_IMAGES)[number][]) => z.array(z.enum(NOTEBOOK_IMAGES)).min(1).default([...defaults]);

/** The Jupyter spawner form (`components.notebooks.spawner`); `JupyterWebApp` parses its `spawner` prop through it. */
export const spawnerSchema = z
  .strictObject({
    /** Jupyter images offered, as catalog keys; the first is preselected. @default every Jupyter image of the catalog */
    jupyterImages: imageList(JUPYTER_IMAGES),
    /** VS Code images offered. @default ["notebooks/codeserver-python"] */
    vscodeImages: imageList(VSCODE_IMAGES),
    /** RStudio images offered. @default ["notebooks/rstudio-tidyverse"] */
    rstudioImages: imageList(RSTUDIO_IMAGES),
    /** Let users type an image of their own. @default true */
    allowCustomImage: z.boolean().default(true),
    /** Hide registries in image names. @default true */
    hideRegistry: z.boolean().default(true),
    /** @default false */
    hideTag: z.boolean().default(false),
    /** @default "IfNotPresent" */
    imagePullPolicy: z.enum(['Always', 'IfNotPresent', 'Never']).default('IfNotPresent'),
    /** Default CPU request. @default "0.5" */
    cpu: quantity.default('0.5'),
    /** CPU limit as a multiple of the request, or "none". @default "1.2" */
    cpuLimitFactor: factor.default('1.2'),
    /** Default memory request. @default "1.0Gi" */
    memory: quantity.default('1.0Gi'),
    /** @default "1.2" */
    memoryLimitFactor: factor.default('1.2'),
    /** GPU vendors offered. @default NVIDIA, AMD, Intel Gaudi */
    gpuVendors: z.array(z.strictObject({ limitsKey: z.string().min(1), uiName: z.string().min(1) })).default(() => DEFAULT_GPU_VENDORS.map((v) => ({ ...v }))),
    /** `limitsKey` of the preselected vendor, "" for none. @default "" */
    defaultGpuVendor: z.string().default(''),
    /** Storage class of new workspace volumes. @default the cluster's default class */
    storageClass: z.string().min(1).optional(),
    /** Size of new workspace volumes. @default "5Gi" */
    workspaceVolumeSize: quantity.default('5Gi'),
    /** Node affinity presets users can pick. @default none */
    affinityPresets: z.array(z.strictObject({ configKey: z.string().min(1), displayName: z.string().min(1), affinity: z.record(z.string(), z.unknown()) })).default([]),
    /** `configKey` of the preselected affinity preset. @default "" */
    defaultAffinity: z.string().default(''),
    /** Toleration presets users can pick. @default none */
    tolerationPresets: z.array(z.strictObject({ groupKey: z.string().min(1), displayName: z.string().min(1), tolerations: z.array(toleration).min(1) })).default([]),
    /** `groupKey` of the preselected toleration preset. @default "" */
    defaultTolerationGroup: z.string().default(''),
    /** Memory-backed /dev/shm by default. @default true */
    sharedMemory: z.boolean().default(true),
    /** PodDefaults selected by default. @default none */
    podDefaults: z.array(z.string().min(1)).default([]),
    /** Form fields users cannot change. @default none */
    locked: z.array(z.enum(LOCKABLE_FIELDS)).default([]),
  })
  .superRefine((s, ctx) => {
    if (s.defaultGpuVendor && !s.gpuVendors.some((v) => v.limitsKey === s.defaultGpuVendor)) {
      ctx.addIssue({ code: 'custom', path: ['defaultGpuVendor'], input: s.defaultGpuVendor, message: `no GPU vendor has limitsKey '${s.defaultGpuVendor}'` });
    }
    if (s.defaultAffinity && !s.affinityPresets.some((a) => a.configKey === s.defaultAffinity)) {
      ctx.addIssue({ code: 'custom', path: ['defaultAffinity'], input: s.defaultAffinity, message: `no affinity preset has configKey '${s.defaultAffinity}'` });
    }
    if (s.defaultTolerationGroup && !s.tolerationPresets.some((t) => t.groupKey === s.defaultTolerationGroup)) {
      ctx.addIssue({ code: 'custom', path: ['defaultTolerationGroup'], input: s.defaultTolerationGroup, message: `no toleration preset has groupKey '${s.defaultTolerationGroup}'` });
    }
  })
  .prefault({});

/** Stopping idle notebook servers (scaling their StatefulSet to zero); `NotebookController` parses its `culling` prop through it. */
export const cullingSchema = z
  .strictObject({
    /** @default false */
    enabled: z.boolean().default(false),
    /** Minutes without kernel activity before a server is stopped. @default 1440 */
    idleMinutes: z.number().int().min(1).default(1440),
    /** Minutes between idleness checks. @default 1 */
    checkPeriodMinutes: z.number().int().min(1).default(1),
  })
  .prefault({});

/** Platform config of the notebooks component (`components.notebooks`). */
export const notebooksConfig = z
  .strictObject({
    ...componentBase,
    /** Stopping idle notebook servers. */
    culling: cullingSchema,
    /** The Jupyter web app. */
    webApp: z.strictObject({ ...webAppOptions }).prefault({}),
    /** The notebook spawner form. */
    spawner: spawnerSchema,
  })
  .prefault({});
export type NotebooksConfig = z.output<typeof notebooksConfig>;
