import { basicComponent } from '../core/component-config';

/** Platform config of the kserve component (`components.kserve`). */
export const kserveConfig = basicComponent();
