import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseConfig } from '../../constructs/config/load';
import { EphemeralSecretStore } from '../../constructs/core/secrets';
import { KubeflowPlatform } from '../../constructs/platform/platform';
import { bundleFiles } from './bundle';
import { mirrorScript } from './mirror-script';
import { REPLACE_FILE } from './replacements';

// The bundle's scripts run for real here, against fake kubectl, skopeo and crane: small shell
// scripts that record their arguments and answer as a cluster or registry would.

const files = bundleFiles(new KubeflowPlatform(parseConfig({ registry: 'mirror.local:5000/kf' }), new EphemeralSecretStore()));
const which = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
const BASH = which('bash');
const WAVES = (files.get('install.sh')!.match(/^apply_wave /gm) ?? []).length;

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kfiac-scripts-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A bin folder with only these system tools (so a kubectl or skopeo on this machine cannot leak in) and the fakes. */
function binDir(fakes: Record<string, string>): string {
  const bin = fs.mkdtempSync(path.join(tmp, 'bin-'));
  for (const t of ['bash', 'sh', 'dirname', 'date', 'sleep', 'awk', 'sort', 'comm', 'cat', 'sha256sum', 'cut', 'tr', 'mkdir', 'mv', 'touch', 'grep']) {
    const at = which(t);
    if (at.startsWith('/')) fs.symlinkSync(at, path.join(bin, t));
  }
  for (const [name, body] of Object.entries(fakes)) fs.writeFileSync(path.join(bin, name), `#!/bin/sh\nprintf '%s\\n' "$*" >> "$FAKE_LOG"\n${body}\n`, { mode: 0o755 });
  return bin;
}

function run(script: string, content: string, args: string[], fakes: Record<string, string>, env: Record<string, string> = {}) {
  const file = path.join(tmp, script);
  fs.writeFileSync(file, content, { mode: 0o755 });
  // The data files install.sh reads beside it.
  for (const data of [REPLACE_FILE, 'objects.txt']) fs.writeFileSync(path.join(tmp, data), files.get(data)!);
  const log = path.join(tmp, 'calls.log');
  fs.writeFileSync(log, '');
  const r = spawnSync(BASH, [file, ...args], { cwd: tmp, encoding: 'utf8', env: { PATH: binDir(fakes), FAKE_LOG: log, HOME: tmp, ...env } });
  const calls = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean);
  return { code: r.status, out: r.stdout, err: r.stderr, calls };
}

const FAKE_KUBECTL = `case " $* " in
  *" config current-context "*) [ -n "\${FAKE_NO_CONTEXT:-}" ] && exit 1; echo fake-ctx ;;
  *" config view "*) echo https://api.example:6443 ;;
  *" get --raw /readyz "*) [ -n "\${FAKE_DOWN:-}" ] && { echo "connection refused" >&2; exit 1; }; echo ok ;;
  *" version -o json "*) [ -n "\${FAKE_NO_VERSION:-}" ] && exit 1
    # As kubectl prints it: the client first (a newer one here, which must not count), then the server.
    printf '{\n  "clientVersion": {\n    "major": "1",\n    "minor": "99",\n    "gitVersion": "v1.99.0"\n  },\n  "kustomizeVersion": "v5.7.1",\n  "serverVersion": {\n    "major": "%s",\n    "minor": "%s",\n    "gitVersion": "%s",\n    "platform": "linux/amd64"\n  }\n}\n' "\${FAKE_MAJOR-1}" "\${FAKE_MINOR-34}" "\${FAKE_GIT-v1.34.1}" ;;
  *" apply "*) [ -n "\${FAKE_APPLY_FAILS:-}" ] && { echo "error: admission webhook denied" >&2; exit 7; } ;;
  *" get endpointslices "*) echo 10.0.0.1 ;;
  *caBundle*) echo Y2E= ;;
esac
exit 0`;
const install = (args: string[], env: Record<string, string> = {}, fakes: Record<string, string> = { kubectl: FAKE_KUBECTL }) =>
  run('install.sh', files.get('install.sh')!, args, fakes, env);

