import { basicComponent } from '../core/component-config';

/** Platform config of the trainer component (`components.trainer`). */
export const trainerConfig = basicComponent();
