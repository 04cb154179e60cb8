import { AddComponent } from '../platform/build';

/** Adds volumes to the platform, configured from `components.volumes`. Not built yet: emits nothing. */
export const addVolumes: AddComponent = () => {};