const INSTALL_HELP = `usage: ./install.sh [--context NAME] [--dry-run=server] [--prune] [--skip-version-check] [--help]

Installs or upgrades Kubeflow 26.03.1 from this bundle, wave by wave: each wave is applied
server-side, then its CRDs, rollouts, webhook endpoints and CA bundles are awaited before the
next. Safe to run again. Before the first wave it checks that kubectl is there, the cluster
answers and runs Kubernetes 1.34 or newer (what 26.03.1 needs), and prints the context and
API server it is about to change. On an upgrade, an object whose
selector or roleRef this release changes (fields Kubernetes cannot change in place) is deleted
right before its wave applies it again; nothing else is replaced, and no volume or CRD is.
Webhook configurations and routes an earlier release had under other names go before wave 1.

options:
  --context NAME     the kubeconfig context to use (default: kubectl's current context)
  --dry-run=server   ask the API server to check every object; change nothing
  --prune            after an upgrade, delete what earlier releases installed and this one no
                     longer has (never CRDs, PVCs or namespaces, nor what a controller made)
  --skip-version-check
                     install even if the API server's Kubernetes is older than 1.34 (or
                     does not say): some components will not start
  -h, --help         show this help

environment:
  KUBECONFIG         the kubeconfig kubectl reads (default: ~/.kube/config)
  KUBECTL            the kubectl binary (default: kubectl on PATH)
  WAIT_TIMEOUT       seconds each wait may take (default: 600)

exit codes:
  0  done
  1  a wave failed to apply or was not ready in time
  2  usage error
  3  kubectl is missing, the cluster does not answer, or its Kubernetes is too old
`;

