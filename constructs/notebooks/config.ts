import { basicComponent } from '../core/component-config';

/** Platform config of the notebooks component (`components.notebooks`). */
export const notebooksConfig = basicComponent();
