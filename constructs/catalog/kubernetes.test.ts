import { catalogFor, kubernetesMinor, newestReleaseOn, olderThan, RELEASES } from '.';

// What each release needs (Knative Serving's minimum, from knative.dev/pkg) and what the stacks make.
test.each([
  ['v1.11.0', { minimum: '1.28', stackDefault: '1.33', minimumReason: 'Knative Serving 1.16 stops on older API servers' }],
  ['26.03', { minimum: '1.33', stackDefault: '1.33', minimumReason: 'Knative Serving 1.21 stops on older API servers' }],
  ['26.03.1', { minimum: '1.34', stackDefault: '1.34', minimumReason: 'Knative Serving 1.22 stops on older API servers' }],
] as const)('release %s runs on Kubernetes %j', (release, kubernetes) => {
  expect(catalogFor(release).kubernetes).toEqual(kubernetes);
});

test.each(RELEASES)('release %s: the stacks make a version the release runs on', (release) => {
  const k = catalogFor(release).kubernetes;
  expect(olderThan(k.stackDefault, k.minimum)).toBe(false);
});

test.each([
  ['1.34', '1.34'], ['v1.34.0', '1.34'], ['1.33.5', '1.33'], ['1.34+', '1.34'], ['v1.34.1-gke.1200', '1.34'],
  ['1.9', '1.9'], ['1.034', '1.34'], ['latest', undefined], ['1', undefined], ['2.1', undefined], ['1.34x', undefined], ['', undefined],
])('kubernetesMinor(%j) is %j', (text, minor) => {
  expect(kubernetesMinor(text)).toBe(minor);
});

test.each([
  ['1.33', '1.34', true], ['1.34', '1.34', false], ['1.35', '1.34', false], ['1.9', '1.28', true], ['1.100', '1.34', false],
] as const)('%s older than %s: %s', (a, b, older) => {
  expect(olderThan(a, b)).toBe(older);
});

test.each([
  ['1.27', undefined], ['1.28', 'v1.11.0'], ['1.32', 'v1.11.0'], ['1.33', '26.03'], ['1.34', '26.03.1'], ['1.37', '26.03.1'],
] as const)('the newest release on Kubernetes %s is %s', (version, release) => {
  expect(newestReleaseOn(version)).toBe(release);
});
