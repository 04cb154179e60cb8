import { AddComponent } from '../platform/build';

/** Adds istio to the platform, configured from `components.istio`. Not built yet: emits nothing. */
export const addIstio: AddComponent = () => {};
