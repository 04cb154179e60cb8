import { basicComponent } from '../core/component-config';

/** Platform config of the knative component (`components.knative`). */
export const knativeConfig = basicComponent();
