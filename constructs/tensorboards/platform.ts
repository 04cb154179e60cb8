import { AddComponent } from '../platform/build';

/** Adds tensorboards to the platform, configured from `components.tensorboards`. Not built yet: emits nothing. */
export const addTensorboards: AddComponent = () => {};
