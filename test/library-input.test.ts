import { App, Chart } from 'cdk8s';
import {
  catalogFor, ConfigError, EphemeralSecretStore, Experiment, ExperimentProps, InferenceService, KubeflowPlatform, Notebook, parseConfig, PodDefault,
  Release, RELEASES, rewriteImage, ServingRuntime, SparkApplication, Tensorboard, TrainJob,
} from 'kubeflow-iac';

// A platform with the mirror and tenant team-a; the default release unless one is given.
const platformOf = (release?: Release) => new KubeflowPlatform(
  parseConfig({ release, registry: 'mirror.example.com/kf', components: { profiles: { tenants: [{ name: 'team-a', owner: 'alice@example.com' }] } } }),
  new EphemeralSecretStore(),
);
const platform = platformOf();
const chart = platform.addChart('team-a');
let n = 0;
const id = () => `obj${n++}`;

// The problems of the ConfigError a build throws.
function problemsOf(build: () => void): readonly string[] {
  let error: unknown;
  try {
    build();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).problems;
}

const experiment = (over: Partial<ExperimentProps>): ExperimentProps => ({
  name: 'tune', namespace: 'team-a', objective: { type: 'minimize', metric: 'loss' }, algorithm: { name: 'random' },
  parameters: [{ name: 'lr', type: 'double', min: '0.01', max: '0.1' }],
  trialTemplate: { source: { trialSpec: { apiVersion: 'batch/v1', kind: 'Job' } }, parameters: [{ name: 'lr', reference: 'lr' }] },
  ...over,
});
const spark = { type: 'Python' as const, mainApplicationFile: 'local:///app.py', sparkVersion: '3.5.5', driver: { serviceAccount: 'spark' } };
const DNS = "must be a DNS label: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters";
const NOT_TENANT = "is not a tenant of this platform (its tenants are team-a); add a tenant file or components.profiles.tenants entry, or use a tenant's namespace";
const NOTEBOOK_KEYS = 'notebooks/jupyter-scipy, notebooks/jupyter-pytorch-full, notebooks/jupyter-pytorch-cuda-full, notebooks/jupyter-pytorch-gaudi-full, notebooks/jupyter-tensorflow-full, notebooks/jupyter-tensorflow-cuda-full, notebooks/codeserver-python, notebooks/rstudio-tidyverse';

