import { AddComponent } from '../platform/build';
import { Pipelines } from './pipelines';

/** Adds Kubeflow Pipelines, configured from `components.pipelines`. */
export const addPipelines: AddComponent = (scope, { config, images, sizing, secrets, gateways }) => {
  const c = config.components.pipelines;
  new Pipelines(scope, 'Pipelines', {
    images,
    sizing, gateways,
    secrets,
    ...c, // the construct reads its options from the config and ignores enabled and external
  });
};
