import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeFailure } from '../cli/errors';
import { main } from '../cli/main';
import { DEFAULT_RELEASE } from '../constructs/catalog/types';
import { runCli, writeFiles } from './cli-run';

const version = (JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
const hint = (cmd: string) => `\nrun 'kubeflow-iac help ${cmd}' for its options`;
const invalid = (cmd: string, line: string) => `kubeflow-iac ${cmd}: invalid config, nothing written:\n  ${line}`;

// Run in a scratch folder holding these files.
const FILES = { 'a-file.txt': 'not a folder\n', 'conf/.keep': '' };

const cases: { args: string[]; code: number; err: string }[] = [
  { args: [], code: 2, err: '' }, // the usage text, checked below
  { args: ['nosuch'], code: 2, err: "kubeflow-iac: unknown command 'nosuch'; commands: synth, images, validate, bundle, plan, graph, footprint" },
  { args: ['help', 'nosuch'], code: 2, err: "kubeflow-iac help: unknown command 'nosuch'; commands: synth, images, validate, bundle, plan, graph, footprint" },
  { args: ['synth', '--out', 'a', '--out', 'b'], code: 2, err: `kubeflow-iac synth: --out is given more than once; give it once${hint('synth')}` },
  { args: ['synth', '--nope'], code: 2, err: `kubeflow-iac synth: Unknown option '--nope'${hint('synth')}` },
  { args: ['images', 'extra'], code: 2, err: `kubeflow-iac images: Unexpected argument 'extra'. This command does not take positional arguments${hint('images')}` },
  { args: ['validate', '--config', 'x.yaml', '--config', 'y.yaml'], code: 2, err: `kubeflow-iac validate: --config is given more than once; give it once${hint('validate')}` },
  { args: ['bundle'], code: 2, err: `kubeflow-iac bundle: --out is required${hint('bundle')}` },
  { args: ['bundle', '--out', ''], code: 2, err: `kubeflow-iac bundle: --out is empty; name a bundle folder, such as --out kubeflow-bundle${hint('bundle')}` },
  { args: ['plan', '--to', '26.03'], code: 2, err: `kubeflow-iac plan: --from is required${hint('plan')}` },
  { args: ['plan', '--from', 'v1.11.0'], code: 2, err: `kubeflow-iac plan: --to is required${hint('plan')}` },
  { args: ['plan', '--from', '1.10', '--to', '26.03'], code: 2, err: `kubeflow-iac plan: --from: got "1.10"; allowed: "v1.11.0", "26.03", "26.03.1"${hint('plan')}` },
  { args: ['graph', '--stack', '../etc'], code: 2, err: `kubeflow-iac graph: --stack: got "../etc"; expected a stack name such as kind, eks, gke, existing${hint('graph')}` },
  { args: ['graph', '--stack', 'kind', '--stack', 'eks'], code: 2, err: `kubeflow-iac graph: --stack is given more than once; give it once${hint('graph')}` },
  { args: ['footprint', '--out', 'x'], code: 2, err: `kubeflow-iac footprint: Unknown option '--out'${hint('footprint')}` },
  { args: ['footprint', 'extra'], code: 2, err: `kubeflow-iac footprint: Unexpected argument 'extra'. This command does not take positional arguments${hint('footprint')}` },
  { args: ['footprint', '--config', 'x.yaml', '--config', 'y.yaml'], code: 2, err: `kubeflow-iac footprint: --config is given more than once; give it once${hint('footprint')}` },
  { args: ['footprint', '--json=yes'], code: 2, err: `kubeflow-iac footprint: Option '--json' does not take an argument${hint('footprint')}` },
  // Unreadable inputs: exit 1, the path and the reason.
  { args: ['validate', '--config', 'missing.yaml'], code: 1, err: invalid('validate', 'missing.yaml: cannot read the config file (ENOENT)') },
  { args: ['images', '--config', 'conf'], code: 1, err: invalid('images', 'conf: cannot read the config file (EISDIR)') },
  { args: ['synth', '--out', 'dist', '--profiles', 'missing'], code: 1, err: invalid('synth', 'missing: cannot read the tenants folder (ENOENT)') },
  { args: ['validate', '--profiles', 'a-file.txt'], code: 1, err: invalid('validate', 'a-file.txt: cannot read the tenants folder (ENOTDIR)') },
  { args: ['plan', '--from', 'v1.11.0', '--to', '26.03', '--config', 'missing.yaml'], code: 1, err: invalid('plan', 'missing.yaml: cannot read the config file (ENOENT)') },
  { args: ['graph', '--config', 'missing.yaml'], code: 1, err: invalid('graph', 'missing.yaml: cannot read the config file (ENOENT)') },
  { args: ['graph', '--profiles', 'a-file.txt'], code: 1, err: invalid('graph', 'a-file.txt: cannot read the tenants folder (ENOTDIR)') },
  { args: ['footprint', '--config', 'missing.yaml'], code: 1, err: invalid('footprint', 'missing.yaml: cannot read the config file (ENOENT)') },
  { args: ['footprint', '--profiles', 'a-file.txt'], code: 1, err: invalid('footprint', 'a-file.txt: cannot read the tenants folder (ENOTDIR)') },
  { args: ['footprint', '--secrets', 'a-file.txt/s.yaml'], code: 1, err: invalid('footprint', 'a-file.txt/s.yaml: cannot read the secrets file (ENOTDIR)') },
  // Output paths whose parent is a file.
  { args: ['synth', '--out', 'a-file.txt/dist'], code: 1, err: 'kubeflow-iac synth: cannot write a-file.txt/dist: a part of the path is a file, not a folder (ENOTDIR); choose another path' },
  { args: ['bundle', '--out', 'a-file.txt/b'], code: 1, err: 'kubeflow-iac bundle: cannot write a-file.txt/b: a part of the path is a file, not a folder (ENOTDIR); choose another path' },
];

describe('bad command lines and inputs: one line, the right exit code, no stack trace', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kfiac-bad-'));
    writeFiles(scratch, FILES);
  });
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  test.each(cases)('kubeflow-iac $args: exit $code', ({ args, code, err }) => {
    const r = runCli(args, scratch);
    expect(r.err).not.toMatch(/^ {4}at /m);
    if (args.length) expect(r.err).toBe(err);
    else expect(r.err).toMatch(/^usage: kubeflow-iac COMMAND \[options\]\n/);
    expect(r.code).toBe(code);
    // Nothing written: the folder holds what it held.
    expect(fs.readdirSync(scratch).sort()).toEqual(['a-file.txt', 'conf']);
  });
});

