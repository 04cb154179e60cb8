import { WireComponent } from '../platform/build';
import { RUNTIME_NAMES } from './runtimes';
import { Trainer } from './trainer';

/** Wires Kubeflow Trainer to the platform, configured from `components.trainer`. */
export const wireTrainer: WireComponent = (scope, { config, images, sizing }) => {
  const c = config.components.trainer;
  new Trainer(scope, 'Trainer', {
    images,
    sizing,
    ...c,
    // The config switches runtimes by name; the construct takes the list this release ships.
    runtimes: RUNTIME_NAMES.filter((n) => c.runtimes[n] && images.catalog.features.trainerRuntimes.includes(n)),
  });
};
