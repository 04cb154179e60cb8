import { AddComponent } from '../platform/build';

/** Adds spark to the platform, configured from `components.spark`. Not built yet: emits nothing. */
export const addSpark: AddComponent = () => {};
