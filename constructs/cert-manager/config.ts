import { basicComponent } from '../core/component-config';

/** Platform config of the certManager component (`components.certManager`). */
export const certManagerConfig = basicComponent();
