import { basicComponent } from '../core/component-config';

/** Platform config of the profiles component (`components.profiles`). */
export const profilesConfig = basicComponent();
