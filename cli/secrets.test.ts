import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { main } from './main';
import { DEFAULT_SECRETS_FILE, loadSecrets } from './secrets';

function run(args: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(args, (l) => out.push(l), (l) => err.push(l));
  return { code, out, err };
}

function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return files;
}

describe('--secrets FILE', () => {
  let tmp: string;
  let secrets: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kfiac-secrets-'));
    secrets = path.join(tmp, 'state', 'secrets.yaml');
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('the default file is the git-ignored one', () => {
    expect(DEFAULT_SECRETS_FILE).toBe('.kubeflow-iac/secrets.yaml');
    expect(fs.readFileSync(path.join(__dirname, '..', '.gitignore'), 'utf8').split('\n')).toContain('.kubeflow-iac/');
  });

  test('a fresh synth generates the secrets and writes the file, owner-only', () => {
    const r = run(['synth', '--out', path.join(tmp, 'a'), '--secrets', secrets]);
    expect(r.code).toBe(0);
    const values = parse(fs.readFileSync(secrets, 'utf8')) as Record<string, string>;
    const n = Object.keys(values).length;
    expect(n).toBeGreaterThanOrEqual(4);
    expect(Object.keys(values)).toEqual(expect.arrayContaining(['dex.oidcClient.secret', 'oauth2Proxy.cookieSecret', 'dex.staticPassword.user@example.com', 'dex.staticPassword.user@example.com.hash']));
    expect(r.out).toContain(`generated ${n} secrets into ${secrets} (git-ignored); keep it to get the same output next time`);
    expect(fs.statSync(secrets).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(secrets))).toEqual(['secrets.yaml']);
  });

  test('two synths with the same secrets file give byte-identical output; the second writes nothing new', () => {
    expect(run(['synth', '--out', path.join(tmp, 'a'), '--secrets', secrets]).code).toBe(0);
    const before = fs.readFileSync(secrets, 'utf8');
    const mtime = fs.statSync(secrets).mtimeMs;
    const second = run(['synth', '--out', path.join(tmp, 'b'), '--secrets', secrets]);
    expect(second.code).toBe(0);
    expect(second.out.some((l) => l.startsWith('generated'))).toBe(false);
    expect(readTree(path.join(tmp, 'b'))).toEqual(readTree(path.join(tmp, 'a')));
    expect(fs.readFileSync(secrets, 'utf8')).toBe(before);
    expect(fs.statSync(secrets).mtimeMs).toBe(mtime);
  });

  test('validate and images read the file but never write it', () => {
    expect(run(['validate', '--secrets', secrets]).code).toBe(0);
    expect(run(['images', '--secrets', secrets]).code).toBe(0);
    expect(fs.existsSync(secrets)).toBe(false);
    expect(fs.readdirSync(tmp)).toEqual([]);
    fs.mkdirSync(path.dirname(secrets));
    fs.writeFileSync(secrets, 'oauth2Proxy.cookieSecret: short\n');
    const r = run(['validate', '--secrets', secrets]);
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toContain('secrets: oauth2Proxy.cookieSecret has 5 characters; oauth2-proxy needs 16, 24 or 32 (delete it to generate one)');
    expect(fs.readFileSync(secrets, 'utf8')).toBe('oauth2Proxy.cookieSecret: short\n');
  });

  test('a malformed secrets file is an error naming the file, and nothing is written', () => {
    fs.mkdirSync(path.dirname(secrets));
    fs.writeFileSync(secrets, '- a\n- b\n');
    const r = run(['synth', '--out', path.join(tmp, 'out'), '--secrets', secrets]);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([`kubeflow-iac synth: invalid config, nothing written:\n  ${secrets}: the secrets file must be a YAML mapping of secret keys to strings; got ["a","b"]`]);
    expect(fs.existsSync(path.join(tmp, 'out'))).toBe(false);
  });

  test('non-string values are refused by key', () => {
    fs.mkdirSync(path.dirname(secrets));
    fs.writeFileSync(secrets, 'dex.oidcClient.secret: 12\n');
    expect(() => loadSecrets(secrets)).toThrow(`${secrets}: dex.oidcClient.secret: got 12; expected a string`);
  });

  test('values written are read back as the same strings', () => {
    expect(run(['synth', '--out', path.join(tmp, 'a'), '--secrets', secrets]).code).toBe(0);
    const store = loadSecrets(secrets);
    expect(parse(fs.readFileSync(secrets, 'utf8'))).toEqual(store.entries());
    expect(store.entries()['dex.staticPassword.user@example.com.hash']).toMatch(/^\$2[aby]\$10\$/);
  });
});
