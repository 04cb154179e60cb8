import * as fs from 'fs';
import * as path from 'path';
import * as api from 'kubeflow-iac';

const ROOT = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe('the package root is the public API', () => {
  test('exports: the root (lib/index.js and its types) and package.json, nothing else', () => {
    expect(pkg.exports).toEqual({ '.': { types: './lib/index.d.ts', default: './lib/index.js' }, './package.json': './package.json' });
    expect([pkg.main, pkg.types]).toEqual(['lib/index.js', 'lib/index.d.ts']);
  });

  test('the root module is compiled to the file package.json names', () => {
    const build = fs.readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8');
    expect(JSON.parse(build).include).toContain('index.ts');
    expect(fs.existsSync(path.join(ROOT, 'index.ts'))).toBe(true);
  });

  test.each([
    // The platform, its config and the loaders.
    'KubeflowPlatform', 'parseConfig', 'loadConfig', 'parseConfigText', 'loadConfigWithTenants', 'ConfigError',
    // Releases and images.
    'catalogFor', 'RELEASES', 'DEFAULT_RELEASE', 'ImageResolver', 'rewriteImage',
    // Secret stores.
    'EphemeralSecretStore', 'FileSecretStore', 'PlaceholderStore',
    // Components.
    'CertManager', 'Istio', 'Dex', 'OAuth2Proxy', 'CentralDashboard', 'Profiles', 'Pipelines', 'KnativeServing',
    'Kserve', 'Katib', 'NotebookController', 'JupyterWebApp', 'TensorboardController', 'VolumesWebApp', 'PvcViewer',
    'Trainer', 'SparkOperator', 'KubeflowNamespaces', 'KubeflowRoles',
    // Users' custom resources.
    'Tenant', 'PodDefault', 'Notebook', 'InferenceService', 'ServingRuntime', 'Experiment', 'TrainJob', 'SparkApplication', 'Tensorboard',
    // Pulumi.
    'PulumiPlatform',
  ])('%s is exported from the root', (name) => {
    expect(typeof (api as Record<string, unknown>)[name]).not.toBe('undefined');
  });

  test('the Pulumi component is the one the stacks use', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(api.PulumiPlatform).toBe(require('../stacks/platform/platform').Platform);
  });
});

describe('FileSecretStore', () => {
  const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'kfiac-store-')); // eslint-disable-line @typescript-eslint/no-require-imports
  const file = path.join(dir, 'nested', 'secrets.yaml');

  test('generates what the file lacks, writes it on save, and gives the same values when read again', () => {
    const first = new api.FileSecretStore(file);
    const v = first.value('a', () => 'generated-a');
    expect(first.generated).toEqual(['a']);
    expect(first.save()).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const again = new api.FileSecretStore(file);
    expect(again.value('a', () => 'other')).toBe(v);
    expect(again.generated).toEqual([]);
    expect(again.save()).toBe(false);
  });

  test('a file that is not a mapping of strings is a ConfigError naming the file and key', () => {
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, 'a: 12\n');
    expect(() => new api.FileSecretStore(bad)).toThrow(new api.ConfigError([`${bad}:1: a: got a number; expected a string (put the value in quotes)`]));
  });
});

describe('the Pulumi program does not depend on the package entry point', () => {
  const YAML = require('yaml'); // eslint-disable-line @typescript-eslint/no-require-imports
  const main: string = YAML.parse(fs.readFileSync(path.join(ROOT, 'Pulumi.yaml'), 'utf8')).main;

  // The Node.js host runs `main` itself only when it names a file; for a folder it runs
  // package.json's `exports`/`main`, which is the library, not the program.
  test('Pulumi.yaml main names a compiled file of stacks/, not the package entry point', () => {
    expect(main).toMatch(/^lib\/stacks\/[\w/-]+\.js$/);
    expect([pkg.main, pkg.exports['.'].default.replace(/^\.\//, '')]).not.toContain(main);
  });

  test('its source is built by tsconfig.build.json and exports the program', () => {
    const source = main.replace(/^lib\//, '').replace(/\.js$/, '.ts');
    expect(fs.existsSync(path.join(ROOT, source))).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8')).include).toContain(source.split('/')[0]);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(require(path.join(ROOT, source))).toBe(require('../stacks/program').program);
  });

  test('after a build, the file exists', () => {
    // `npm test` compiles into lib/ first; a checkout that was never built has nothing to check.
    if (!fs.existsSync(path.join(ROOT, 'lib'))) return;
    expect(fs.existsSync(path.join(ROOT, main))).toBe(true);
  });
});

describe('no silent credential rotation', () => {
  test('a platform needs a secret store', () => {
    // @ts-expect-error the store is required: tsc fails here if it gets a default again
    expect(() => new api.KubeflowPlatform(api.parseConfig({}))).toThrow(new Error(
      "KubeflowPlatform: 'secrets' (undefined) must be a SecretStore: FileSecretStore keeps generated credentials in a file between builds, PlaceholderStore leaves them to Pulumi, EphemeralSecretStore (new values every build) is for tests",
    ));
  });

  test('two builds with one FileSecretStore file give the same credentials', () => {
    const file = path.join(fs.mkdtempSync(path.join(require('os').tmpdir(), 'kfiac-rot-')), 'secrets.yaml'); // eslint-disable-line @typescript-eslint/no-require-imports
    const build = () => {
      const store = new api.FileSecretStore(file);
      const yaml = [...api.renderWaves(new api.KubeflowPlatform(api.parseConfig({}), store).waves()).values()].join('');
      store.save();
      return yaml;
    };
    expect(build()).toBe(build());
  });
});
