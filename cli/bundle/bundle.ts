import { createHash } from 'crypto';
import * as path from 'path';
import { stringify } from 'yaml';
import { Manifest } from '../../constructs/platform/parts';
import { fileOf, KubeflowPlatform, Wave } from '../../constructs/platform/platform';
import { toYaml } from '../../constructs/platform/output';
import { installScript, objectList } from './install-script';
import { REPLACE_FILE, replaceTable } from './replacements';
import { mirrorScript } from './mirror-script';
import { bundleReadme } from './readme';

export const MANIFESTS = 'manifests';
export const ARGO_SYNC_WAVE = 'argocd.argoproj.io/sync-wave';

export interface BundleOptions {
  /** Stamp each object with its wave as an Argo CD sync-wave annotation. @default false */
  readonly argoSyncWaves?: boolean;
}

function withSyncWave(m: Manifest, wave: number): Manifest {
  return { ...m, metadata: { ...m.metadata, annotations: { ...(m.metadata.annotations ?? {}), [ARGO_SYNC_WAVE]: String(wave) } } };
}

/** `sha256sum -c` input for every file but itself. */
export function checksums(files: ReadonlyMap<string, string>): string {
  return [...files.keys()].sort().map((f) => `${createHash('sha256').update(files.get(f)!).digest('hex')}  ${f}`).join('\n') + '\n';
}

/** Every file of an air-gapped bundle, by path: manifests in waves, scripts, image lists, checksums. */
export function bundleFiles(platform: KubeflowPlatform, opts: BundleOptions = {}): Map<string, string> {
  const waves: Wave[] = platform.waves();
  const files = new Map<string, string>();
  const resources: string[] = [];
  for (const w of waves) {
    for (const p of w.parts) {
      const rel = path.posix.join(MANIFESTS, w.name, fileOf(p));
      const manifests = opts.argoSyncWaves ? p.manifests.map((m) => withSyncWave(m, w.index)) : p.manifests;
      files.set(rel, toYaml(manifests));
      resources.push(rel);
    }
  }
  // fifo keeps our wave order; kustomize's default would re-sort by kind.
  files.set('kustomization.yaml', stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', sortOptions: { order: 'fifo' }, resources }));
  files.set('objects.txt', objectList(waves));
  files.set(REPLACE_FILE, replaceTable(waves));
  files.set('install.sh', installScript(waves, MANIFESTS, 'objects.txt', platform.config.release));
  const pairs = platform.images.pairs();
  files.set('images.txt', pairs.map((p) => p.target).join('\n') + '\n');
  files.set('mirror-images.sh', mirrorScript(pairs));
  files.set('README.md', bundleReadme(platform, waves, pairs.length));
  files.set('SHA256SUMS', checksums(files));
  return files;
}
