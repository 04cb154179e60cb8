import { basicComponent } from '../core/component-config';

/** Platform config of the tensorboards component (`components.tensorboards`). */
export const tensorboardsConfig = basicComponent();
