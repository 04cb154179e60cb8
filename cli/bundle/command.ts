import * as fs from 'fs';
import * as path from 'path';
import * as tar from 'tar';
import { KubeflowPlatform } from '../../constructs/platform/platform';
import { writeTree } from '../../constructs/platform/output';
import type { Command } from '../commands';
import { configOption, keepSecrets, loadWithTenants, openSecrets, profilesOption, secretsOption } from '../options';
import { bundleFiles } from './bundle';

// A fixed date in the archive keeps two bundles of the same config byte-identical.
const EPOCH = new Date('2020-01-01T00:00:00Z');

export const bundleCommand: Command = {
  summary: 'write an air-gapped bundle: ordered manifests, install.sh, images, checksums',
  usage: 'kubeflow-iac bundle --out DIR [--config FILE] [--profiles DIR] [--secrets FILE] [--tar] [--argocd-waves]',
  options: {
    out: { type: 'string', help: 'bundle folder, replaced whole (required)' },
    config: configOption,
    profiles: profilesOption,
    secrets: secretsOption,
    tar: { type: 'boolean', help: 'also write DIR.tar.gz' },
    'argocd-waves': { type: 'boolean', help: 'stamp argocd.argoproj.io/sync-wave annotations' },
  },
  run(opts, out) {
    const dir = opts.out as string | undefined;
    if (!dir) {
      out('kubeflow-iac bundle: --out DIR is required');
      return 2;
    }
    const secrets = openSecrets(opts);
    const platform = new KubeflowPlatform(loadWithTenants(opts), secrets.store);
    const files = bundleFiles(platform, { argoSyncWaves: opts['argocd-waves'] === true });
    // Saved before the bundle, so no manifests exist whose secrets are lost.
    const kept = keepSecrets(secrets);
    writeTree(dir, files);
    if (kept) out(kept);
    out(`wrote bundle of ${files.size} files to ${dir}/ (${platform.images.list().length} images)`);
    if (opts.tar) {
      const archive = `${dir.replace(/\/+$/, '')}.tar.gz`;
      tar.create({ gzip: { level: 9 }, file: archive, cwd: path.dirname(path.resolve(dir)), portable: true, noMtime: false, mtime: EPOCH, sync: true },
        [...files.keys()].sort().map((f) => path.posix.join(path.basename(path.resolve(dir)), f)));
      out(`wrote ${archive} (${fs.statSync(archive).size} bytes)`);
    }
    return 0;
  },
};
