import { basicComponent } from '../core/component-config';

/** Platform config of the katib component (`components.katib`). */
export const katibConfig = basicComponent();
