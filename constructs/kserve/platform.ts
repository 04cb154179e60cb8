import { AddComponent } from '../platform/build';

/** Adds kserve to the platform, configured from `components.kserve`. Not built yet: emits nothing. */
export const addKserve: AddComponent = () => {};