describe("users' custom resources check their props", () => {
  test.each<[string, (id: string) => void, (id: string) => string]>([
    ['Notebook name', (i) => new Notebook(chart, i, { name: 'Foo_Bar', namespace: 'team-a', image: 'notebooks/jupyter-scipy' }), (i) => `Notebook team-a/${i}: 'name' (Foo_Bar) ${DNS}`],
    ['Notebook namespace', (i) => new Notebook(chart, i, { name: 'lab', namespace: 'team-b', image: 'notebooks/jupyter-scipy' }), (i) => `Notebook team-a/${i}: 'namespace' (team-b) ${NOT_TENANT}`],
    ['Notebook image without a tag', (i) => new Notebook(chart, i, { name: 'lab', namespace: 'team-a', image: 'registry.example.com/lab' }),
      (i) => `Notebook team-a/${i}: 'image' (registry.example.com/lab) names a registry but no tag or digest; pin it (registry.example.com/lab:TAG or registry.example.com/lab@sha256:...)`],
    ['TrainJob name', (i) => new TrainJob(chart, i, { name: '1-job', namespace: 'team-a', runtime: { name: 'torch-distributed' } }),
      (i) => `TrainJob team-a/${i}: 'name' (1-job) must be an RFC 1035 label: lower-case letters, digits and '-', starting with a letter, ending with a letter or digit, at most 63 characters`],
    ['InferenceService namespace', (i) => new InferenceService(chart, i, { name: 'iris', namespace: 'kubeflow', predictor: { model: { modelFormat: { name: 'sklearn' } } } }),
      (i) => `InferenceService team-a/${i}: 'namespace' (kubeflow) ${NOT_TENANT}`],
    ['InferenceService transformer image', (i) => new InferenceService(chart, i, { name: 'iris', namespace: 'team-a', predictor: { model: { modelFormat: { name: 'sklearn' } } }, transformer: { containers: [{ name: 'kserve-container', image: 'example.com/pre' }] } }),
      (i) => `InferenceService team-a/${i}: 'transformer.containers[0].image' (example.com/pre) names a registry but no tag or digest; pin it (example.com/pre:TAG or example.com/pre@sha256:...)`],
    ['ServingRuntime name', (i) => new ServingRuntime(chart, i, { name: 'My.Runtime', container: { name: '', image: 'example.com/vllm:0.9' }, supportedModelFormats: [{ name: 'vllm' }] }),
      (i) => `ServingRuntime team-a/${i}: 'name' (My.Runtime) ${DNS}`],
    ['Experiment namespace', (i) => new Experiment(chart, i, experiment({ namespace: 'nobody' })), (i) => `Experiment team-a/${i}: 'namespace' (nobody) ${NOT_TENANT}`],
    ['Tensorboard name', (i) => new Tensorboard(chart, i, { name: '-tb', namespace: 'team-a', logs: 'gs://bucket/run' }), (i) => `Tensorboard team-a/${i}: 'name' (-tb) ${DNS}`],
    ['PodDefault namespace', (i) => new PodDefault(chart, i, { name: 'gpu', desc: 'GPU', namespace: 'team-z' }), (i) => `PodDefault team-a/${i}: 'namespace' (team-z) ${NOT_TENANT}`],
  ])('%s', (_, build, message) => {
    const i = id();
    expect(problemsOf(() => build(i))).toEqual([message(i)]);
  });

  // An unknown catalog key names the release and the keys that release has, so each release is checked.
  describe.each(RELEASES)('an unknown image key on %s names the release and its keys', (release) => {
    const on = platformOf(release).addChart('team-a');
    const { images } = catalogFor(release);
    const keys = (prefix: string) => Object.keys(images).filter((k) => k.startsWith(prefix)).sort().join(', ');
    const unknown = (what: string, prop: string, value: string, known: string) =>
      `${what}: '${prop}' (${value}) is not in the release catalog ${release}; known keys: ${known}; or give an image reference with a tag or digest (REPOSITORY:TAG)`;

    test('Notebook image key', () => {
      const i = id();
      // The spawner's order, less the servers this release does not ship.
      const known = NOTEBOOK_KEYS.split(', ').filter((k) => k in images).join(', ');
      expect(problemsOf(() => new Notebook(on, i, { name: 'lab', namespace: 'team-a', image: 'notebooks/jupyter-foo' }))).toEqual([
        unknown(`Notebook team-a/${i}`, 'image', 'notebooks/jupyter-foo', known),
      ]);
    });

    test('TrainJob trainer image', () => {
      const i = id();
      expect(problemsOf(() => new TrainJob(on, i, { name: 'job', namespace: 'team-a', runtime: { name: 'torch-distributed' }, trainer: { image: 'trainer/torch' } }))).toEqual([
        unknown(`TrainJob team-a/${i}`, 'trainer.image', 'trainer/torch', keys('trainer/')),
      ]);
    });

    test('SparkApplication driver image', () => {
      const i = id();
      expect(problemsOf(() => new SparkApplication(on, i, { ...spark, name: 'pi', namespace: 'team-a', image: 'apache/spark:3.5.5', driver: { serviceAccount: 'spark', image: 'spark/driver' } }))).toEqual([
        unknown(`SparkApplication team-a/${i}`, 'driver.image', 'spark/driver', keys('spark/')),
      ]);
    });
  });
});