describe('install.sh', () => {
  test.each([['--help'], ['-h']])('%s prints the usage and exits 0, calling no kubectl', (flag) => {
    const r = install([flag]);
    expect([r.code, r.out, r.err, r.calls]).toEqual([0, INSTALL_HELP, '', []]);
  });

  test.each([
    [['--force'], 'install.sh: unknown option --force (options: --context NAME, --dry-run=server, --prune, --skip-version-check, --help)'],
    [['--dry-run'], 'install.sh: unknown option --dry-run (options: --context NAME, --dry-run=server, --prune, --skip-version-check, --help)'],
    [['--context'], 'install.sh: --context needs a context name'],
    [['--context='], 'install.sh: --context needs a context name'],
  ])('%j is a usage error (exit 2)', (args, message) => {
    const r = install(args);
    expect([r.code, r.err, r.calls]).toEqual([2, `${message}\nrun ./install.sh --help for usage\n`, []]);
  });

  test('a WAIT_TIMEOUT that is not a number is a usage error', () => {
    const r = install([], { WAIT_TIMEOUT: '10m' });
    expect([r.code, r.err]).toEqual([2, "install.sh: WAIT_TIMEOUT must be a number of seconds, got '10m'\nrun ./install.sh --help for usage\n"]);
  });

  test('without kubectl it says so and exits 3', () => {
    const r = install([], {}, {});
    expect([r.code, r.err]).toEqual([3, 'install.sh: kubectl not found; install kubectl (https://kubernetes.io/docs/tasks/tools/) or set KUBECTL to its path\n']);
  });

  test('KUBECTL picks the binary', () => {
    const r = install(['--dry-run=server'], { KUBECTL: 'kubectl-1.33' }, { 'kubectl-1.33': FAKE_KUBECTL });
    expect(r.code).toBe(0);
    expect(r.calls.length).toBeGreaterThan(3);
  });

  test('a cluster that does not answer: names the context and server, changes nothing, exits 3', () => {
    const r = install([], { FAKE_DOWN: '1' });
    expect([r.code, r.err]).toEqual([3, "install.sh: the API server of context 'fake-ctx' (https://api.example:6443) did not answer within 10s (kubectl get --raw /readyz); check the network or VPN and your credentials (kubectl --context 'fake-ctx' get --raw /readyz), or pick another context with --context NAME\n"]);
    expect(r.calls).toEqual(['config current-context', 'config view --minify -o jsonpath={.clusters[0].cluster.server}', 'get --raw /readyz --request-timeout=10s']);
  });

  test('no current context: says how to pick one', () => {
    const r = install([], { FAKE_NO_CONTEXT: '1' });
    expect([r.code, r.err]).toEqual([3, 'install.sh: kubectl has no current context; pass --context NAME or set KUBECONFIG (kubectl config get-contexts lists the contexts)\n']);
  });

  test('prints the context and server before the first wave', () => {
    const r = install([]);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n').map((l) => l.replace(/^\d\d:\d\d:\d\d /, ''));
    expect(lines.slice(0, 2)).toEqual(['installing into context fake-ctx, server https://api.example:6443, Kubernetes 1.34', `wave 1/${WAVES}: wave-00-crds`]);
    // The preflight's four calls, the one read of live selectors and roleRefs, the listing of
    // superseded webhooks and routes, then wave 1.
    expect(r.calls.slice(2, 4)).toEqual(['get --raw /readyz --request-timeout=10s', 'version -o json --request-timeout=10s']);
    expect(r.calls.findIndex((c) => c.startsWith('apply '))).toBe(6);
    expect(r.calls[4]).toMatch(/^get .*deployment\.apps.* -A -o jsonpath=/);
    expect(r.calls[5]).toMatch(/^get mutatingwebhookconfiguration\.admissionregistration\.k8s\.io,validatingwebhookconfiguration\.admissionregistration\.k8s\.io,virtualservice\.networking\.istio\.io -A -l app\.kubernetes\.io\/managed-by=kubeflow-iac /);
  });

  test('webhooks and routes an earlier release named otherwise are deleted before wave 1; other stale objects wait for --prune', () => {
    // The cluster holds 26.03's PodDefaults webhook and dashboard route, and a Deployment of it.
    // As kubectl answers: only objects of the resources asked for.
    const listing = `  *" -l app.kubernetes.io/managed-by=kubeflow-iac "*)
    printf 'admissionregistration.k8s.io/v1\\tMutatingWebhookConfiguration\\t\\tadmission-webhook-mutating-webhook-configuration\\tkubeflow-iac\\t\\n'
    printf 'networking.istio.io/v1\\tVirtualService\\tkubeflow\\tcentraldashboard\\tkubeflow-iac\\t\\n'
    case " $* " in *deployment.apps*) printf 'apps/v1\\tDeployment\\tkubeflow\\tcentraldashboard\\tkube-controller-manager kubeflow-iac\\t\\n' ;; esac ;;
`;
    const kubectl = FAKE_KUBECTL.replace('case " $* " in\n', `case " $* " in\n${listing}`);
    const r = install([], {}, { kubectl });
    expect(r.code).toBe(0);
    const deletes = r.calls.filter((c) => c.startsWith('delete '));
    expect(deletes).toEqual([
      'delete MutatingWebhookConfiguration.admissionregistration.k8s.io admission-webhook-mutating-webhook-configuration --ignore-not-found --wait=false',
      'delete VirtualService.networking.istio.io -n kubeflow centraldashboard --ignore-not-found --wait=false',
    ]);
    expect(r.calls.indexOf(deletes[0])).toBeLessThan(r.calls.findIndex((c) => c.startsWith('apply ')));
    expect(install(['--prune'], {}, { kubectl }).calls.filter((c) => c.startsWith('delete ')))
      .toContain('delete Deployment.apps -n kubeflow centraldashboard --ignore-not-found --wait=false');
  });

  test('--prune deletes only what install.sh applied: objects controllers made with our labels stay', () => {
    // As a cluster lists them: the endpoints controller copies a Service's labels onto its
    // Endpoints and EndpointSlices, cert-manager a Certificate's onto its CertificateRequests.
    const listing = `  *" -l app.kubernetes.io/managed-by=kubeflow-iac "*)
    # Only --prune's listing (of every resource); the one before wave 1 asks for webhooks and routes.
    case " $* " in *deployment.apps*)
    printf 'v1\\tService\\tkubeflow\\tcentraldashboard\\tkubeflow-iac\\t\\n'
    printf 'v1\\tEndpoints\\tkubeflow\\tcentraldashboard\\tkube-controller-manager\\t\\n'
    printf 'discovery.k8s.io/v1\\tEndpointSlice\\tkubeflow\\tcentraldashboard-x7k2p\\tkube-controller-manager\\tService\\n'
    printf 'cert-manager.io/v1\\tCertificateRequest\\tkubeflow\\tadmission-webhook-cert-1\\tcert-manager-certificates-request-manager\\tCertificate\\n'
    printf 'v1\\tConfigMap\\tkubeflow\\tadopted\\tkubeflow-iac\\tProfile\\n' ;; esac ;;
`;
    const kubectl = FAKE_KUBECTL.replace('case " $* " in\n', `case " $* " in\n${listing}`);
    expect(install(['--prune'], {}, { kubectl }).calls.filter((c) => c.startsWith('delete '))).toEqual([
      'delete Service -n kubeflow centraldashboard --ignore-not-found --wait=false',
    ]);
  });

  test('--context NAME reaches every kubectl call, and the line says which context', () => {
    const r = install(['--context', 'site-b', '--prune']);
    expect(r.code).toBe(0);
    expect(r.calls.length).toBeGreaterThan(50);
    expect(r.calls.filter((c) => !c.startsWith('--context site-b '))).toEqual([]);
    // The listings of superseded webhooks and routes and of --prune too.
    expect(r.calls.filter((c) => c.includes(' -l app.kubernetes.io/managed-by=kubeflow-iac'))).toHaveLength(2);
    expect(r.out).toMatch(/^\d\d:\d\d:\d\d installing into context site-b, server https:\/\/api\.example:6443, Kubernetes 1\.34$/m);
    expect(install(['--context=site-c', '--dry-run=server']).calls.filter((c) => !c.startsWith('--context site-c '))).toEqual([]);
  });

  test('--dry-run=server applies every wave as a dry run and waits for nothing', () => {
    const r = install(['--dry-run=server']);
    expect(r.code).toBe(0);
    const applies = r.calls.filter((c) => c.startsWith('apply '));
    expect(applies).toHaveLength(WAVES);
    expect(applies.every((c) => c.includes('--dry-run=server'))).toBe(true);
    expect(r.calls.filter((c) => / (wait|rollout) /.test(c))).toEqual([]);
    expect(r.out).toMatch(/checking against context fake-ctx, server https:\/\/api\.example:6443, Kubernetes 1\.34 \(server dry run: nothing changes\)/);
  });

  // The API server's Kubernetes, as kubectl version -o json reports it (EKS and GKE append + to minor).
  const SERVER = "install.sh: the API server of context 'fake-ctx' (https://api.example:6443)";
  const TOO_OLD = 'older than release 26.03.1 needs (1.34 or newer: Knative Serving 1.22 stops on older API servers); upgrade the cluster to Kubernetes 1.34 or newer, or install release 26.03; --skip-version-check installs anyway';
  test.each([
    ['33', 'v1.33.5', `${SERVER} runs Kubernetes 1.33 (v1.33.5), ${TOO_OLD}`],
    ['33+', 'v1.33.5-eks-3025e55', `${SERVER} runs Kubernetes 1.33 (v1.33.5-eks-3025e55), ${TOO_OLD}`],
    ['28', 'v1.28.15-gke.1020000', `${SERVER} runs Kubernetes 1.28 (v1.28.15-gke.1020000), ${TOO_OLD}`],
    // A server built without version numbers: its gitVersion tells.
    ['', 'v1.33.13', `${SERVER} runs Kubernetes 1.33 (v1.33.13), ${TOO_OLD}`],
  ])('a server of minor %j (%s) is older than the release needs: it stops before anything is applied, exit 3', (minor, git, message) => {
    for (const args of [[], ['--dry-run=server']]) {
      const r = install(args, { FAKE_MINOR: minor, FAKE_GIT: git });
      expect([r.code, r.err]).toEqual([3, `${message}\n`]);
      expect(r.calls.slice(-1)).toEqual(['version -o json --request-timeout=10s']);
    }
  });

  test.each([['34', 'v1.34.1'], ['34+', 'v1.34.2-eks-b8b2f9c'], ['35', 'v1.35.0'], ['', 'v1.36.0']])('a server of minor %j (%s) passes', (minor, git) => {
    const r = install([], { FAKE_MINOR: minor, FAKE_GIT: git });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`installing into context fake-ctx, server https://api\\.example:6443, Kubernetes 1\\.${(minor || git.split('.')[1]).replace('+', '\\+?')}\n`));
  });

  test('a server that does not say its version: stops, says how to go on', () => {
    for (const env of [{ FAKE_NO_VERSION: '1' }, { FAKE_MINOR: '', FAKE_GIT: 'v0.0.0-master+$Format:%H$' }] as Record<string, string>[]) {
      expect(install([], env)).toMatchObject({
        code: 3,
        err: `${SERVER} did not say which Kubernetes it runs (kubectl version -o json: no serverVersion major and minor); release 26.03.1 needs 1.34 or newer: check it yourself, then rerun with --skip-version-check\n`,
      });
    }
  });

  test('--skip-version-check installs on an older server, and says what it skipped', () => {
    const r = install(['--skip-version-check'], { FAKE_MINOR: '33', FAKE_GIT: 'v1.33.5' });
    expect(r.code).toBe(0);
    expect(r.calls.filter((c) => c.startsWith('version '))).toEqual([]);
    const lines = r.out.split('\n').map((l) => l.replace(/^\d\d:\d\d:\d\d /, ''));
    expect(lines.slice(0, 2)).toEqual([
      'not checking the Kubernetes version (--skip-version-check); release 26.03.1 needs 1.34 or newer',
      'installing into context fake-ctx, server https://api.example:6443',
    ]);
  });

  test('the minimum follows the bundle\'s release: 26.03 installs on 1.33 and stops on 1.32', () => {
    const older = bundleFiles(new KubeflowPlatform(parseConfig({ release: '26.03' }), new EphemeralSecretStore())).get('install.sh')!;
    const on = (minor: string) => run('install.sh', older, [], { kubectl: FAKE_KUBECTL }, { FAKE_MINOR: minor, FAKE_GIT: `v1.${minor}.0` });
    expect(on('33').code).toBe(0);
    expect(on('32')).toMatchObject({
      code: 3,
      err: `${SERVER} runs Kubernetes 1.32 (v1.32.0), older than release 26.03 needs (1.33 or newer: Knative Serving 1.21 stops on older API servers); upgrade the cluster to Kubernetes 1.33 or newer, or install release v1.11.0; --skip-version-check installs anyway\n`,
    });
  });

  test('a wave that fails to apply stops the install with exit 1', () => {
    const r = install([], { FAKE_APPLY_FAILS: '1' });
    expect(r.code).toBe(1);
    expect(r.err).toBe('error: admission webhook denied\n');
    expect(r.calls.filter((c) => c.startsWith('apply '))).toHaveLength(1);
  });
});

