import { parseConfig } from '../config/load';
import { PlatformConfigInput } from '../config/schema';
import { ImageResolver } from '../core/images';
import { KubeflowPlatform } from '../platform/platform';
import { catalogFor, DEFAULT_RELEASE, RELEASES } from '.';

// `name[:tag][@sha256:digest]`, optionally behind a registry host: what a container runtime accepts.
const REFERENCE = /^([a-z0-9.-]+(:\d+)?\/)?[a-z0-9]+([._/-][a-z0-9]+)*(:[\w][\w.-]{0,127})?(@sha256:[0-9a-f]{64})?$/;

// One config per platform layer, everything enabled (the default).
const PLATFORMS: readonly [string, PlatformConfigInput][] = [
  ['generic', {}],
  ['kind', { platform: 'kind' }],
  ['eks', { platform: 'eks', components: { auth: { m2m: { issuer: 'https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE' } } } }],
  ['gke', { platform: 'gke', components: { auth: { m2m: { gke: { project: 'demo', location: 'europe-west1', cluster: 'kf' } } } } }],
];

describe.each(RELEASES)('catalog %s', (release) => {
  const catalog = catalogFor(release);

  test('is the catalog of its release, and a config naming the release parses', () => {
    expect(catalog.release).toBe(release);
    expect(parseConfig({ release }).release).toBe(release);
  });

  test('every image is a plain reference', () => {
    expect(Object.entries(catalog.images).filter(([, ref]) => !REFERENCE.test(ref))).toEqual([]);
    expect(Object.keys(catalog.images).filter((k) => !/^[a-z0-9-]+\/[a-z0-9-]+$/.test(k))).toEqual([]);
  });

  test('migration notes lead to this release from an older one', () => {
    for (const note of catalog.notes) {
      expect(note.to).toBe(release);
      expect(RELEASES.indexOf(note.from)).toBeLessThan(RELEASES.indexOf(note.to));
      expect(note.note.length).toBeGreaterThan(40);
    }
  });

  test.each(PLATFORMS)('on %s, every image key the components ask for is in the catalog', (_name, input) => {
    const asked = new Set<string>();
    const ref = jest.spyOn(ImageResolver.prototype, 'ref').mockImplementation(function (this: ImageResolver, key: string) {
      asked.add(key);
      return this.catalog.images[key] ?? `missing/${key}`;
    });
    try {
      new KubeflowPlatform(parseConfig({ ...input, release })).manifests();
    } finally {
      ref.mockRestore();
    }
    expect(asked.size).toBeGreaterThan(50);
    expect([...asked].filter((k) => !(k in catalog.images))).toEqual([]);
  });
});

test('releases are listed oldest first and the default is one of them', () => {
  expect(RELEASES).toEqual(['v1.11.0', '26.03', '26.03.1']);
  expect(RELEASES).toContain(DEFAULT_RELEASE);
});

// The Kubeflow Hub construct is written against these keys.
test.each([
  ['hub/server', 'ghcr.io/kubeflow/hub/server:v0.3.9'],
  ['hub/ui', 'ghcr.io/kubeflow/hub/ui:v0.3.9'],
  ['hub/registry-postgres', 'postgres:16-alpine'],
  ['hub/catalog-postgres', 'postgres:17.6'],
  ['hub/perf-data-init', 'busybox'],
  ['dashboard/central-dashboard', 'ghcr.io/kubeflow/dashboard/dashboard:v2.0.0'],
  ['profiles/kfam', 'ghcr.io/kubeflow/dashboard/access-management:v2.0.0'],
  ['profiles/profile-controller', 'ghcr.io/kubeflow/dashboard/profile-controller:v2.0.0'],
  ['profiles/poddefaults-webhook', 'ghcr.io/kubeflow/dashboard/poddefaults-webhook:v2.0.0'],
  ['notebooks/notebook-controller', 'ghcr.io/kubeflow/notebooks/notebook-controller:v1.11.0'],
])('26.03.1 has %s = %s', (key, ref) => {
  expect(catalogFor('26.03.1').images[key]).toBe(ref);
  expect(catalogFor('26.03.1').versions.hub).toBe('v0.3.9');
});
