import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tar from 'tar';
import { OutputError, OUTPUT_MARKER, stageTree, writeTree } from '../constructs/platform/output';
import { CDK8S_APP, CLI, hashTree, runCli, writeFiles } from './cli-run';

// Files a user could lose: every destructive case must leave them byte-identical.
const PROJECT = { 'README.md': '# my site\n', 'site.yaml': 'release: "26.03"\n', '.kubeflow-iac/secrets.yaml': 'dex-password: kept\n' };
const OURS = new Map([['wave-00-crds/a.yaml', 'a: 1\n'], ['wave-01-namespaces/b.yaml', 'b: 2\n']]);

interface Case {
  readonly name: string;
  readonly files?: Readonly<Record<string, string>>;
  readonly setup?: (dir: string) => void;
  /** Folder to run in, relative to the scratch folder. @default the scratch folder */
  readonly cwd?: string;
  readonly args: readonly string[];
  readonly env?: Record<string, string>;
  readonly entry?: string;
  readonly code: number;
  readonly err: string;
}

const cases: Case[] = [
  { name: 'synth --out ""', files: PROJECT, args: ['synth', '--out', ''], code: 2,
    err: "kubeflow-iac synth: --out is empty; name an output folder, such as --out dist\nrun 'kubeflow-iac help synth' for its options" },
  { name: 'synth --out .', files: PROJECT, args: ['synth', '--out', '.'], code: 1,
    err: 'kubeflow-iac synth: refusing to replace .: it is the current folder; name a new folder inside it, such as dist' },
  { name: 'synth --out .. (a parent of the current folder)', files: { ...PROJECT, 'work/notes.txt': 'n\n' }, cwd: 'work', args: ['synth', '--out', '..'], code: 1,
    err: 'kubeflow-iac synth: refusing to replace ..: it contains the current folder; name a new folder, such as dist' },
  { name: 'synth --out a git work tree', files: { 'repo/.git/HEAD': 'ref: refs/heads/main\n', 'repo/src/app.ts': 'x\n' }, args: ['synth', '--out', 'repo'], code: 1,
    err: 'kubeflow-iac synth: refusing to replace repo: it is a git work tree (it holds .git); name a new folder inside it, such as dist' },
  { name: 'synth --out the default secrets folder', files: PROJECT, args: ['synth', '--out', '.kubeflow-iac'], code: 1,
    err: 'kubeflow-iac synth: refusing to replace .kubeflow-iac: it is the folder of the secrets file .kubeflow-iac/secrets.yaml; choose another output folder, or keep the secrets elsewhere with --secrets' },
  { name: 'synth --out inside the default secrets folder', files: PROJECT, args: ['synth', '--out', '.kubeflow-iac/out'], code: 1,
    err: 'kubeflow-iac synth: refusing to replace .kubeflow-iac/out: it is inside the secrets folder .kubeflow-iac; choose another output folder, or keep the secrets elsewhere with --secrets' },
  { name: 'synth --out a folder holding the --secrets file', files: { 'site/keys/secrets.yaml': 'a: b\n' }, args: ['synth', '--out', 'site', '--secrets', 'site/keys/secrets.yaml'], code: 1,
    err: 'kubeflow-iac synth: refusing to replace site: it holds the secrets file site/keys/secrets.yaml; choose another output folder, or keep the secrets elsewhere with --secrets' },
  { name: 'synth --out the --secrets file', files: { 'secrets.yaml': 'a: b\n' }, args: ['synth', '--out', 'secrets.yaml', '--secrets', 'secrets.yaml'], code: 1,
    err: 'kubeflow-iac synth: refusing to replace secrets.yaml: it is the secrets file; choose another output folder, or keep the secrets elsewhere with --secrets' },
  { name: 'synth --out a regular file', files: { ...PROJECT, 'some-file.txt': 'mine\n' }, args: ['synth', '--out', 'some-file.txt'], code: 1,
    err: 'kubeflow-iac synth: refusing to replace some-file.txt: it is a file, not a folder; move it away or choose another folder' },
  { name: 'synth --out a symbolic link', files: { 'real/a.txt': 'a\n' }, setup: (d) => fs.symlinkSync('real', path.join(d, 'link')), args: ['synth', '--out', 'link'], code: 1,
    err: 'kubeflow-iac synth: refusing to replace link: it is a symbolic link; name the folder itself, or a new one' },
  { name: 'synth --out a folder kubeflow-iac did not write', files: { 'docs/guide.md': 'g\n' }, args: ['synth', '--out', 'docs'], code: 1,
    err: 'kubeflow-iac synth: refusing to replace docs: it holds guide.md, and kubeflow-iac did not write this folder (no .kubeflow-iac-output); empty it or choose another folder' },
  { name: 'synth --out its own output with a user file dropped in', setup: (d) => { writeTree(path.join(d, 'dist'), OURS); writeFiles(d, { 'dist/wave-00-crds/notes.txt': 'mine\n' }); },
    args: ['synth', '--out', 'dist'], code: 1,
    err: 'kubeflow-iac synth: refusing to replace dist: it holds wave-00-crds/notes.txt, which kubeflow-iac did not write; move it away or choose another folder' },
  { name: 'synth --out its own output with a file edited', setup: (d) => { writeTree(path.join(d, 'dist'), OURS); writeFiles(d, { 'dist/wave-01-namespaces/b.yaml': 'b: edited\n' }); },
    args: ['synth', '--out', 'dist'], code: 1,
    err: 'kubeflow-iac synth: refusing to replace dist: wave-01-namespaces/b.yaml changed since kubeflow-iac wrote it; move it away or choose another folder' },
  { name: 'bundle --out . in a home folder', files: { '.ssh/id_ed25519': 'PRIVATE KEY\n', '.bashrc': 'alias ll="ls -l"\n' }, args: ['bundle', '--out', '.'], code: 1,
    err: 'kubeflow-iac bundle: refusing to replace .: it is the current folder; name a new folder inside it, such as dist' },
  { name: 'bundle --tar over a user file', files: { 'site.tar.gz': 'not an archive\n' }, args: ['bundle', '--out', 'site', '--tar'], code: 1,
    err: 'kubeflow-iac bundle: refusing to replace site.tar.gz: it is not a bundle archive kubeflow-iac wrote (a .tar.gz whose top folder holds .kubeflow-iac-output); move it away or choose another --out' },
  { name: 'bundle --tar over a user archive', files: { 'photos/a.jpg': 'jpg\n' },
    setup: (d) => tar.create({ gzip: true, file: path.join(d, 'site.tar.gz'), cwd: d, sync: true }, ['photos']),
    args: ['bundle', '--out', 'site', '--tar'], code: 1,
    err: 'kubeflow-iac bundle: refusing to replace site.tar.gz: it is not a bundle archive kubeflow-iac wrote (a .tar.gz whose top folder holds .kubeflow-iac-output); move it away or choose another --out' },
  { name: 'cdk8s synth with CDK8S_OUTDIR=""', files: PROJECT, args: [], env: { CDK8S_OUTDIR: '' }, entry: CDK8S_APP, code: 2,
    err: "kubeflow-iac synth: CDK8S_OUTDIR is set but empty; unset it or name an output folder, such as CDK8S_OUTDIR=dist\nrun 'kubeflow-iac help synth' for its options" },
  { name: 'cdk8s synth with CDK8S_OUTDIR=.', files: PROJECT, args: [], env: { CDK8S_OUTDIR: '.' }, entry: CDK8S_APP, code: 1,
    err: 'kubeflow-iac synth: refusing to replace .: it is the current folder; name a new folder inside it, such as dist' },
  // The path passes the checks but cannot be created: found before the secrets file is written.
  { name: 'synth --out a path that cannot be created', files: { 'README.md': 'r\n' }, args: ['synth', '--out', '/sys/kubeflow-iac-test/out'], code: 1,
    err: process.getuid?.() === 0
      ? 'kubeflow-iac synth: cannot write /sys/kubeflow-iac-test/out: operation not permitted (EPERM); choose a folder you can write, or change its permissions'
      : 'kubeflow-iac synth: cannot write /sys/kubeflow-iac-test/out: permission denied (EACCES); choose a folder you can write, or change its permissions' },
  // node's own recursive mkdir never returns here (mkdir says ENOENT under /proc).
  { name: 'synth --out a path under /proc', files: { 'README.md': 'r\n' }, args: ['synth', '--out', '/proc/kubeflow-iac-test/out'], code: 1,
    err: 'kubeflow-iac synth: cannot write /proc/kubeflow-iac-test/out: no such file or folder (ENOENT); check the path' },
];