const PAIRS = [
  { source: 'quay.io/jetstack/cert-manager-controller:v1.19.4', target: 'mirror.local/jetstack/cert-manager-controller:v1.19.4' },
  { source: 'docker.io/library/mysql:8.0', target: 'mirror.local/library/mysql:8.0' },
];
// Images listed in $FAKE_PRESENT exist; all have the same manifest, so a present target matches its source.
const FAKE_SKOPEO = `case "$1" in
  inspect) grep -qxF "$3" "$FAKE_PRESENT" || exit 1; echo '{"schemaVersion":2}' ;;
  copy) case "$6" in oci-archive:*) touch "\${6#oci-archive:}" ;; esac ;;
esac
exit 0`;
const FAKE_CRANE = `case "$1" in
  digest) grep -qxF "$2" "$FAKE_PRESENT" || exit 1; echo sha256:abc ;;
  pull) touch "$3" ;;
esac
exit 0`;
function mirror(args: string[], present: string[] = [], fakes: Record<string, string> = { skopeo: FAKE_SKOPEO }, env: Record<string, string> = {}) {
  const list = path.join(tmp, 'present.txt');
  fs.writeFileSync(list, present.map((p) => `${p}\n`).join(''));
  return run('mirror-images.sh', mirrorScript(PAIRS), args, fakes, { FAKE_PRESENT: list, ...env });
}

