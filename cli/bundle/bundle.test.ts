import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { catalogFor, DEFAULT_RELEASE, RELEASES } from '../../constructs/catalog';
import { parseConfig } from '../../constructs/config/load';
import { rewriteImage } from '../../constructs/core/images';
import { EphemeralSecretStore } from '../../constructs/core/secrets';
import { groupOf } from '../../constructs/install';
import { Manifest } from '../../constructs/platform/parts';
import { KubeflowPlatform } from '../../constructs/platform/platform';
import { writeTree } from '../../constructs/platform/output';
import { ARGO_SYNC_WAVE, bundleFiles, checksums } from './bundle';
import { footprintReport, footprintTable } from '../footprint/report';
import { credentialSecrets } from './readme';

// One store for every platform here, so generated secrets match between bundles.
const secrets = new EphemeralSecretStore();
const platform = (input = {}) => new KubeflowPlatform(parseConfig(input), secrets);
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

describe('bundle', () => {
  const files = bundleFiles(platform({ registry: 'mirror.local:5000/kf' }));
  const manifestFiles = [...files.keys()].filter((f) => f.startsWith('manifests/'));

  test('the checksums cover every other file and verify', () => {
    const sums = files.get('SHA256SUMS')!.trim().split('\n').map((l) => l.split('  ')[1]);
    expect(sums).toEqual([...files.keys()].filter((f) => f !== 'SHA256SUMS').sort());
    const rest = new Map([...files].filter(([f]) => f !== 'SHA256SUMS'));
    expect(checksums(rest)).toBe(files.get('SHA256SUMS'));
  });

  test('sha256sum -c accepts the written bundle', () => {
    if (!has('sha256sum')) return;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kfiac-bundle-'));
    writeTree(path.join(dir, 'b'), files);
    expect(() => execFileSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: path.join(dir, 'b') })).not.toThrow();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test.each(['install.sh', 'mirror-images.sh'])('%s passes bash -n, and shellcheck when present', (script) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kfiac-sh-'));
    const file = path.join(dir, script);
    fs.writeFileSync(file, files.get(script)!);
    expect(spawnSync('bash', ['-n', file]).status).toBe(0);
    if (has('shellcheck')) expect(spawnSync('shellcheck', [file], { encoding: 'utf8' }).stdout).toBe('');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the kustomization lists every manifest file in wave order', () => {
    const k = parse(files.get('kustomization.yaml')!);
    expect(k.resources).toEqual(manifestFiles);
    expect(k.sortOptions).toEqual({ order: 'fifo' });
    expect([...manifestFiles].sort()).toEqual(manifestFiles);
  });

  test('install.sh applies every wave in order and waits for what each needs', () => {
    const script = files.get('install.sh')!;
    const waves = [...new Set(manifestFiles.map((f) => f.split('/')[1]))];
    const applied = [...script.matchAll(/^apply_wave 'manifests\/([^']+)'$/gm)].map((m) => m[1]);
    expect(applied).toEqual(waves);
    expect(script).toMatch(/^wait_crds .*'certificates\.cert-manager\.io'/m);
    expect(script).toContain("wait_rollout 'cert-manager' 'deployment/cert-manager-webhook'");
    expect(script).toContain("wait_endpoints 'cert-manager' 'cert-manager-webhook'");
    expect(script).toContain('--server-side');
    expect(script).toContain('--dry-run=server) DRY_RUN="--dry-run=server"');
  });

  test('objects.txt lists every object, sorted bytewise as comm needs', () => {
    const lines = files.get('objects.txt')!.trim().split('\n');
    const count = manifestFiles.reduce((n, f) => n + parseAllDocuments(files.get(f)!).length, 0);
    expect(lines).toHaveLength(count);
    expect(lines).toContain('apps/Deployment/cert-manager/cert-manager');
    expect(lines).toContain('core/Namespace//kubeflow');
    // Cluster-scoped objects are listed as the API server lists them, without a namespace.
    expect(lines).toContain('rbac.authorization.k8s.io/ClusterRole//spark-operator-controller');
    expect(lines.filter((l) => l.startsWith('trainer.kubeflow.org/ClusterTrainingRuntime/') && !l.includes('//'))).toEqual([]);
    expect([...lines].sort()).toEqual(lines);
  });

  test('--prune deletes what the bundle no longer has, but never CRDs, PVCs or namespaces', () => {
    const script = files.get('install.sh')!;
    expect(script).toContain('--prune) PRUNE=1 ;;');
    expect(script).toContain("CustomResourceDefinition|PersistentVolumeClaim|Namespace) log \"  kept $kind");
    expect(script).toMatch(/-l app\.kubernetes\.io\/managed-by=kubeflow-iac/);
    expect(script).toContain("comm -23 - 'objects.txt'");
  });

  // Every release's bundle: the script's source is the release catalog's image, its target the mirrored name.
  test.each(RELEASES)('images.txt lists every image under its mirrored name, and the mirror script copies each (%s)', (release) => {
    const bundle = release === DEFAULT_RELEASE ? files : bundleFiles(platform({ release, registry: 'mirror.local:5000/kf' }));
    const images = bundle.get('images.txt')!.trim().split('\n');
    expect(images.length).toBeGreaterThan(0);
    expect(images.every((i) => i.startsWith('mirror.local:5000/kf/'))).toBe(true);
    const script = bundle.get('mirror-images.sh')!;
    const source = catalogFor(release).images['cert-manager/controller'];
    expect(script).toContain(`${source} ${rewriteImage(source, 'mirror.local:5000/kf')}`);
    expect(script.split('\n').filter((l) => / mirror\.local:5000\/kf\//.test(l))).toHaveLength(images.length);
  });

  test('waves are in dependency order: CRDs and namespaces first, custom resources after their CRDs', () => {
    const seenGroups = new Set<string>();
    const seenNamespaces = new Set<string>();
    const late: string[] = [];
    for (const f of manifestFiles) {
      const docs = parseAllDocuments(files.get(f)!).map((d) => d.toJSON() as Manifest);
      for (const m of docs) if (m.kind === 'CustomResourceDefinition') seenGroups.add((m.spec as { group: string }).group);
      for (const m of docs) if (m.kind === 'Namespace') seenNamespaces.add(m.metadata.name);
      for (const m of docs) {
        const g = groupOf(m.apiVersion);
        if (g.includes('.') && !g.endsWith('k8s.io') && !seenGroups.has(g)) late.push(`${f}: ${m.kind} ${m.metadata.name} before its CRD`);
        const ns = m.metadata.namespace;
        if (ns && !['kube-system', 'default'].includes(ns) && !seenNamespaces.has(ns)) late.push(`${f}: ${m.kind} ${m.metadata.name} before namespace ${ns}`);
      }
    }
    expect(late).toEqual([]);
  });

  test('every part comes after the parts it waits for', () => {
    const waves = platform().waves();
    const waveOf = new Map<string, number>(waves.flatMap((w) => w.parts.map((p) => [`${p.component}/${p.phase}`, w.index] as const)));
    const wrong = waves.flatMap((w) => w.parts.flatMap((p) => p.after.filter((d) => (waveOf.get(d) ?? -1) >= w.index).map((d) => `${p.component}/${p.phase} (wave ${w.index}) waits for ${d}`)));
    expect(wrong).toEqual([]);
  });

  test('Argo CD sync waves are stamped only when asked', () => {
    const stamped = bundleFiles(platform(), { argoSyncWaves: true });
    const first = parseAllDocuments(stamped.get(manifestFiles[0])!)[0].toJSON() as Manifest;
    expect(first.metadata.annotations?.[ARGO_SYNC_WAVE]).toBe('0');
    expect(files.get(manifestFiles[0])).not.toContain(ARGO_SYNC_WAVE);
  });

  test('the README says the bundle holds credentials, which Secrets, and how to protect it', () => {
    const readme = files.get('README.md')!;
    expect(readme).toContain('**This bundle contains credentials.**');
    for (const s of ['auth/dex-oidc-client', 'oauth2-proxy/oauth2-proxy', 'kubeflow/mysql-secret']) expect(readme).toContain(`\`${s}\``);
    expect(readme).toContain('`chmod -R go-rwx`');
    // Empty Secrets that controllers fill in later (webhook certificates) are no credentials.
    expect(credentialSecrets(platform().waves())).not.toContain('knative-serving/webhook-certs');
  });

  test('the README says which Kubernetes the release needs, which install.sh checks', () => {
    expect(files.get('README.md')!).toContain('runs Kubernetes 1.34 or newer (what 26.03.1 needs; an older one stops it unless\n   `--skip-version-check`)');
  });

  test('the README carries the footprint table of its own platform', () => {
    const p = platform({ registry: 'mirror.local:5000/kf' });
    const readme = bundleFiles(p).get('README.md')!;
    const table = footprintTable(footprintReport(p)).join('\n');
    expect(readme).toContain(`## Footprint\n`);
    expect(readme).toContain(`\`\`\`text\n${table}\n\`\`\`\n`);
    expect(table).toMatch(/^total +\d+ \(1\/node\) /m);
  });

  test('a bundle without generated values says it holds no credentials', () => {
    // Every component that generates a value is off: Hub's databases too (on by default from 26.03.1).
    const bare = platform({ components: Object.fromEntries(['auth', 'katib', 'pipelines', 'kserve', 'dashboard', 'notebooks', 'tensorboards', 'volumes', 'pvcViewer', 'profiles', 'hub'].map((k) => [k, { enabled: false }])) });
    expect(credentialSecrets(bare.waves())).toEqual([]);
    const readme = bundleFiles(bare).get('README.md')!;
    expect(readme).toContain('No Secret in this bundle carries a value: it holds no credentials.');
    expect(readme).not.toContain('This bundle contains credentials');
  });

  test('two bundles of the same config are identical', () => {
    expect(Object.fromEntries(bundleFiles(platform({ registry: 'mirror.local:5000/kf' })))).toEqual(Object.fromEntries(files));
  });
});