describe('CLI conventions', () => {
  const run = (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = main(args, (l) => out.push(l), (l) => err.push(l));
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  test('--version names the package version and the default release', () => {
    expect(run(['--version'])).toEqual({ code: 0, out: `kubeflow-iac ${version} (default release ${DEFAULT_RELEASE})`, err: '' });
  });

  test('the built CLI finds its package.json too', () => {
    expect(runCli(['--version'], os.tmpdir()).out).toBe(`kubeflow-iac ${version} (default release ${DEFAULT_RELEASE})`);
  });

  test.each(['synth', 'images', 'validate', 'bundle', 'plan', 'graph', 'footprint'])('help %s is the same as --help', (cmd) => {
    const help = run(['help', cmd]);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(new RegExp(`^usage: kubeflow-iac ${cmd} `));
    expect(help).toEqual(run([cmd, '--help']));
  });

  test('required flags say so in the help', () => {
    expect(run(['help', 'bundle']).out).toMatch(/--out +bundle folder: new, empty, or one kubeflow-iac wrote; replaced whole \(required\)\n/);
    expect(run(['help', 'plan']).out).toMatch(/--from .*\(required\)\n/);
  });
});

describe('file-system errors in words', () => {
  const errno = (code: string, syscall: string, p: string) => Object.assign(new Error(`${code}: oops, ${syscall} '${p}'`), { code, syscall, path: p });

  test.each([
    [errno('EACCES', 'open', '/srv/site/secrets.yaml'), 'kubeflow-iac synth: cannot open /srv/site/secrets.yaml: permission denied (EACCES); choose a folder you can write, or change its permissions'],
    [errno('ENOSPC', 'write', '/srv/dist/a.yaml'), 'kubeflow-iac synth: cannot write /srv/dist/a.yaml: no space left on the device (ENOSPC); free some space and run again'],
    [errno('EROFS', 'mkdir', '/srv/dist'), 'kubeflow-iac synth: cannot create /srv/dist: read-only file system (EROFS); choose a folder on a writable file system'],
    [errno('EEXIST', 'mkdir', '/srv/a-file/dist'), 'kubeflow-iac synth: cannot create /srv/a-file/dist: a part of the path is a file, not a folder (EEXIST); choose another path'],
  ])('%s', (e, text) => {
    expect(describeFailure('synth', e)).toEqual({ code: 1, text });
  });

  test('anything else is an internal error, with its trace, to report', () => {
    const e = new TypeError('x is undefined');
    const { code, text } = describeFailure('synth', e);
    expect(code).toBe(1);
    expect(text).toBe(`kubeflow-iac synth: internal error, please report it with the lines below:\n${e.stack}`);
  });
});