const MIRROR_HELP = `usage: ./mirror-images.sh [--dry-run] [--export DIR | --import DIR] [--help]

Copies every image this bundle needs from its source registry to the mirror (the names in
images.txt), with skopeo if it is on PATH, else crane. An image the mirror already has with the
same digest is skipped, so the script can be run again after a failure. Log in first
(skopeo login / crane auth login) to every registry that needs it.

options:
  --dry-run      print what would be copied, and what is already there; copy nothing
  --export DIR   save every source image into DIR (one archive per image), on a machine that
                 reaches the source registries; carry DIR to the site, then --import it
  --import DIR   push the images saved in DIR to the mirror (with the tool that exported them)
  -h, --help     show this help

environment:
  MIRROR_TOOL    skopeo or crane (default: skopeo if it is on PATH, else crane)

exit codes:
  0  every image is in the mirror (in DIR, with --export)
  1  a copy failed
  2  usage error
  3  neither skopeo nor crane is on PATH, or DIR is not an export of this tool
`;

describe('mirror-images.sh', () => {
  test('--help prints the usage and exits 0', () => {
    const r = mirror(['--help']);
    expect([r.code, r.out, r.err, r.calls]).toEqual([0, MIRROR_HELP, '', []]);
  });

  test.each([
    [['--push'], 'mirror-images.sh: unknown option --push (options: --dry-run, --export DIR, --import DIR, --help)'],
    [['--export'], 'mirror-images.sh: --export needs a folder'],
    [['--export', 'a', '--import', 'b'], 'mirror-images.sh: --export and --import do not go together'],
  ])('%j is a usage error (exit 2)', (args, message) => {
    const r = mirror(args);
    expect([r.code, r.err, r.calls]).toEqual([2, `${message}\nrun ./mirror-images.sh --help for usage\n`, []]);
  });

  test('without skopeo or crane it says so and exits 3', () => {
    expect(mirror([], [], {})).toMatchObject({ code: 3, err: 'mirror-images.sh: needs skopeo or crane on PATH\n' });
  });

  test('copies each image the mirror lacks, and skips one it has', () => {
    const r = mirror([], ['docker://mirror.local/library/mysql:8.0', 'docker://docker.io/library/mysql:8.0']);
    expect(r.code).toBe(0);
    expect(r.calls.filter((c) => c.startsWith('copy '))).toEqual([
      'copy --all --retry-times 3 docker://quay.io/jetstack/cert-manager-controller:v1.19.4 docker://mirror.local/jetstack/cert-manager-controller:v1.19.4',
    ]);
    expect(r.out).toBe([
      '[1/2] quay.io/jetstack/cert-manager-controller:v1.19.4 -> mirror.local/jetstack/cert-manager-controller:v1.19.4',
      '[2/2] mirror.local/library/mysql:8.0: already in the mirror',
      'done: 1 of 2 images copied; the others were there already',
      '',
    ].join('\n'));
  });

  test('--dry-run copies nothing and says what it would copy', () => {
    const r = mirror(['--dry-run'], ['docker://mirror.local/library/mysql:8.0', 'docker://docker.io/library/mysql:8.0']);
    expect(r.code).toBe(0);
    expect(r.calls.filter((c) => !c.startsWith('inspect '))).toEqual([]);
    expect(r.out).toContain('[1/2] would copy quay.io/jetstack/cert-manager-controller:v1.19.4 -> mirror.local/jetstack/cert-manager-controller:v1.19.4\n');
    expect(r.out).toContain('done: 1 of 2 images would be copied; the others were there already\n');
  });

  test('a failed copy exits 1 and names the image', () => {
    const r = mirror([], [], { skopeo: 'case "$1" in inspect) exit 1 ;; copy) exit 9 ;; esac' });
    expect([r.code, r.err]).toEqual([1, 'mirror-images.sh: copying quay.io/jetstack/cert-manager-controller:v1.19.4 failed\n']);
  });

  test('--export saves every image to the folder, --import pushes them to the mirror (skopeo)', () => {
    const dir = path.join(tmp, 'carry');
    const out = mirror(['--export', dir]);
    expect(out.code).toBe(0);
    expect(out.calls).toEqual([
      `copy --all --retry-times 3 docker://quay.io/jetstack/cert-manager-controller:v1.19.4 oci-archive:${dir}/mirror.local_jetstack_cert-manager-controller_v1.19.4.tar.part`,
      `copy --all --retry-times 3 docker://docker.io/library/mysql:8.0 oci-archive:${dir}/mirror.local_library_mysql_8.0.tar.part`,
    ]);
    expect(fs.readdirSync(dir).sort()).toEqual(['TOOL', 'mirror.local_jetstack_cert-manager-controller_v1.19.4.tar', 'mirror.local_library_mysql_8.0.tar']);
    const again = mirror(['--export', dir]);
    expect(again.calls).toEqual([]);

    const back = mirror(['--import', dir], ['docker://mirror.local/library/mysql:8.0']);
    expect(back.code).toBe(0);
    expect(back.calls.filter((c) => c.startsWith('copy '))).toEqual([
      `copy --all --retry-times 3 oci-archive:${dir}/mirror.local_jetstack_cert-manager-controller_v1.19.4.tar docker://mirror.local/jetstack/cert-manager-controller:v1.19.4`,
    ]);
    expect(back.out).toContain('done: 1 of 2 images pushed; the others were there already\n');
  });

  test('--export and --import with crane', () => {
    const dir = path.join(tmp, 'carry');
    const fakes = { crane: FAKE_CRANE };
    expect(mirror(['--export', dir], [], fakes).calls).toEqual([
      `pull quay.io/jetstack/cert-manager-controller:v1.19.4 ${dir}/mirror.local_jetstack_cert-manager-controller_v1.19.4.tar.part`,
      `pull docker.io/library/mysql:8.0 ${dir}/mirror.local_library_mysql_8.0.tar.part`,
    ]);
    expect(mirror(['--import', dir], [], fakes).calls.filter((c) => c.startsWith('push '))).toEqual([
      `push ${dir}/mirror.local_jetstack_cert-manager-controller_v1.19.4.tar mirror.local/jetstack/cert-manager-controller:v1.19.4`,
      `push ${dir}/mirror.local_library_mysql_8.0.tar mirror.local/library/mysql:8.0`,
    ]);
  });

  test('--import refuses a folder another tool exported, or none did', () => {
    const dir = path.join(tmp, 'carry');
    expect(mirror(['--export', dir], [], { crane: FAKE_CRANE }).code).toBe(0);
    expect(mirror(['--import', dir])).toMatchObject({ code: 3, err: `mirror-images.sh: ${dir} was exported with crane; import it with the same tool (MIRROR_TOOL=crane)\n` });
    expect(mirror(['--import', tmp])).toMatchObject({ code: 3, err: `mirror-images.sh: ${tmp} has no TOOL file: it is not a folder written by ./mirror-images.sh --export\n` });
  });
});
