import { basicComponent } from '../core/component-config';

/** Platform config of the auth component (`components.auth`). */
export const authConfig = basicComponent();
