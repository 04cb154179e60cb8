import * as fs from 'fs';
import * as path from 'path';
import * as tar from 'tar';
import { KubeflowPlatform } from '../../constructs/platform/platform';
import { checkOutputDir, credentialFiles, OUTPUT_MARKER, stageTree } from '../../constructs/platform/output';
import type { Command } from '../commands';
import { UsageError } from '../errors';
import { configOption, keepStaged, loadWithTenants, openSecrets, profilesOption, secretsFile, secretsOption } from '../options';
import { checkArchive, writePrivate } from '../output-guard';
import { bundleFiles, MANIFESTS } from './bundle';

// A fixed date in the archive keeps two bundles of the same config byte-identical.
const EPOCH = new Date('2020-01-01T00:00:00Z');

export const bundleCommand: Command = {
  summary: 'write an air-gapped bundle: ordered manifests, install.sh, images, checksums',
  usage: 'kubeflow-iac bundle --out DIR [--config FILE] [--profiles DIR] [--secrets FILE] [--tar] [--argocd-waves]',
  options: {
    out: { type: 'string', help: 'bundle folder: new, empty, or one kubeflow-iac wrote; replaced whole (required)', required: true },
    config: configOption,
    profiles: profilesOption,
    secrets: secretsOption,
    tar: { type: 'boolean', help: 'also write DIR.tar.gz (mode 0600): new, or one kubeflow-iac wrote' },
    'argocd-waves': { type: 'boolean', help: 'stamp argocd.argoproj.io/sync-wave annotations' },
  },
  run(opts, out) {
    const dir = opts.out as string;
    if (dir === '') throw new UsageError('--out is empty; name a bundle folder, such as --out kubeflow-bundle');
    const guard = { secretsFile: secretsFile(opts) };
    const archive = opts.tar ? `${dir.replace(/\/+$/, '')}.tar.gz` : undefined;
    // Paths it must not replace fail before anything, the secrets file included, is written.
    checkOutputDir(dir, guard);
    if (archive) checkArchive(archive);
    const secrets = openSecrets(opts);
    const platform = new KubeflowPlatform(loadWithTenants(opts), secrets.store);
    const files = bundleFiles(platform, { argoSyncWaves: opts['argocd-waves'] === true });
    const credentials = credentialFiles(platform.waves(), MANIFESTS);
    const kept = keepStaged(stageTree(dir, files, { ...guard, private: credentials.files }), secrets);
    if (kept) out(kept);
    out(`wrote bundle of ${files.size} files to ${dir}/ (${platform.images.list().length} images)`);
    if (archive) {
      const top = path.basename(path.resolve(dir));
      const entries = [...files.keys(), OUTPUT_MARKER].sort().map((f) => path.posix.join(top, f));
      writePrivate(archive, (tmp) => tar.create({ gzip: { level: 9 }, file: tmp, cwd: path.dirname(path.resolve(dir)), portable: true, noMtime: false, mtime: EPOCH, sync: true }, entries));
      out(`wrote ${archive} (${fs.statSync(archive).size} bytes, mode 0600)`);
    }
    if (credentials.secrets) {
      out(`the bundle holds credentials (${credentials.secrets} Secrets in ${credentials.files.size} files under ${MANIFESTS}/, mode 0600): keep it${archive ? ' and the archive' : ''} private`);
    }
    return 0;
  },
};
