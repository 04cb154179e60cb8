import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { catalogFor, RELEASES } from '../constructs/catalog';
import { rewriteImage } from '../constructs/core/images';
import { main } from '../cli/main';

function run(args: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(args, (l) => out.push(l), (l) => err.push(l));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('kubeflow-iac CLI', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kfiac-cli-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test.each(['synth', 'images', 'validate'])('%s has --help', (cmd) => {
    const r = run([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^usage: kubeflow-iac ${cmd}`));
  });

  test('an unknown command lists the commands', () => {
    const r = run(['synthesize']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^kubeflow-iac: unknown command 'synthesize'; commands: synth, images, validate/);
  });

  test('synth writes waves in install order: CRDs, then namespaces, then components', () => {
    const out = path.join(tmp, 'dist');
    expect(run(['synth', '--out', out]).code).toBe(0);
    const [marker, ...waves] = fs.readdirSync(out).sort();
    expect(marker).toBe('.kubeflow-iac-output');
    expect(waves[0]).toBe('wave-00-crds');
    expect(waves[1]).toBe('wave-01-namespaces');
    expect(fs.readdirSync(path.join(out, 'wave-00-crds'))).toContain('cert-manager.yaml');
  });

  test('a bad config writes nothing and leaves an existing output folder untouched', () => {
    const out = path.join(tmp, 'dist');
    const secrets = path.join(tmp, 'secrets.yaml');
    expect(run(['synth', '--out', out, '--secrets', secrets]).code).toBe(0);
    const before = fs.readdirSync(out).sort();
    const config = path.join(tmp, 'bad.yaml');
    fs.writeFileSync(config, 'release: "1.10"\n');
    const r = run(['synth', '--config', config, '--out', out, '--secrets', secrets]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`kubeflow-iac synth: invalid config, nothing written:\n  ${config}:1: release: got "1.10"; allowed: "v1.11.0", "26.03", "26.03.1"`);
    expect(fs.readdirSync(out).sort()).toEqual(before);
    expect(fs.readdirSync(tmp).sort()).toEqual(['bad.yaml', 'dist', 'secrets.yaml']);
  });

  test('a missing config file is an error naming the file', () => {
    const r = run(['validate', '--config', path.join(tmp, 'nope.yaml')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('nope.yaml: cannot read the config file (ENOENT)');
  });

  test('validate writes nothing', () => {
    const before = fs.readdirSync(tmp);
    const r = run(['validate']);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(tmp)).toEqual(before);
  });

  // The tags are the release's: the catalog's cert-manager images, under the mirror's name.
  test.each(RELEASES)('images prints one sorted reference per line, through the mirror (%s)', (release) => {
    const config = path.join(tmp, 'mirror.yaml');
    fs.writeFileSync(config, `release: "${release}"\nregistry: mirror.local\n`);
    const r = run(['images', '--config', config]);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines).toEqual([...lines].sort());
    const { images } = catalogFor(release);
    expect(lines).toContain(rewriteImage(images['cert-manager/controller'], 'mirror.local'));
    expect(lines).toContain(rewriteImage(images['cert-manager/acmesolver'], 'mirror.local'));
  });

  test('images without a release lists the images of 26.03.1, the default', () => {
    const r = run(['images']);
    expect(r.out.split('\n')).toContain(`quay.io/jetstack/cert-manager-controller:${catalogFor('26.03.1').versions.certManager}`);
  });
});
