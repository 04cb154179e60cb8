import { AddComponent } from '../platform/build';

/** Adds dashboard to the platform, configured from `components.dashboard`. Not built yet: emits nothing. */
export const addDashboard: AddComponent = () => {};
