import { WireComponent } from '../platform/build';
import { PvcViewer } from './pvc-viewer';

/** Wires the PVC viewer controller, configured from `components.pvcViewer`. */
export const wirePvcViewer: WireComponent = (scope, { config, images, sizing, gateways }) => {
  new PvcViewer(scope, 'PvcViewer', { images, sizing, gateways, failurePolicy: config.components.pvcViewer.failurePolicy });
};
