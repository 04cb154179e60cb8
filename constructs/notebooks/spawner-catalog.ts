// What the spawner form can offer: the catalog's notebook server images, the fields an admin
// can lock, the GPU vendors. The config schema and the form builder both read these.

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

export const DEFAULT_GPU_VENDORS: readonly GpuVendor[] = [
  { limitsKey: 'nvidia.com/gpu', uiName: 'NVIDIA' },
  { limitsKey: 'amd.com/gpu', uiName: 'AMD' },
  { limitsKey: 'habana.ai/gaudi', uiName: 'Intel Gaudi' },
];
