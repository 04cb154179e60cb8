import { basicComponent } from '../core/component-config';

/** Platform config of the pvcViewer component (`components.pvcViewer`). */
export const pvcViewerConfig = basicComponent();
