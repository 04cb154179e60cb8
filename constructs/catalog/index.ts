import { RELEASE_1_11_0 } from './r1-11-0';
import { RELEASE_26_03 } from './r26-03';
import { RELEASE_26_03_1 } from './r26-03-1';
import { Release, ReleaseCatalog } from './types';

export * from './types';

const CATALOGS: Readonly<Record<Release, ReleaseCatalog>> = {
  'v1.11.0': RELEASE_1_11_0,
  '26.03': RELEASE_26_03,
  '26.03.1': RELEASE_26_03_1,
};

export function catalogFor(release: Release): ReleaseCatalog {
  return CATALOGS[release];
}
