import { AddComponent } from '../platform/build';

/** Adds certManager to the platform, configured from `components.certManager`. Not built yet: emits nothing. */
export const addCertManager: AddComponent = () => {};
