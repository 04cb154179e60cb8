import { RELEASE_1_11_0 } from './r1-11-0';
import { RELEASE_26_03 } from './r26-03';
import { Release, ReleaseCatalog } from './types';

export * from './types';

const CATALOGS: Readonly<Record<Release, ReleaseCatalog>> = {
  '26.03': RELEASE_26_03,
  'v1.11.0': RELEASE_1_11_0,
};

export function catalogFor(release: Release): ReleaseCatalog {
  return CATALOGS[release];
}
