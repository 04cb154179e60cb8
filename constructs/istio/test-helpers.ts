import { PlatformConfigInput } from '../config/schema';
import { componentObjects, Obj } from '../platform/test-helpers';
import { wireIstio } from './platform';

export { configError, find, Obj } from '../platform/test-helpers';

/** The istio component's objects for a platform config, built alone. */
export function istioObjects(input: PlatformConfigInput = {}): Obj[] {
  return componentObjects(wireIstio, input);
}

/** A path into an object, for short assertions. */
export function at(o: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o);
}