describe('output paths kubeflow-iac must not replace', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kfiac-paths-'));
  });
  afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

  test.each(cases)('$name: error, exit $code, every file kept', (c) => {
    writeFiles(scratch, c.files ?? {});
    c.setup?.(scratch);
    const before = hashTree(scratch);
    const r = runCli(c.args, path.join(scratch, c.cwd ?? '.'), c.env, c.entry);
    expect(r.err).toBe(c.err);
    expect(r.code).toBe(c.code);
    expect(r.out).toBe('');
    expect(hashTree(scratch)).toEqual(before);
  });
});

describe('output paths kubeflow-iac writes', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kfiac-paths-'));
  });
  afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

  /** Every file the marker lists is there with its hash, and nothing else is. */
  function expectMarked(dir: string) {
    const listed = fs.readFileSync(path.join(dir, OUTPUT_MARKER), 'utf8').trimEnd().split('\n').map((l) => `./${l.split('  ')[1]}`).sort();
    const files = Object.entries(hashTree(dir)).filter(([, v]) => v.startsWith('file')).map(([k]) => `./${k}`).filter((k) => k !== `./${OUTPUT_MARKER}`).sort();
    expect(files).toEqual(listed);
    expect(listed.length).toBeGreaterThan(40);
  }

  test('a fresh path, then again over its own output: same tree', () => {
    const r = runCli(['synth', '--out', 'dist'], scratch);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expectMarked(path.join(scratch, 'dist'));
    const first = hashTree(path.join(scratch, 'dist'));
    expect(runCli(['synth', '--out', 'dist'], scratch).code).toBe(0);
    expect(hashTree(path.join(scratch, 'dist'))).toEqual(first);
    expect(fs.readdirSync(scratch).sort()).toEqual(['.kubeflow-iac', 'dist']);
  });

  test('an empty folder', () => {
    fs.mkdirSync(path.join(scratch, 'dist'));
    expect(runCli(['synth', '--out', 'dist'], scratch).code).toBe(0);
    expectMarked(path.join(scratch, 'dist'));
  });

  test('bundle --tar, twice: the archive and the files with credentials are 0600, and it says so', () => {
    for (let i = 0; i < 2; i++) {
      const r = runCli(['bundle', '--out', 'site', '--tar'], scratch);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/\nthe bundle holds credentials \(\d+ Secrets in \d+ files under manifests\/, mode 0600\): keep it and the archive private$/);
    }
    expect(fs.statSync(path.join(scratch, 'site.tar.gz')).mode & 0o777).toBe(0o600);
    const files = Object.entries(hashTree(path.join(scratch, 'site'))).filter(([, v]) => v.startsWith('file'));
    const withSecrets = files.filter(([k]) => /^kind: Secret$/m.test(fs.readFileSync(path.join(scratch, 'site', k), 'utf8'))).map(([k]) => k);
    expect(withSecrets.length).toBeGreaterThan(0);
    expect(files.filter(([, v]) => v.startsWith('file 600 ')).map(([k]) => k)).toEqual(withSecrets);
    const entries: string[] = [];
    tar.list({ file: path.join(scratch, 'site.tar.gz'), sync: true, onReadEntry: (e) => void entries.push(e.path) });
    expect(entries).toContain(`site/${OUTPUT_MARKER}`);
  });

  test('a write that fails midway leaves the old output as it was, and no staging folder', () => {
    const dist = path.join(scratch, 'dist');
    writeTree(dist, OURS);
    const before = hashTree(scratch);
    // "wave-00-crds/a.yaml" is a file, so "wave-00-crds/a.yaml/c.yaml" cannot be written.
    const broken = new Map([...OURS, ['wave-00-crds/a.yaml/c.yaml', 'c: 3\n']]);
    expect(() => writeTree(dist, broken)).toThrow(OutputError);
    expect(() => writeTree(dist, broken)).toThrow(`cannot write ${dist}: a part of the path is a file, not a folder (ENOTDIR); choose another path`);
    expect(hashTree(scratch)).toEqual(before);
  });

  test('a user file dropped in while the output is staged stops the swap', () => {
    const dist = path.join(scratch, 'dist');
    writeTree(dist, OURS);
    const staged = stageTree(dist, new Map([['wave-00-crds/new.yaml', 'n: 1\n']]));
    writeFiles(dist, { 'mine.txt': 'mine\n' });
    const before = hashTree(dist);
    expect(() => staged.commit()).toThrow(`refusing to replace ${dist}: it holds mine.txt, which kubeflow-iac did not write; move it away or choose another folder`);
    expect(hashTree(dist)).toEqual(before);
    expect(fs.readdirSync(scratch)).toEqual(['dist']);
  });

  // Root writes anywhere, so this case can only run as another user.
  (process.getuid?.() === 0 ? test.skip : test)('an unwritable parent: exit 1, one line, the old output kept', () => {
    const parent = path.join(scratch, 'out');
    writeTree(path.join(parent, 'dist'), OURS);
    const before = hashTree(scratch);
    fs.chmodSync(parent, 0o555);
    try {
      const r = runCli(['synth', '--out', 'out/dist', '--secrets', 'secrets.yaml'], scratch);
      expect(r.err).toBe('kubeflow-iac synth: cannot write out/dist: permission denied (EACCES); choose a folder you can write, or change its permissions');
      expect(r.code).toBe(1);
    } finally {
      fs.chmodSync(parent, 0o755);
    }
    expect(hashTree(scratch)).toEqual(before);
  });

  test('the entry points exist (built by npm test)', () => {
    expect(fs.existsSync(CLI) && fs.existsSync(CDK8S_APP)).toBe(true);
  });
});
