import { ConfigError } from '../constructs/config/errors';
import { parseConfig, parseConfigText } from '../constructs/config/load';

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
    expect(c.release).toBe('26.03');
    expect(c.platform).toBe('generic');
    expect(c.sizing).toBe('default');
    expect(c.registry).toBeUndefined();
    // Kubeflow Hub comes with 26.03.1, so the default release has it off.
    expect(Object.entries(c.components).every(([k, x]) => (k === 'hub' ? !x.enabled : x.enabled) && !x.external)).toBe(true);
  });

  test.each([
    ['release: "1.10"\n', 'kubeflow.yaml:1: release: got "1.10"; allowed: "v1.11.0", "26.03", "26.03.1"'],
    ['platform: aws\n', 'kubeflow.yaml:1: platform: got "aws"; allowed: "generic", "kind", "eks", "gke"'],
    ['sizing: huge\n', 'kubeflow.yaml:1: sizing: got "huge"; allowed: "small", "default", "large"'],
    ['registry: https://mirror.local\n', 'kubeflow.yaml:1: registry: got "https://mirror.local"; expected HOST[:PORT][/PATH] without a scheme, e.g. registry.example.com:5000/kubeflow'],
    ['registry: Mirror.Local\n', 'kubeflow.yaml:1: registry: got "Mirror.Local"; expected HOST[:PORT][/PATH] without a scheme, e.g. registry.example.com:5000/kubeflow'],
    ['release: "26.03"\ncomponents:\n  istio:\n    enabled: "yes"\n', 'kubeflow.yaml:4: components.istio.enabled: got "yes"; expected boolean'],
    ['relase: "26.03"\n', 'kubeflow.yaml:1: relase: unknown key; allowed keys here: release, registry, platform, sizing, components'],
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
});