describe('images go through the platform mirror and into its image list', () => {
  test.each([
    // The default release, 26.03.1: its servers keep the kubeflow/kubeflow repository, tagged as Notebooks v1.11.0.
    ['a catalog key', 'notebooks/jupyter-scipy', 'mirror.example.com/kf/kubeflow/kubeflow/notebook-servers/jupyter-scipy:v1.11.0'],
    ['a reference', 'registry.example.com/team/lab:1.2', 'mirror.example.com/kf/team/lab:1.2'],
    ['a Docker Hub reference', 'python:3.12', 'mirror.example.com/kf/library/python:3.12'],
  ])('%s', (_, image, expected) => {
    const nb = new Notebook(chart, id(), { name: 'lab', namespace: 'team-a', image, workspace: false });
    expect(nb.image).toBe(expected);
    expect(platform.images.list()).toContain(expected);
  });

  test.each(RELEASES)('a catalog key on %s is that release\'s image, through the mirror', (release) => {
    const p = platformOf(release);
    const nb = new Notebook(p.addChart(id()), id(), { name: 'lab', namespace: 'team-a', image: 'notebooks/jupyter-scipy', workspace: false });
    const expected = rewriteImage(catalogFor(release).images['notebooks/jupyter-scipy'], 'mirror.example.com/kf');
    expect(nb.image).toBe(expected);
    expect(p.images.list()).toContain(expected);
  });

  test('ServingRuntime, InferenceService, TrainJob and SparkApplication images too', () => {
    const objects = [
      new ServingRuntime(chart, id(), { name: 'vllm', container: { name: '', image: 'example.com/vllm:0.9' }, supportedModelFormats: [{ name: 'vllm' }] }),
      new InferenceService(chart, id(), { name: 'iris', namespace: 'team-a', predictor: { model: { modelFormat: { name: 'sklearn' } } }, transformer: { containers: [{ name: 'kserve-container', image: 'example.com/pre:1' }] } }),
      new TrainJob(chart, id(), { name: 'job', namespace: 'team-a', runtime: { name: 'torch-distributed' }, trainer: { image: 'example.com/train:2' } }),
      new SparkApplication(chart, id(), { ...spark, name: 'pi', namespace: 'team-a', image: 'apache/spark:3.5.5' }),
    ];
    const json = JSON.stringify(objects.map((o) => o.resource.toJson()));
    for (const image of ['mirror.example.com/kf/vllm:0.9', 'mirror.example.com/kf/pre:1', 'mirror.example.com/kf/train:2', 'mirror.example.com/kf/apache/spark:3.5.5']) {
      expect(json).toContain(`"${image}"`);
      expect(platform.images.list()).toContain(image);
    }
  });
});

describe('namespaces', () => {
  test("a namespace the user's chart creates is allowed", () => {
    const p = new KubeflowPlatform(parseConfig({}), new EphemeralSecretStore());
    const own = p.addChart('mine');
    new (require('cdk8s').ApiObject)(own, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lab-space' } }); // eslint-disable-line @typescript-eslint/no-require-imports
    expect(() => new Tensorboard(own, 'tb', { name: 'tb', namespace: 'lab-space', logs: 'gs://b/r' })).not.toThrow();
  });

  test('outside a platform, or when it does not install profiles, any namespace is allowed', () => {
    expect(() => new Tensorboard(new Chart(new App(), 'c'), 'tb', { name: 'tb', namespace: 'anywhere', logs: 'gs://b/r' })).not.toThrow();
    const external = new KubeflowPlatform(parseConfig({ components: { profiles: { enabled: false, external: true } } }), new EphemeralSecretStore());
    expect(() => new Tensorboard(external.addChart('x'), 'tb', { name: 'tb', namespace: 'anywhere', logs: 'gs://b/r' })).not.toThrow();
  });

  test('a platform without tenants says so', () => {
    const p = new KubeflowPlatform(parseConfig({}), new EphemeralSecretStore());
    expect(() => new Tensorboard(p.addChart('x'), 'tb', { name: 'tb', namespace: 'team-a', logs: 'gs://b/r' })).toThrow(
      "Tensorboard x/tb: 'namespace' (team-a) is not a tenant of this platform (it has none); add a tenant file or components.profiles.tenants entry, or use a tenant's namespace",
    );
  });
});
