import { AddComponent } from '../platform/build';

/** Adds profiles to the platform, configured from `components.profiles`. Not built yet: emits nothing. */
export const addProfiles: AddComponent = () => {};
