import { ComponentKey } from '../config/schema';
import { AddComponent } from './build';
import { addCertManager } from '../cert-manager/platform';
import { addIstio } from '../istio/platform';
import { addAuth } from '../auth/platform';
import { addDashboard } from '../dashboard/platform';
import { addProfiles } from '../profiles/platform';
import { addPipelines } from '../pipelines/platform';
import { addKnative } from '../knative/platform';
import { addKserve } from '../kserve/platform';
import { addKatib } from '../katib/platform';
import { addNotebooks } from '../notebooks/platform';
import { addTensorboards } from '../tensorboards/platform';
import { addVolumes } from '../volumes/platform';
import { addPvcViewer } from '../pvc-viewer/platform';
import { addTrainer } from '../trainer/platform';
import { addSpark } from '../spark/platform';
import { addHub } from '../hub/platform';

/** Each component's wiring, by config key. */
export const COMPONENTS: Readonly<Record<ComponentKey, AddComponent>> = {
  certManager: addCertManager,
  istio: addIstio,
  auth: addAuth,
  dashboard: addDashboard,
  profiles: addProfiles,
  pipelines: addPipelines,
  knative: addKnative,
  kserve: addKserve,
  katib: addKatib,
  notebooks: addNotebooks,
  tensorboards: addTensorboards,
  volumes: addVolumes,
  pvcViewer: addPvcViewer,
  trainer: addTrainer,
  spark: addSpark,
  hub: addHub,
};

/** File names of components in the output: `certManager` is `cert-manager`. */
export function fileName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
