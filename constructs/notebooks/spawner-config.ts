import { stringify } from 'yaml';
import { ImageResolver } from '../core/images';

/** Notebook server images of the catalog, by the kind of app they serve. */
export const JUPYTER_IMAGES = [
  'notebooks/jupyter-scipy',
  'notebooks/jupyter-pytorch-full',
  'notebooks/jupyter-pytorch-cuda-full',
  'notebooks/jupyter-pytorch-gaudi-full',
  'notebooks/jupyter-tensorflow-full',
  'notebooks/jupyter-tensorflow-cuda-full',
] as const;
export const VSCODE_IMAGES = ['notebooks/codeserver-python'] as const;
export const RSTUDIO_IMAGES = ['notebooks/rstudio-tidyverse'] as const;
export const NOTEBOOK_IMAGES = [...JUPYTER_IMAGES, ...VSCODE_IMAGES, ...RSTUDIO_IMAGES] as const;
export type NotebookImageKey = (typeof NOTEBOOK_IMAGES)[number];

/** Spawner form fields an admin can lock (`readOnly`), so users get the default only. */
export const LOCKABLE_FIELDS = ['imagePullPolicy', 'cpu', 'memory', 'gpus', 'workspaceVolume', 'dataVolumes', 'affinityConfig', 'tolerationGroup', 'shm', 'configurations'] as const;
export type LockableField = (typeof LOCKABLE_FIELDS)[number];

export interface GpuVendor {
  /** Extended resource the limit is set on, e.g. `nvidia.com/gpu`. */
  readonly limitsKey: string;
  readonly uiName: string;
}

export interface AffinityPreset {
  readonly configKey: string;
  readonly displayName: string;
  /** A Kubernetes `Affinity`, as JSON. */
  readonly affinity: Readonly<Record<string, unknown>>;
}

/** A core Toleration; unset fields take Kubernetes' defaults. */
export interface Toleration {
  readonly key?: string;
  readonly operator?: 'Equal' | 'Exists';
  readonly value?: string;
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  readonly tolerationSeconds?: number;
}

export interface TolerationPreset {
  readonly groupKey: string;
  readonly displayName: string;
  readonly tolerations: readonly Toleration[];
}

/** The Jupyter web app's spawner form: what users are offered and its defaults. */
export interface SpawnerOptions {
  /** Jupyter images offered; the first is the default. @default all Jupyter images of the catalog */
  readonly jupyterImages?: readonly NotebookImageKey[];
  /** VS Code images offered (served at `/`). @default ["notebooks/codeserver-python"] */
  readonly vscodeImages?: readonly NotebookImageKey[];
  /** RStudio images offered. @default ["notebooks/rstudio-tidyverse"] */
  readonly rstudioImages?: readonly NotebookImageKey[];
  /** Let users type an image of their own. @default true */
  readonly allowCustomImage?: boolean;
  /** Hide the registry part of image names in the form. @default true */
  readonly hideRegistry?: boolean;
  /** @default false */
  readonly hideTag?: boolean;
  /** @default "IfNotPresent" */
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /** Default CPU request. @default "0.5" */
  readonly cpu?: string;
  /** Limit = request x factor, or "none" for no limit. @default "1.2" */
  readonly cpuLimitFactor?: string;
  /** Default memory request. @default "1.0Gi" */
  readonly memory?: string;
  /** @default "1.2" */
  readonly memoryLimitFactor?: string;
  /** GPU vendors offered. @default NVIDIA, AMD and Intel Gaudi */
  readonly gpuVendors?: readonly GpuVendor[];
  /** `limitsKey` of the preselected vendor, or "" for none. @default "" */
  readonly defaultGpuVendor?: string;
  /** Storage class of new workspace volumes. @default the cluster's default class */
  readonly storageClass?: string;
  /** Size of new workspace volumes. @default "5Gi" */
  readonly workspaceVolumeSize?: string;
  /** Create a workspace volume by default. @default true */
  readonly workspaceVolume?: boolean;
  /** @default none */
  readonly affinityPresets?: readonly AffinityPreset[];
  /** `configKey` of the preselected preset. @default "" */
  readonly defaultAffinity?: string;
  /** @default none */
  readonly tolerationPresets?: readonly TolerationPreset[];
  /** `groupKey` of the preselected preset. @default "" */
  readonly defaultTolerationGroup?: string;
  /** Mount a memory-backed /dev/shm by default. @default true */
  readonly sharedMemory?: boolean;
  /** PodDefaults selected by default. @default none */
  readonly podDefaults?: readonly string[];
  /** Fields users cannot change. @default none */
  readonly locked?: readonly LockableField[];
}

