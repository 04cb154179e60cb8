import { basicComponent } from '../core/component-config';

/** Platform config of the spark component (`components.spark`). */
export const sparkConfig = basicComponent();
