import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../cli/main';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenants-cli-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(args: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(args, (l) => out.push(l), (l) => err.push(l));
  return { code, out, err };
}

describe('--profiles', () => {
  test('a bad tenant file stops synth before anything is written', () => {
    const profiles = path.join(dir, 'profiles');
    fs.mkdirSync(profiles);
    fs.writeFileSync(path.join(profiles, 't.yaml'), 'name: team\nowner: a@example.com\ncontributors:\n  - user: b@example.com\n    role: owner\n');
    const outDir = path.join(dir, 'out');
    const r = run(['synth', '--profiles', profiles, '--out', outDir, '--secrets', path.join(dir, 'secrets.yaml')]);
    expect(r).toEqual({
      code: 1,
      out: [],
      err: [`kubeflow-iac synth: invalid config, nothing written:\n  ${path.join(profiles, 't.yaml')}:5: contributors[0].role: got "owner"; allowed: "edit", "view"`],
    });
    expect(fs.existsSync(outDir)).toBe(false);
  });

  test('a missing folder named on the command line is an error', () => {
    const missing = path.join(dir, 'nowhere');
    const r = run(['validate', '--profiles', missing]);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([`kubeflow-iac validate: invalid config, nothing written:\n  ${missing}: cannot read the tenants folder (ENOENT)`]);
  });

  test('tenants of the folder are part of the platform', () => {
    const profiles = path.join(dir, 'tenants');
    fs.mkdirSync(profiles);
    fs.writeFileSync(path.join(profiles, 't.yaml'), 'name: team-cli\nowner: a@example.com\n');
    const config = path.join(dir, 'config.yaml');
    const off = ['auth', 'dashboard', 'pipelines', 'knative', 'kserve', 'katib', 'notebooks', 'tensorboards', 'volumes', 'pvcViewer', 'trainer', 'spark'];
    fs.writeFileSync(config, `components:\n${off.map((k) => `  ${k}: {enabled: false}\n`).join('')}`);
    const outDir = path.join(dir, 'out');
    const r = run(['synth', '--config', config, '--profiles', profiles, '--out', outDir, '--secrets', path.join(dir, 'secrets.yaml')]);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const all = fs.readdirSync(outDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'))
      .map((f) => fs.readFileSync(path.join(outDir, f), 'utf8')).join('\n');
    expect(all).toContain('kind: Profile\nmetadata:\n  labels:\n    app.kubernetes.io/managed-by: kubeflow-iac\n    kubeflow-iac.io/component: profiles\n  name: team-cli\n');
  });

  test('tenant files while profiles is disabled are an error naming the files and the fix; config problems come with them', () => {
    const profiles = path.join(dir, 'tenants');
    fs.mkdirSync(profiles);
    fs.writeFileSync(path.join(profiles, 'a.yaml'), 'name: team-a\nowner: a@example.com\n');
    fs.writeFileSync(path.join(profiles, 'b.yml'), 'name: team-b\nowner: b@example.com\n');
    const config = path.join(dir, 'config.yaml');
    // Everything that needs profiles goes off with it, Hub (26.03.1) included, so the tenant files are the only problem.
    const off = ['profiles', 'dashboard', 'pipelines', 'katib', 'notebooks', 'tensorboards', 'volumes', 'hub'];
    fs.writeFileSync(config, `components:\n${off.map((k) => `  ${k}: {enabled: false}\n`).join('')}`);
    const r = run(['validate', '--config', config, '--profiles', profiles]);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([
      `kubeflow-iac validate: invalid config, nothing written:\n  ${path.join(profiles, 'a.yaml')}, ${path.join(profiles, 'b.yml')}: tenant files, but components.profiles.enabled is false, so no Profile would be made for them; enable profiles, or move the files out of ${profiles}`,
    ]);
    fs.writeFileSync(config, 'release: "1.0"\n');
    fs.writeFileSync(path.join(profiles, 'b.yml'), 'name: B\nowner: b@example.com\n');
    expect(run(['validate', '--config', config, '--profiles', profiles]).err).toEqual([
      `kubeflow-iac validate: invalid config, nothing written:\n  ${config}:1: release: got "1.0"; allowed: "v1.11.0", "26.03", "26.03.1"\n  ${path.join(profiles, 'b.yml')}:1: name: got "B"; must be a DNS label: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters`,
    ]);
  });
});
