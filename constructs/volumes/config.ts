import { basicComponent } from '../core/component-config';

/** Platform config of the volumes component (`components.volumes`). */
export const volumesConfig = basicComponent();
