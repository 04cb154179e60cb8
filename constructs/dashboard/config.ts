import { basicComponent } from '../core/component-config';

/** Platform config of the dashboard component (`components.dashboard`). */
export const dashboardConfig = basicComponent();
