import { RELEASE_1_11_0 } from './r1-11-0';
import { RELEASE_26_03 } from './r26-03';
import { RELEASE_26_03_1 } from './r26-03-1';
import { olderThan } from './kubernetes';
import { KubernetesVersion, Release, ReleaseCatalog, RELEASES } from './types';

export * from './types';
export { kubernetesMinor, olderThan } from './kubernetes';

const CATALOGS: Readonly<Record<Release, ReleaseCatalog>> = {
  'v1.11.0': RELEASE_1_11_0,
  '26.03': RELEASE_26_03,
  '26.03.1': RELEASE_26_03_1,
};

export function catalogFor(release: Release): ReleaseCatalog {
  return CATALOGS[release];
}

/** The newest release that runs on Kubernetes `version`, if any: the fix a too-old cluster's error offers. */
export function newestReleaseOn(version: KubernetesVersion): Release | undefined {
  return [...RELEASES].reverse().find((r) => !olderThan(version, CATALOGS[r].kubernetes.minimum));
}
