import { AddComponent } from '../platform/build';

/** Adds knative to the platform, configured from `components.knative`. Not built yet: emits nothing. */
export const addKnative: AddComponent = () => {};
