import { AddComponent } from '../platform/build';

/** Adds katib to the platform, configured from `components.katib`. Not built yet: emits nothing. */
export const addKatib: AddComponent = () => {};
