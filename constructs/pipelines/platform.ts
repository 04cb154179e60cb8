import { AddComponent } from '../platform/build';

/** Adds pipelines to the platform, configured from `components.pipelines`. Not built yet: emits nothing. */
export const addPipelines: AddComponent = () => {};
