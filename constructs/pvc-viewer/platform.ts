import { AddComponent } from '../platform/build';

/** Adds pvcViewer to the platform, configured from `components.pvcViewer`. Not built yet: emits nothing. */
export const addPvcViewer: AddComponent = () => {};
