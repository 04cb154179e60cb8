import { KubeflowPlatform } from '../constructs/platform/platform';
import { renderWaves, writeTree } from '../constructs/platform/output';
import { bundleCommand } from './bundle/command';
import { graphCommand } from './graph';
import { configOption, keepSecrets, loadWithTenants, openSecrets, Options, profilesOption, secretsOption } from './options';
import { planCommand } from './plan/command';

/** A CLI command: its usage text and what it does with parsed options. */
export interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly options: Readonly<Record<string, { type: 'string' | 'boolean'; help: string }>>;
  run(opts: Options, out: (line: string) => void, err?: (line: string) => void): number;
}

/** A platform from the command's options; generated secrets stay in memory until kept. */
function platformFrom(opts: Options, err?: (line: string) => void) {
  const secrets = openSecrets(opts, err);
  return { secrets, platform: new KubeflowPlatform(loadWithTenants(opts), secrets.store) };
}

const common = { config: configOption, profiles: profilesOption, secrets: secretsOption };

export const COMMANDS: Readonly<Record<string, Command>> = {
  synth: {
    summary: 'write the platform manifests, in install waves',
    usage: 'kubeflow-iac synth [--config FILE] [--profiles DIR] [--out DIR] [--secrets FILE]',
    options: { ...common, out: { type: 'string', help: 'output folder, replaced whole (default: dist)' } },
    run(opts, out, err) {
      const { secrets, platform } = platformFrom(opts, err);
      const dir = (opts.out as string | undefined) ?? process.env.CDK8S_OUTDIR ?? 'dist';
      const files = renderWaves(platform.waves());
      // Saved before the output, so no manifests exist whose secrets are lost.
      const kept = keepSecrets(secrets);
      writeTree(dir, files);
      if (kept) out(kept);
      const objects = platform.waves().reduce((n, w) => n + w.parts.reduce((m, p) => m + p.manifests.length, 0), 0);
      out(`wrote ${objects} objects in ${platform.waves().length} waves (${files.size} files) to ${dir}/`);
      return 0;
    },
  },
  images: {
    summary: 'list every image the platform can pull, one per line, sorted',
    usage: 'kubeflow-iac images [--config FILE] [--profiles DIR] [--secrets FILE]',
    options: common,
    run(opts, out, err) {
      // Read only: values generated here are thrown away.
      const { platform } = platformFrom(opts, err);
      platform.waves();
      for (const image of platform.images.list()) out(image);
      return 0;
    },
  },
  validate: {
    summary: 'check the config and exit, writing nothing',
    usage: 'kubeflow-iac validate [--config FILE] [--profiles DIR] [--secrets FILE]',
    options: common,
    run(opts, out, err) {
      const { platform } = platformFrom(opts, err);
      platform.waves();
      out(`${(opts.config as string | undefined) ?? 'default config'}: valid (release ${platform.config.release}, platform ${platform.config.platform})`);
      return 0;
    },
  },
  bundle: bundleCommand,
  plan: planCommand,
  graph: graphCommand,
};
