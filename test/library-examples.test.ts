import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { catalogFor, DEFAULT_RELEASE } from '../constructs/catalog';
import { build, synth } from '../examples/cdk8s-app/main';
import { program } from '../examples/pulumi-program/program';
import { GraphResult, runGraph } from '../stacks/graph';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'kfiac-example-'));

describe('examples/cdk8s-app', () => {
  const dir = tmp();
  const secrets = path.join(dir, 'secrets.yaml');
  const { platform } = build(secrets);
  const waves = platform.waves();
  const waveOf = (kind: string, name: string) => waves.findIndex((w) => w.parts.some((p) => p.manifests.some((m) => m.kind === kind && m.metadata.name === name)));

  test.each([['Notebook', 'lab', 'notebooks.kubeflow.org'], ['InferenceService', 'iris', 'inferenceservices.serving.kserve.io'], ['Experiment', 'tune', 'experiments.kubeflow.org']])(
    "the team's %s installs after its CRD and its tenant's Profile",
    (kind, name, crd) => {
      expect(waveOf(kind, name)).toBeGreaterThan(waveOf('CustomResourceDefinition', crd));
      expect(waveOf(kind, name)).toBeGreaterThan(waveOf('Profile', 'team-ml'));
    },
  );

  test('two synths with the same secrets file write the same bytes', () => {
    const read = (d: string) => Object.fromEntries(fs.readdirSync(d, { recursive: true, encoding: 'utf8' }).sort().filter((f) => fs.statSync(path.join(d, f)).isFile()).map((f) => [f, fs.readFileSync(path.join(d, f), 'utf8')]));
    synth(path.join(dir, 'a'), secrets);
    synth(path.join(dir, 'b'), secrets);
    const a = read(path.join(dir, 'a'));
    expect(Object.keys(a).filter((f) => f.endsWith('team-ml-post.yaml'))).toHaveLength(1);
    expect(read(path.join(dir, 'b'))).toEqual(a);
  });
});

describe('examples/pulumi-program', () => {
  let graph: GraphResult;
  beforeAll(async () => {
    graph = await runGraph(program, { project: 'kubeflow-example', config: { 'kubeflow-example:kubeconfig': 'apiVersion: v1\nkind: Config\n' }, keepInputs: true });
  });
  const one = (type: string, name: string) => {
    const found = graph.entries.filter((e) => e.type === type && e.name === name);
    expect(found).toHaveLength(1);
    return found[0];
  };

  test('its own provider, from the kubeconfig, with server-side apply', () => {
    one('pulumi:providers:kubernetes', 'cluster');
    expect(graph.inputs.get('pulumi:providers:kubernetes::cluster')).toMatchObject({ enableServerSideApply: 'true' });
  });

  test("the team's Notebook is a resource in a wave after the PodDefaults webhook's", () => {
    const waveOfObject = (type: string, name: string) => {
      const step = one(type, name).parent!;
      const wave = graph.entries.find((e) => `${e.type}::${e.name}` === step)!.parent!;
      return graph.entries.filter((e) => e.type === 'kubeflow-iac:index:Wave').findIndex((w) => `${w.type}::${w.name}` === wave);
    };
    // The example installs the default release; the webhook's name follows its PodDefaults layout.
    const notebook = waveOfObject('kubernetes:kubeflow.org/v1:Notebook', 'notebook/team-ml/lab');
    expect(notebook).toBeGreaterThan(waveOfObject('kubernetes:admissionregistration.k8s.io/v1:MutatingWebhookConfiguration', `mutatingwebhookconfiguration/${catalogFor(DEFAULT_RELEASE).features.podDefaultsLayout.prefix}-mutating-webhook-configuration`));
  });

  test('the outputs: every object, and the first user password as a secret', () => {
    expect(graph.outputs!.objects).toBeGreaterThan(600);
    expect(Object.keys(graph.outputs!.userPasswords as object)).toEqual(['dex.staticPassword.user@example.com']);
  });
});
