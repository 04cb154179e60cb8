import { AddComponent } from '../platform/build';

/** Adds notebooks to the platform, configured from `components.notebooks`. Not built yet: emits nothing. */
export const addNotebooks: AddComponent = () => {};