export const DEFAULT_GPU_VENDORS: readonly GpuVendor[] = [
  { limitsKey: 'nvidia.com/gpu', uiName: 'NVIDIA' },
  { limitsKey: 'amd.com/gpu', uiName: 'AMD' },
  { limitsKey: 'habana.ai/gaudi', uiName: 'Intel Gaudi' },
];

/** The document the Jupyter web app reads from `spawner_ui_config.yaml`. */
export interface SpawnerUiConfig {
  readonly spawnerFormDefaults: Readonly<Record<string, unknown>>;
}

function imageGroup(keys: readonly NotebookImageKey[], images: ImageResolver, what: string) {
  if (!keys.length) throw new Error(`spawner: the ${what} image list is empty; offer at least one image`);
  // Releases without the Gaudi image (Notebooks v1.11.0) leave it out of the form.
  const shipped = images.catalog.features.jupyterGaudiImage ? keys : keys.filter((k) => k !== 'notebooks/jupyter-pytorch-gaudi-full');
  if (!shipped.length) throw new Error(`spawner: release ${images.catalog.release} has no ${keys.join(', ')}; offer another ${what} image`);
  const options = shipped.map((k) => images.ref(k));
  return { value: options[0], options };
}

/** Builds the spawner configuration from typed options; images resolve through the mirror. */
export function spawnerUiConfig(o: SpawnerOptions, images: ImageResolver): SpawnerUiConfig {
  const locked = new Set(o.locked ?? []);
  const field = (name: LockableField, body: Record<string, unknown>) => ({ readOnly: locked.has(name), ...body });
  const pvcSpec = {
    ...(o.storageClass ? { storageClassName: o.storageClass } : {}),
    resources: { requests: { storage: o.workspaceVolumeSize ?? '5Gi' } },
    accessModes: ['ReadWriteOnce'],
  };
  return {
    spawnerFormDefaults: {
      allowCustomImage: o.allowCustomImage ?? true,
      hideRegistry: o.hideRegistry ?? true,
      hideTag: o.hideTag ?? false,
      imagePullPolicy: field('imagePullPolicy', { value: o.imagePullPolicy ?? 'IfNotPresent' }),
      image: imageGroup(o.jupyterImages ?? JUPYTER_IMAGES, images, 'Jupyter'),
      imageGroupOne: imageGroup(o.vscodeImages ?? VSCODE_IMAGES, images, 'VS Code'),
      imageGroupTwo: imageGroup(o.rstudioImages ?? RSTUDIO_IMAGES, images, 'RStudio'),
      cpu: field('cpu', { value: o.cpu ?? '0.5', limitFactor: o.cpuLimitFactor ?? '1.2' }),
      memory: field('memory', { value: o.memory ?? '1.0Gi', limitFactor: o.memoryLimitFactor ?? '1.2' }),
      gpus: field('gpus', {
        value: { vendor: o.defaultGpuVendor ?? '', vendors: (o.gpuVendors ?? DEFAULT_GPU_VENDORS).map((v) => ({ ...v })), num: 'none' },
      }),
      workspaceVolume: field('workspaceVolume', {
        value: (o.workspaceVolume ?? true) ? { mount: '/home/jovyan', newPvc: { metadata: { name: '{notebook-name}-workspace' }, spec: pvcSpec } } : null,
      }),
      dataVolumes: field('dataVolumes', { value: [] }),
      affinityConfig: field('affinityConfig', { value: o.defaultAffinity ?? '', options: (o.affinityPresets ?? []).map((a) => ({ ...a })) }),
      tolerationGroup: field('tolerationGroup', {
        value: o.defaultTolerationGroup ?? '',
        options: (o.tolerationPresets ?? []).map((t) => ({ ...t, tolerations: t.tolerations.map((x) => ({ ...x })) })),
      }),
      shm: field('shm', { value: o.sharedMemory ?? true }),
      configurations: field('configurations', { value: [...(o.podDefaults ?? [])] }),
      environment: { readOnly: false, value: {} },
    },
  };
}

/** The spawner configuration as the YAML file the web app mounts. */
export function spawnerUiConfigYaml(o: SpawnerOptions, images: ImageResolver): string {
  const header = '# Generated by kubeflow-iac from the notebooks component options; edit those, not this file.\n';
  return header + stringify(spawnerUiConfig(o, images), { lineWidth: 0 });
}
