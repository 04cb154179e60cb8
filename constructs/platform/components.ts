import { ComponentKey } from '../config/schema';
import { WireComponent } from './build';
import { wireCertManager } from '../cert-manager/platform';
import { wireIstio } from '../istio/platform';
import { wireAuth } from '../auth/platform';
import { wireDashboard } from '../dashboard/platform';
import { wireProfiles } from '../profiles/platform';
import { wirePipelines } from '../pipelines/platform';
import { wireKnative } from '../knative/platform';
import { wireKserve } from '../kserve/platform';
import { wireKatib } from '../katib/platform';
import { wireNotebooks } from '../notebooks/platform';
import { wireTensorboards } from '../tensorboards/platform';
import { wireVolumes } from '../volumes/platform';
import { wirePvcViewer } from '../pvc-viewer/platform';
import { wireTrainer } from '../trainer/platform';
import { wireSpark } from '../spark/platform';
import { wireHub } from '../hub/platform';

/** Each component's wiring, by config key. */
export const COMPONENTS: Readonly<Record<ComponentKey, WireComponent>> = {
  certManager: wireCertManager,
  istio: wireIstio,
  auth: wireAuth,
  dashboard: wireDashboard,
  profiles: wireProfiles,
  pipelines: wirePipelines,
  knative: wireKnative,
  kserve: wireKserve,
  katib: wireKatib,
  notebooks: wireNotebooks,
  tensorboards: wireTensorboards,
  volumes: wireVolumes,
  pvcViewer: wirePvcViewer,
  trainer: wireTrainer,
  spark: wireSpark,
  hub: wireHub,
};

/** File names of components in the output: `certManager` is `cert-manager`. */
export function fileName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
