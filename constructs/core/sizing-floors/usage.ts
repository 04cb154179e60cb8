import { PublishedUsage } from './types';

const TRAINING_OPERATOR: PublishedUsage = {
  row: 'Training Operator', cpuMillicores: 3, memoryMi: 25, components: [],
  notShipped: 'the Training Operator (v1) is replaced by Trainer (v2); we do not ship it',
};

/** Rows that are the same in 26.03 and 26.03.1. */
const COMMON: readonly PublishedUsage[] = [
  TRAINING_OPERATOR,
  { row: 'Trainer', cpuMillicores: 8, memoryMi: 143, components: ['trainer'] },
  { row: 'Katib', cpuMillicores: 13, memoryMi: 476, pvcGB: 10, components: ['katib'] },
  { row: 'KServe', cpuMillicores: 600, memoryMi: 1200, components: ['kserve'] },
  { row: 'KServe Models Web App', cpuMillicores: 6, memoryMi: 259, components: ['kserve'] },
  { row: 'Kubeflow Pipelines', cpuMillicores: 970, memoryMi: 3552, pvcGB: 35, components: ['pipelines'] },
  { row: 'Spark Operator', cpuMillicores: 9, memoryMi: 41, components: ['spark'] },
  { row: 'Istio', cpuMillicores: 750, memoryMi: 2364, components: ['istio'] },
  { row: 'Knative', cpuMillicores: 1450, memoryMi: 1038, components: ['knative'] },
  { row: 'Cert Manager', cpuMillicores: 3, memoryMi: 128, components: ['certManager'] },
  { row: 'Dex', cpuMillicores: 3, memoryMi: 27, components: ['auth'] },
  { row: 'OAuth2-Proxy', cpuMillicores: 3, memoryMi: 27, components: ['auth'] },
];

const MODEL_REGISTRY = { row: 'Model Registry', cpuMillicores: 510, memoryMi: 2112, pvcGB: 20 } as const;

/**
 * Upstream's per-component usage table as published for 26.03 (total 4380m, 12341Mi, 65GB).
 * v1.11.0 is held to it too, less what that release does not run (`USAGE_1_11_0`).
 */
export const USAGE_26_03: readonly PublishedUsage[] = [
  ...COMMON,
  { row: 'Notebook Controller', cpuMillicores: 5, memoryMi: 93, components: ['notebooks'] },
  { row: 'Jupyter Web App', cpuMillicores: 4, memoryMi: 231, components: ['notebooks'] },
  { row: 'PVC Viewer Controller', cpuMillicores: 15, memoryMi: 128, components: ['pvcViewer'] },
  { row: 'Tensorboard Controller', cpuMillicores: 15, memoryMi: 128, components: ['tensorboards'] },
  { row: 'Volumes Web App', cpuMillicores: 4, memoryMi: 226, components: ['volumes'] },
  { row: 'Central Dashboard', cpuMillicores: 2, memoryMi: 159, components: ['dashboard'] },
  { row: 'Profiles + KFAM', cpuMillicores: 7, memoryMi: 129, components: ['profiles'] },
  { row: 'PodDefaults Webhook', cpuMillicores: 1, memoryMi: 14, components: ['profiles'] },
  { ...MODEL_REGISTRY, components: [], notShipped: 'we ship Kubeflow Hub (the model registry) from 26.03.1 on' },
];

/**
 * For v1.11.0, whose release shipped no such table: 26.03's, less what v1.11.0 does not run.
 */
export const USAGE_1_11_0: readonly PublishedUsage[] = USAGE_26_03.map((r) => r.row !== 'KServe' ? r : {
  ...r, cpuMillicores: r.cpuMillicores - 100, memoryMi: r.memoryMi - 300,
  adjustedWhy: "26.03's KServe row counts the LLM inference service controller (it requests 100m and 300Mi), which v1.11.0 does not ship",
});

/**
 * The same table as published for 26.03.1, which merges the notebook rows (controller, web
 * apps, PVC viewer, TensorBoard: 43m, 806Mi) and the dashboard rows (dashboard, profiles and
 * KFAM, PodDefaults: 10m, 302Mi).
 */
export const USAGE_26_03_1: readonly PublishedUsage[] = [
  ...COMMON,
  { row: 'Notebooks', cpuMillicores: 43, memoryMi: 806, components: ['notebooks', 'pvcViewer', 'tensorboards', 'volumes'] },
  { row: 'Dashboard', cpuMillicores: 10, memoryMi: 302, components: ['dashboard', 'profiles'] },
  {
    ...MODEL_REGISTRY, components: ['hub'],
    pvcBelowWhy: "upstream's own manifests claim 15Gi (model catalog 5Gi, the example tenant's registry 10Gi), as ours do by default; both sizes are config options",
  },
];
