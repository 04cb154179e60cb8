import { AddComponent } from '../platform/build';

/** Adds auth to the platform, configured from `components.auth`. Not built yet: emits nothing. */
export const addAuth: AddComponent = () => {};
