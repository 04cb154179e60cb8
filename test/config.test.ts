import { ConfigError } from '../constructs/config/errors';
import { catalogFor, RELEASES } from '../constructs/catalog';
import { parseConfig, parseConfigText } from '../constructs/config/load';
import { hubReleaseDefault } from '../constructs/hub/config';

function problems(text: string): string[] {
  try {
    parseConfigText(text, 'kubeflow.yaml');
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  throw new Error('config was accepted');
}

describe('platform config', () => {
  test('an empty file gives every default', () => {
    const c = parseConfigText('', 'kubeflow.yaml');
    expect(c.release).toBe('26.03.1');
    expect(c.platform).toBe('generic');
    expect(c.sizing).toBe('default');
    expect(c.registry).toBeUndefined();
    // Hub's default follows the release, so the parsed config leaves it unset.
    expect(Object.entries(c.components).every(([k, x]) => (k === 'hub' ? x.enabled === undefined : x.enabled) && !x.external)).toBe(true);
  });

  // Every component is on by default; Hub only where the release ships it.
  test.each(RELEASES)('release %s alone: every component on, Hub as the release has it', (release) => {
    const c = hubReleaseDefault(parseConfigText(`release: "${release}"\n`, 'kubeflow.yaml'));
    expect(c.release).toBe(release);
    expect(Object.fromEntries(Object.entries(c.components).map(([k, x]) => [k, [x.enabled, x.external]]))).toEqual(
      Object.fromEntries(Object.keys(c.components).map((k) => [k, [k === 'hub' ? catalogFor(release).features.hub : true, false]])),
    );
  });

  test.each([
    ['release: "1.10"\n', 'kubeflow.yaml:1: release: got "1.10"; allowed: "v1.11.0", "26.03", "26.03.1"'],
    ['platform: aws\n', 'kubeflow.yaml:1: platform: got "aws"; allowed: "generic", "kind", "eks", "gke"'],
    ['sizing: huge\n', 'kubeflow.yaml:1: sizing: got "huge"; allowed: "small", "default", "large"'],
    ['release: "26.03"\ncomponents:\n  istio:\n    enabled: "yes"\n', 'kubeflow.yaml:4: components.istio.enabled: got "yes"; expected boolean'],
    ['relase: "26.03"\n', 'kubeflow.yaml:1: relase: unknown key; allowed keys here: release, registry, platform, sizing, components, placement, overrides, patches'],
  ])('%j is rejected with the field, the value and what is allowed', (text, message) => {
    expect(problems(text)).toEqual([message]);
  });

  test('an unknown component names the components that exist', () => {
    expect(problems('components:\n  istoi: {}\n')).toEqual([
      'kubeflow.yaml:2: components.istoi: unknown key; allowed keys here: certManager, istio, auth, dashboard, profiles, pipelines, knative, kserve, katib, notebooks, tensorboards, volumes, pvcViewer, trainer, spark, hub',
    ]);
  });

  test('YAML syntax errors give the line and column', () => {
    expect(problems('release: [26.03\nplatform: kind\n')[0]).toMatch(/^kubeflow\.yaml:2:\d+: YAML syntax error: /);
  });

  test('a config that is not a mapping is rejected', () => {
    expect(problems('- release\n')).toEqual(['kubeflow.yaml: the config must be a YAML mapping of keys such as release and components; got ["release"]']);
  });

  test('disabling a component that an enabled one needs says which needs which', () => {
    expect(problems('components:\n  certManager:\n    enabled: false\n')).toContain(
      'kubeflow.yaml:3: components.certManager.enabled: false, but components.pvcViewer needs certManager; enable certManager, set components.certManager.external: true if the cluster has it, or disable pvcViewer',
    );
  });

  test('a component provided externally satisfies the components that need it', () => {
    const c = parseConfig({ components: { certManager: { enabled: false, external: true } } });
    expect(c.components.certManager).toMatchObject({ enabled: false, external: true });
  });

  test('enabled and external together is a contradiction', () => {
    expect(() => parseConfig({ components: { spark: { enabled: true, external: true } } })).toThrow(
      "components.spark: enabled and external are both true; set enabled: false to use the cluster's own spark, or external: false to install it",
    );
  });

  test('without a file, errors carry no location', () => {
    expect(() => parseConfig({ release: 'v2' })).toThrow('release: got "v2"; allowed: "v1.11.0", "26.03", "26.03.1"');
  });

  // One table of bad mirror prefixes: each rule it breaks, and the fixed value when there is one.
  test.each([
    ['https://mirror.local', 'no scheme (drop "https://"): write mirror.local'],
    ['oci://mirror.local:5000/kf', 'no scheme (drop "oci://"): write mirror.local:5000/kf'],
    ['Mirror.Local', 'lower case only: write mirror.local'],
    ['mirror.local/kubeflow/', 'no trailing slash: write mirror.local/kubeflow'],
    ['mirror.local/kubeflow:v1', 'no tag or digest (each image keeps its own): write mirror.local/kubeflow'],
    ['mirror.local/kf@sha256:abc', 'no tag or digest (each image keeps its own): write mirror.local/kf'],
    ['HTTPS://Mirror.Local:5000/Kubeflow/', 'no scheme (drop "HTTPS://"), lower case only, no trailing slash: write mirror.local:5000/kubeflow'],
    ['mirror.local:port/kf', 'expected HOST[:PORT][/PATH], e.g. registry.example.com:5000/kubeflow'],
    ['mirror local', 'expected HOST[:PORT][/PATH], e.g. registry.example.com:5000/kubeflow'],
    ['https://mirror_local', 'no scheme (drop "https://"); expected HOST[:PORT][/PATH], e.g. registry.example.com:5000/kubeflow'],
  ])('registry %j is rejected naming the rule', (registry, rule) => {
    expect(problems(`registry: ${JSON.stringify(registry)}\n`)).toEqual([`kubeflow.yaml:1: registry: got ${JSON.stringify(registry)}; ${rule}`]);
  });

  test.each(['mirror.local', 'mirror.local:5000', 'registry.example.com:5000/kubeflow', '10.0.0.1:5000/a/b-c'])('registry %j is a mirror prefix', (registry) => {
    expect(parseConfig({ registry }).registry).toBe(registry);
  });

  // One table of other bad platform configs and their exact messages.
  test.each([
    ['KServe serverless without Knative', 'components:\n  knative:\n    enabled: false\n',
      'kubeflow.yaml:3: components.knative.enabled: false, but components.kserve needs knative in deploymentMode Serverless (the default); enable knative, set components.knative.external: true if the cluster has it, set components.kserve.deploymentMode: RawDeployment (plain Deployments, no Knative), or disable kserve'],
    ['tenants in the config while profiles is disabled',
      'components:\n  profiles:\n    enabled: false\n    tenants:\n      - {name: team, owner: a@example.com}\n' +
      '  dashboard: {enabled: false}\n  pipelines: {enabled: false}\n  katib: {enabled: false}\n  notebooks: {enabled: false}\n  tensorboards: {enabled: false}\n  volumes: {enabled: false}\n' +
      // Hub needs profiles too (it is on by default from 26.03.1).
      '  hub: {enabled: false}\n',
      'kubeflow.yaml:5: components.profiles.tenants: 1 tenant, but components.profiles.enabled is false, so no Profile would be made for them; enable profiles, or remove the tenants'],
    ['a number below its minimum', 'components:\n  notebooks:\n    culling:\n      idleMinutes: 0\n', 'kubeflow.yaml:4: components.notebooks.culling.idleMinutes: got 0; must be at least 1'],
    ['an unknown key inside a component', 'components:\n  kserve:\n    mode: RawDeployment\n',
      'kubeflow.yaml:3: components.kserve.mode: unknown key; allowed keys here: enabled, external, deploymentMode, runtimes, localModelCache, modelcar, llmInferenceService, modelsWebApp, domain, urlScheme'],
    ['a deployment mode that does not exist', 'components:\n  kserve:\n    deploymentMode: Raw\n', 'kubeflow.yaml:3: components.kserve.deploymentMode: got "Raw"; allowed: "Serverless", "RawDeployment"'],
  ])('%s', (_, text, message) => {
    expect(problems(text)).toEqual([message]);
  });

  test('RawDeployment KServe needs no Knative', () => {
    expect(parseConfig({ components: { knative: { enabled: false }, kserve: { deploymentMode: 'RawDeployment' } } }).components.knative.enabled).toBe(false);
  });
});
