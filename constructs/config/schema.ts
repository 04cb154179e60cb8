import { z } from 'zod';
import { RELEASES, DEFAULT_RELEASE } from '../catalog/types';
import { certManagerConfig } from '../cert-manager/config';
import { checkIstioVersion, istioConfig } from '../istio/config';
import { authConfig } from '../auth/config';
import { dashboardConfig } from '../dashboard/config';
import { profilesConfig } from '../profiles/config';
import { pipelinesConfig } from '../pipelines/config';
import { knativeConfig } from '../knative/config';
import { kserveConfig } from '../kserve/config';
import { katibConfig } from '../katib/config';
import { notebooksConfig } from '../notebooks/config';
import { tensorboardsConfig } from '../tensorboards/config';
import { volumesConfig } from '../volumes/config';
import { pvcViewerConfig } from '../pvc-viewer/config';
import { trainerConfig } from '../trainer/config';
import { sparkConfig } from '../spark/config';
import { checkHubRelease, hubConfig } from '../hub/config';
import { registryProblem } from './registry';
import { overridesSchema, patchEntry, placementSchema } from '../overrides/schema';

export const PLATFORMS = ['generic', 'kind', 'eks', 'gke'] as const;
export const SIZINGS = ['small', 'default', 'large'] as const;

export const componentsSchema = z.strictObject({
  certManager: certManagerConfig,
  istio: istioConfig,
  auth: authConfig,
  dashboard: dashboardConfig,
  profiles: profilesConfig,
  pipelines: pipelinesConfig,
  knative: knativeConfig,
  kserve: kserveConfig,
  katib: katibConfig,
  notebooks: notebooksConfig,
  tensorboards: tensorboardsConfig,
  volumes: volumesConfig,
  pvcViewer: pvcViewerConfig,
  trainer: trainerConfig,
  spark: sparkConfig,
  hub: hubConfig,
});

export const platformConfigSchema = z.strictObject({
  /** Kubeflow release to install. */
  release: z.enum(RELEASES).default(DEFAULT_RELEASE),
  /** Mirror prefix every image is rewritten to, `HOST[:PORT][/PATH]`. @default none */
  registry: z
    .string()
    .superRefine((v, ctx) => {
      const why = registryProblem(v);
      if (why) ctx.addIssue({ code: 'custom', input: v, message: why });
    })
    .optional(),
  /** Platform layer: service types, storage, CNI paths. @default "generic" */
  platform: z.enum(PLATFORMS).default('generic'),
  /** Resource requests and replicas preset. @default "default" */
  sizing: z.enum(SIZINGS).default('default'),
  components: componentsSchema.prefault({}),
  /**
   * Where the platform's own pods run: node selector, tolerations, priority class, for every
   * pod template of its workloads (see docs/configuration-overrides.md). @default none
   */
  placement: placementSchema.optional(),
  /** Per component (by its key under `components`) and per workload: replicas, resources, placement, labels. @default none */
  overrides: overridesSchema(Object.keys(componentsSchema.shape) as (keyof typeof componentsSchema.shape)[]).optional(),
  /**
   * Last resort for what no option covers: JSON, merge or strategic merge patches on the
   * platform's objects by kind and name, applied after synthesis in the order given; a target
   * that does not exist is an error. @default none
   */
  patches: z.array(patchEntry).optional(),
}).superRefine(checkIstioVersion).superRefine(checkHubRelease);

/** The config as users write it (everything optional). */
export type PlatformConfigInput = z.input<typeof platformConfigSchema>;
/** The config with every default filled in. */
export type PlatformConfig = z.output<typeof platformConfigSchema>;
export type Components = PlatformConfig['components'];
export type ComponentKey = keyof Components;
/** The kind of cluster the platform runs on: the config's `platform` field (named so before this type). */
export type ClusterKind = PlatformConfig['platform'];
/** @deprecated the old name of `ClusterKind`. */
export type PlatformName = ClusterKind;
export type SizingName = PlatformConfig['sizing'];
export const COMPONENT_KEYS = Object.keys(componentsSchema.shape) as ComponentKey[];
