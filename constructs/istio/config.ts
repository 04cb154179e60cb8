import { basicComponent } from '../core/component-config';

/** Platform config of the istio component (`components.istio`). */
export const istioConfig = basicComponent();
