import { ApiObject } from 'cdk8s';
import { bundleFiles, catalogFor, computePlan, EphemeralSecretStore, KubeflowPlatform, Manifest, Notebook, parseConfig, pluralOf, userChartNeeds, Wave } from 'kubeflow-iac';

const TEAM = { name: 'team-a', owner: 'alice@example.com' };
const config = parseConfig({ components: { profiles: { tenants: [TEAM] } } });

function withNotebook(): KubeflowPlatform {
  const platform = new KubeflowPlatform(config, new EphemeralSecretStore());
  const chart = platform.addChart('team-a');
  new Notebook(chart, 'lab', { name: 'lab', namespace: 'team-a', image: 'notebooks/jupyter-scipy' });
  return platform;
}

const waveOf = (waves: Wave[], test: (m: Manifest) => boolean) => waves.findIndex((w) => w.parts.some((p) => p.manifests.some(test)));

describe("a user's chart joins the install waves", () => {
  const platform = withNotebook();
  const waves = platform.waves();
  const notebook = waveOf(waves, (m) => m.kind === 'Notebook' && m.metadata.name === 'lab');

  test.each([
    ['the Notebook CRD', (m: Manifest) => m.kind === 'CustomResourceDefinition' && m.metadata.name === 'notebooks.kubeflow.org'],
    ['the notebook controller', (m: Manifest) => m.kind === 'Deployment' && m.metadata.name === 'notebook-controller-deployment'],
    // Named after the release's PodDefaults layout (admission-webhook before 26.03.1, poddefaults-webhook since).
    ['the PodDefaults webhook that mutates its pods', (m: Manifest) => m.kind === 'MutatingWebhookConfiguration' && m.metadata.name === `${catalogFor(config.release).features.podDefaultsLayout.prefix}-mutating-webhook-configuration`],
    ['the Istio sidecar injector', (m: Manifest) => m.kind === 'MutatingWebhookConfiguration' && m.metadata.name === 'istio-sidecar-injector'],
    ['its tenant namespace', (m: Manifest) => m.kind === 'Namespace' && m.metadata.name === 'team-a'],
    ["its tenant's Profile", (m: Manifest) => m.kind === 'Profile' && m.metadata.name === 'team-a'],
    ['its workspace claim', (m: Manifest) => m.kind === 'PersistentVolumeClaim' && m.metadata.name === 'lab-workspace'],
  ])('the Notebook installs after %s', (_, test) => {
    const before = waveOf(waves, test);
    expect(before).toBeGreaterThanOrEqual(0);
    expect(notebook).toBeGreaterThan(before);
  });

  test("the chart's parts name what they wait for", () => {
    const parts = waves.flatMap((w) => w.parts).filter((p) => p.component === 'team-a');
    expect(parts.map((p) => p.phase)).toEqual(['main', 'post']);
    expect(parts[1].after).toEqual(expect.arrayContaining(['team-a/main', 'notebooks/main', 'profiles/main', 'profiles/post', 'istio/main']));
    expect(parts[1].manifests[0].metadata.labels).toEqual({ 'kubeflow-iac.io/component': 'team-a', app: 'lab' });
  });

  test('the bundle writes it, in its wave, and its image is in images.txt', () => {
    const files = bundleFiles(platform);
    expect(files.get(`manifests/${waves[notebook].name}/team-a-post.yaml`)).toMatch(/^kind: Notebook$/m);
    expect(files.get('images.txt')!.split('\n')).toContain(platform.images.ref('notebooks/jupyter-scipy'));
  });

  test('an upgrade plan shows it under its chart', () => {
    const without = new KubeflowPlatform(config, new EphemeralSecretStore());
    const plan = computePlan({ release: '26.03', manifests: without.manifests(), images: [] }, { release: '26.03', manifests: platform.manifests(), images: [] }, []);
    expect(plan.added.filter((a) => a.component === 'team-a').map((a) => `${a.kind}/${a.name}`)).toEqual(['Notebook/lab', 'PersistentVolumeClaim/lab-workspace']);
  });

  test('objects added after waves() are in the next waves()', () => {
    const p = withNotebook();
    p.waves();
    new ApiObject(p.charts.get('team-a')!, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'team-a' } });
    expect(waveOf(p.waves(), (m) => m.kind === 'ConfigMap' && m.metadata.name === 'settings')).toBeGreaterThan(1);
  });

  test('a chart made directly on the app joins too', () => {
    const p = new KubeflowPlatform(config, new EphemeralSecretStore());
    const { Chart } = require('cdk8s'); // eslint-disable-line @typescript-eslint/no-require-imports
    new Notebook(new Chart(p.app, 'direct'), 'lab', { name: 'lab', namespace: 'team-a', image: 'notebooks/jupyter-scipy' });
    expect(p.waves().flatMap((w) => w.parts).filter((x) => x.component === 'direct').map((x) => x.phase)).toEqual(['main', 'post']);
  });
});

describe('addChart ids', () => {
  const platform = new KubeflowPlatform(parseConfig({}), new EphemeralSecretStore());
  test.each([
    ['Team_A', "KubeflowPlatform.addChart: 'id' (Team_A) must be a DNS label: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters"],
    ['istio', "KubeflowPlatform.addChart: 'id' (istio) is already a chart of this platform; pick another id"],
  ])('%s', (id, message) => {
    expect(() => platform.addChart(id)).toThrow(message);
  });
});

describe('userChartNeeds', () => {
  const crd = (group: string, kind: string, plural: string): Manifest => ({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `${plural}.${group}` }, spec: { group, names: { kind, plural } } });
  const hook = (group: string, resource: string): Manifest => ({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'h' }, webhooks: [{ rules: [{ apiGroups: [group], resources: [resource] }] }] });
  const components = new Map<string, Manifest[]>([
    ['widgets', [crd('example.com', 'Widget', 'widgets')]],
    ['guard', [hook('', 'configmaps')]],
    ['pods', [hook('', 'pods')]],
    ['space', [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns' } }]],
  ]);
  test.each([
    ['a custom resource: its CRD owner, and pod webhooks', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }, ['pods', 'widgets']],
    ['a ConfigMap: the webhook on configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }, ['guard']],
    ['a Deployment in a namespace: its owner and pod webhooks', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'ns' } }, ['pods', 'space']],
    ['a Service elsewhere: nothing', { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'other' } }, []],
  ])('%s', (_, m, needs) => {
    expect(userChartNeeds([m as Manifest], components)).toEqual(needs);
  });
  test.each([['Notebook', 'notebooks'], ['NetworkPolicy', 'networkpolicies'], ['Ingress', 'ingresses'], ['Gateway', 'gateways']])('%s is %s', (kind, plural) => {
    expect(pluralOf(kind)).toBe(plural);
  });
});
