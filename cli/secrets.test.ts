import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compareSync } from 'bcryptjs';
import { parse } from 'yaml';
import { ConfigError } from '../constructs/config/errors';
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
    expect(r.err).toEqual([`kubeflow-iac validate: invalid config, nothing written:\n  ${secrets}:1: oauth2Proxy.cookieSecret: got 5 bytes; oauth2-proxy needs 16, 24 or 32 (delete the line to generate one)`]);
    expect(fs.readFileSync(secrets, 'utf8')).toBe('oauth2Proxy.cookieSecret: short\n');
  });

  test('a malformed secrets file is an error naming the file, and nothing is written', () => {
    fs.mkdirSync(path.dirname(secrets));
    fs.writeFileSync(secrets, '- a\n- b\n');
    const r = run(['synth', '--out', path.join(tmp, 'out'), '--secrets', secrets]);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([`kubeflow-iac synth: invalid config, nothing written:\n  ${secrets}: the secrets file must be a YAML mapping of secret keys to strings; got a list`]);
    expect(fs.existsSync(path.join(tmp, 'out'))).toBe(false);
  });


  test('values written are read back as the same strings', () => {
    expect(run(['synth', '--out', path.join(tmp, 'a'), '--secrets', secrets]).code).toBe(0);
    const store = loadSecrets(secrets);
    expect(parse(fs.readFileSync(secrets, 'utf8'))).toEqual(store.entries());
    expect(store.entries()['dex.staticPassword.user@example.com.hash']).toMatch(/^\$2[aby]\$10\$/);
  });

  describe('values that are not what their key says', () => {
    const hash = (n: number) => `$2b$10$${'a'.repeat(n)}`;
    const token = 'A'.repeat(32);
    test.each([
      ['a hash that is not bcrypt, with its password',
        `dex.staticPassword.a@example.com: pw\ndex.staticPassword.a@example.com.hash: ${hash(10)}\n`,
        ['2: dex.staticPassword.a@example.com.hash: got 17 characters that are not a bcrypt hash ($2a$, $2b$ or $2y$, a two-digit cost, $ and 53 characters: 60 in all); delete the line to hash dex.staticPassword.a@example.com again']],
      ['a hash that is not bcrypt, without its password',
        'dex.staticPassword.a@example.com.hash: hunter\n',
        ['1: dex.staticPassword.a@example.com.hash: got 6 characters that are not a bcrypt hash ($2a$, $2b$ or $2y$, a two-digit cost, $ and 53 characters: 60 in all); delete the line to generate a new password in dex.staticPassword.a@example.com']],
      ['a hash of the wrong prefix', `x.hash: $2x$10$${'a'.repeat(53)}\n`,
        ['1: x.hash: got 60 characters that are not a bcrypt hash ($2a$, $2b$ or $2y$, a two-digit cost, $ and 53 characters: 60 in all); delete the line to generate a new password in x']],
      ['a cookie secret of 31 bytes', `oauth2Proxy.cookieSecret: ${'c'.repeat(31)}\n`,
        ['1: oauth2Proxy.cookieSecret: got 31 bytes; oauth2-proxy needs 16, 24 or 32 (delete the line to generate one)']],
      ['a cookie secret of 16 characters but 17 bytes', `oauth2Proxy.cookieSecret: é${'a'.repeat(15)}\n`,
        ['1: oauth2Proxy.cookieSecret: got 17 bytes; oauth2-proxy needs 16, 24 or 32 (delete the line to generate one)']],
      ['an empty password', 'dex.staticPassword.a@example.com: ""\n',
        ['1: dex.staticPassword.a@example.com: got an empty password; write one, or delete the line and dex.staticPassword.a@example.com.hash to generate one']],
      ['a password longer than bcrypt reads', `dex.staticPassword.a@example.com: ${'p'.repeat(73)}\n`,
        ['1: dex.staticPassword.a@example.com: got 73 bytes; bcrypt reads only the first 72, so use a shorter password']],
      ['a short client secret', 'dex.oidcClient.secret: changeme\n',
        ["1: dex.oidcClient.secret: got 8 characters; expected at least 16 letters, digits, '-' or '_' as generated (delete the line to generate one)"]],
      ['a database password with a space', `pipelines/mysql-root-password: ${token} x\nkatib/mysql-root-password: ${token}\n`,
        ["1: pipelines/mysql-root-password: got 34 characters; expected at least 16 letters, digits, '-' or '_' as generated (delete the line to generate one)"]],
      ['an object-store key with a shell character', `pipelines/seaweedfs-access-key: ${token}$\npipelines/seaweedfs-secret-key: short\n`,
        ["1: pipelines/seaweedfs-access-key: got 33 characters; expected at least 16 letters, digits, '-' or '_' as generated (delete the line to generate one)",
          "2: pipelines/seaweedfs-secret-key: got 5 characters; expected at least 16 letters, digits, '-' or '_' as generated (delete the line to generate one)"]],
      ['a number, a list and an empty value', 'dex.oidcClient.secret: 1234567890123456\nkatib/mysql-root-password: [a]\noauth2Proxy.cookieSecret:\n',
        ['1: dex.oidcClient.secret: got a number; expected a string (put the value in quotes)',
          '2: katib/mysql-root-password: got a list; expected a string (put the value in quotes)',
          '3: oauth2Proxy.cookieSecret: got nothing; expected a string (delete the line to generate one)']],
    ])('%s', (_, text, expected) => {
      fs.mkdirSync(path.dirname(secrets));
      fs.writeFileSync(secrets, text as string, { mode: 0o600 });
      let problems: readonly string[] = [];
      try {
        loadSecrets(secrets);
      } catch (e) {
        problems = (e as ConfigError).problems;
      }
      expect(problems).toEqual((expected as string[]).map((l) => `${secrets}:${l}`));
      // The value itself never appears in a message.
      const values = Object.values(parse(text as string) as Record<string, unknown>).filter((v): v is string => typeof v === 'string' && v.length > 3);
      for (const v of values) expect(problems.join('\n')).not.toContain(v);
    });

    test('unknown keys and well-formed values are kept as they are', () => {
      fs.mkdirSync(path.dirname(secrets));
      const text = `old.key: anything\noauth2Proxy.cookieSecret: ${'c'.repeat(24)}\ndex.oidcClient.secret: ${token}\n`;
      fs.writeFileSync(secrets, text, { mode: 0o600 });
      const store = loadSecrets(secrets);
      expect(store.entries()).toEqual(parse(text));
      expect(store.notices).toEqual([]);
    });

    test('a YAML error names the line and column but not the text', () => {
      fs.mkdirSync(path.dirname(secrets));
      fs.writeFileSync(secrets, 'a: x\na: hunter2hunter2\n', { mode: 0o600 });
      expect(() => loadSecrets(secrets)).toThrow(new ConfigError([`${secrets}:2:1: the secrets file is not valid YAML: Map keys must be unique`]));
    });
  });

  describe('a password edited by hand', () => {
    const user = 'dex.staticPassword.user@example.com';
    const edit = (password: string) => {
      const text = fs.readFileSync(secrets, 'utf8').replace(new RegExp(`^${user.replace(/\./g, '\\.')}: .*$`, 'm'), `${user}: ${password}`);
      fs.writeFileSync(secrets, text);
    };

    test('is hashed again, said on stderr, saved, and the output has the new hash', () => {
      expect(run(['synth', '--out', path.join(tmp, 'a'), '--secrets', secrets]).code).toBe(0);
      const oldHash = loadSecrets(secrets).entries()[`${user}.hash`];
      edit('my-new-password');
      const r = run(['synth', '--out', path.join(tmp, 'b'), '--secrets', secrets]);
      expect(r.code).toBe(0);
      const line = fs.readFileSync(secrets, 'utf8').split('\n').findIndex((l) => l.startsWith(`${user}.hash:`)) + 1;
      expect(r.err).toEqual([`${secrets}:${line}: re-hashed ${user}.hash from the edited password ${user}`]);
      expect(r.out[0]).toBe(`saved 1 re-hashed secrets to ${secrets}`);
      const newHash = loadSecrets(secrets).entries()[`${user}.hash`];
      expect(newHash).not.toBe(oldHash);
      expect(compareSync('my-new-password', newHash)).toBe(true);
      // Same salt and cost as the hash it replaces.
      expect(newHash.slice(0, 29)).toBe(oldHash.slice(0, 29));
      const dex = Object.entries(readTree(path.join(tmp, 'b'))).map(([, t]) => t).join('\n');
      expect(dex).toContain(newHash);
      expect(dex).not.toContain(oldHash);
    });

    test('gives the same hash every time for the same file', () => {
      expect(run(['synth', '--out', path.join(tmp, 'a'), '--secrets', secrets]).code).toBe(0);
      edit('again-and-again');
      const before = fs.readFileSync(secrets, 'utf8');
      const first = loadSecrets(secrets).entries()[`${user}.hash`];
      expect(loadSecrets(secrets).entries()[`${user}.hash`]).toBe(first);
      expect(fs.readFileSync(secrets, 'utf8')).toBe(before);
    });

    test('validate says so and writes nothing', () => {
      expect(run(['synth', '--out', path.join(tmp, 'a'), '--secrets', secrets]).code).toBe(0);
      edit('edited');
      const before = fs.readFileSync(secrets, 'utf8');
      const r = run(['validate', '--secrets', secrets]);
      expect(r.code).toBe(0);
      expect(r.err).toHaveLength(1);
      expect(r.err[0]).toMatch(/: re-hashed dex\.staticPassword\.user@example\.com\.hash from the edited password dex\.staticPassword\.user@example\.com$/);
      expect(fs.readFileSync(secrets, 'utf8')).toBe(before);
    });
  });

  const writeValid = () => {
    fs.mkdirSync(path.dirname(secrets));
    fs.writeFileSync(secrets, `oauth2Proxy.cookieSecret: ${'c'.repeat(32)}\n`);
  };

  test.each([['644', 0o644], ['640', 0o640], ['606', 0o606]])('a secrets file of mode %s gets a warning on stderr, not an error', (text, mode) => {
    writeValid();
    fs.chmodSync(secrets, mode);
    expect(loadSecrets(secrets).notices).toEqual([`warning: ${secrets} holds credentials but group or others can access it (mode ${text}); run chmod 600 ${secrets}`]);
  });

  test('the warning is printed on stderr and the command still succeeds', () => {
    writeValid();
    fs.chmodSync(secrets, 0o644);
    const r = run(['validate', '--secrets', secrets]);
    expect(r.code).toBe(0);
    expect(r.err).toEqual([`warning: ${secrets} holds credentials but group or others can access it (mode 644); run chmod 600 ${secrets}`]);
  });

  test('an owner-only secrets file gets no warning', () => {
    writeValid();
    fs.chmodSync(secrets, 0o400);
    expect(loadSecrets(secrets).notices).toEqual([]);
  });
});
