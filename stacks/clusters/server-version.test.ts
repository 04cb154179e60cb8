import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readStackConfigFile, runGraph } from '../graph';
import { program } from '../program';
import { LEAN_PLATFORM } from '../testing';
import { kubectlVersion, serverMinor, serverVersionProblem, VersionReader } from './server-version';

const KEY = 'kubeflow-iac:cluster.skipVersionCheck';

test.each([
  [{ major: '1', minor: '34' }, '1.34'],
  [{ major: '1', minor: '33+', gitVersion: 'v1.33.5-eks-3025e55' }, '1.33'],
  [{ major: '', minor: '', gitVersion: 'v1.34.2-gke.1000' }, '1.34'],
  [{ gitVersion: 'v0.0.0-master+$Format:%H$' }, undefined],
  [{}, undefined],
])('serverMinor(%j) is %s', (v, minor) => {
  expect(serverMinor(v)).toBe(minor);
});

describe('serverVersionProblem', () => {
  test('a server older than the release needs: what runs, what is needed and why, both fixes, the skip key', () => {
    expect(serverVersionProblem('26.03.1', { major: '1', minor: '33+', gitVersion: 'v1.33.5-eks-3025e55' }, "the existing cluster (context 'prod')", KEY)).toBe(
      "the existing cluster (context 'prod') runs Kubernetes 1.33 (v1.33.5-eks-3025e55), older than release 26.03.1 needs (1.34 or newer: Knative Serving 1.22 stops on older API servers); " +
      'upgrade the cluster to Kubernetes 1.34 or newer, or choose release 26.03; kubeflow-iac:cluster.skipVersionCheck: true installs anyway');
  });

  test('no release runs on it: no release to offer', () => {
    expect(serverVersionProblem('v1.11.0', { major: '1', minor: '27' }, 'the existing cluster (the current context)', KEY)).toBe(
      'the existing cluster (the current context) runs Kubernetes 1.27, older than release v1.11.0 needs (1.28 or newer: Knative Serving 1.16 stops on older API servers); ' +
      'upgrade the cluster to Kubernetes 1.28 or newer; kubeflow-iac:cluster.skipVersionCheck: true installs anyway');
  });

  test('a server that does not say its version', () => {
    expect(serverVersionProblem('26.03.1', { gitVersion: 'weird' }, 'the existing cluster (the current context)', KEY)).toBe(
      'the existing cluster (the current context) did not say which Kubernetes it runs (kubectl version -o json: no serverVersion major and minor); ' +
      'release 26.03.1 needs 1.34 or newer: check it yourself, then set kubeflow-iac:cluster.skipVersionCheck: true');
  });

  test.each([
    ['26.03.1', '34'], ['26.03.1', '35'], ['26.03', '33'], ['v1.11.0', '28'],
  ] as const)('release %s on 1.%s: no problem', (release, minor) => {
    expect(serverVersionProblem(release, { major: '1', minor }, 'x', KEY)).toBeUndefined();
  });
});

describe('kubectlVersion (a fake kubectl on PATH)', () => {
  let dir: string;
  let oldPath: string | undefined;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'server-version-'));
    oldPath = process.env.PATH;
    process.env.PATH = `${dir}:${oldPath}`;
  });
  afterEach(() => {
    process.env.PATH = oldPath;
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const fake = (body: string) => fs.writeFileSync(path.join(dir, 'kubectl'), `#!/usr/bin/env bash\necho "$*" >> "${dir}/args"\n${body}\n`, { mode: 0o755 });
  const args = () => fs.readFileSync(path.join(dir, 'args'), 'utf8').trim();

  test('reads serverVersion with the stack\'s kubeconfig path and context', () => {
    fake(`echo '{"clientVersion":{"major":"1","minor":"99"},"serverVersion":{"major":"1","minor":"34","gitVersion":"v1.34.4"}}'`);
    expect(kubectlVersion('/some/kubeconfig', 'prod')).toEqual({ version: { major: '1', minor: '34', gitVersion: 'v1.34.4' } });
    expect(args()).toBe('version -o json --request-timeout=20s --kubeconfig=/some/kubeconfig --context=prod');
  });

  test('kubeconfig contents go to a private temp file, removed afterwards', () => {
    fake(`f=$(printf '%s' "$5" | sed 's/^--kubeconfig=//'); stat -c %a "$f" > "${dir}/mode"; cat "$f" > "${dir}/seen"; echo '{"serverVersion":{"major":"1","minor":"34"}}'`);
    expect(kubectlVersion('apiVersion: v1\nkind: Config\n', undefined).version).toEqual({ major: '1', minor: '34' });
    expect(fs.readFileSync(path.join(dir, 'seen'), 'utf8')).toBe('apiVersion: v1\nkind: Config\n');
    expect(fs.readFileSync(path.join(dir, 'mode'), 'utf8').trim()).toBe('600');
    const file = args().split('--kubeconfig=')[1];
    expect(fs.existsSync(file)).toBe(false);
  });

  test('an unreachable server: kubectl\'s first error line', () => {
    fake(`echo 'The connection to the server localhost:8080 was refused - did you specify the right host or port?' >&2; exit 1`);
    expect(kubectlVersion(undefined, undefined)).toEqual({ error: 'The connection to the server localhost:8080 was refused - did you specify the right host or port?' });
  });
});

describe('the existing stack checks the cluster before it installs', () => {
  const config = (release: string, cluster: Record<string, unknown> = {}) => {
    const c = readStackConfigFile('existing');
    return {
      ...c,
      'kubeflow-iac:platform': { platform: 'generic', ...LEAN_PLATFORM, release },
      'kubeflow-iac:cluster': { ...(c['kubeflow-iac:cluster'] as Record<string, unknown>), ...cluster },
    };
  };
  const at = (minor: string): VersionReader => () => ({ version: { major: '1', minor, gitVersion: `v1.${minor}.2` } });

  test('release 26.03.1 on a 1.33 cluster stops before any object', async () => {
    await expect(runGraph(program, { stack: 'existing', config: config('26.03.1'), versionReader: at('33') })).rejects.toThrow(
      "the existing cluster (context 'my-cluster') runs Kubernetes 1.33 (v1.33.2), older than release 26.03.1 needs (1.34 or newer: Knative Serving 1.22 stops on older API servers); " +
      'upgrade the cluster to Kubernetes 1.34 or newer, or choose release 26.03; kubeflow-iac:cluster.skipVersionCheck: true installs anyway');
  });

  test.each([
    ['26.03.1 on 1.34', '26.03.1', at('34'), {}],
    ['26.03 on 1.33', '26.03', at('33'), {}],
    ['26.03.1 on 1.33 with skipVersionCheck', '26.03.1', at('33'), { skipVersionCheck: true }],
    ['26.03.1 when kubectl cannot tell (warned)', '26.03.1', (() => ({ error: 'kubectl: not found' })) as VersionReader, {}],
  ])('installs: %s', async (_what, release, reader, cluster) => {
    const g = await runGraph(program, { stack: 'existing', config: config(release, cluster), versionReader: reader });
    expect(g.entries.some((e) => e.type === 'kubeflow-iac:index:Platform')).toBe(true);
  });
});
