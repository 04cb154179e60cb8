import { AddComponent } from '../platform/build';
import { PvcViewer } from './pvc-viewer';

/** Adds the PVC viewer controller, configured from `components.pvcViewer`. */
export const addPvcViewer: AddComponent = (scope, { config, images, sizing, gateways }) => {
  new PvcViewer(scope, 'PvcViewer', { images, sizing, gateways, failurePolicy: config.components.pvcViewer.failurePolicy });
};
