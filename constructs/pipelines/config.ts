import { basicComponent } from '../core/component-config';

/** Platform config of the pipelines component (`components.pipelines`). */
export const pipelinesConfig = basicComponent();
