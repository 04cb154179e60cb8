import { WireComponent } from '../platform/build';
import { Pipelines } from './pipelines';

/** Wires Kubeflow Pipelines, configured from `components.pipelines`. */
export const wirePipelines: WireComponent = (scope, { config, images, sizing, secrets, gateways }) => {
  const c = config.components.pipelines;
  new Pipelines(scope, 'Pipelines', {
    images,
    sizing, gateways,
    secrets,
    ...c, // the construct reads its options from the config and ignores enabled and external
  });
};
