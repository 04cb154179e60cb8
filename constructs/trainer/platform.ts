import { AddComponent } from '../platform/build';

/** Adds trainer to the platform, configured from `components.trainer`. Not built yet: emits nothing. */
export const addTrainer: AddComponent = () => {};
