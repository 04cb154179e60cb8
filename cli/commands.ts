import { loadConfig } from '../constructs/config/load';
import { KubeflowPlatform } from '../constructs/platform/platform';
import { renderWaves, writeTree } from '../constructs/platform/output';

/** A CLI command: its usage text and what it does with parsed options. */
export interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly options: Readonly<Record<string, { type: 'string' | 'boolean'; help: string }>>;
  run(opts: Readonly<Record<string, string | boolean | undefined>>, out: (line: string) => void): number;
}

const configOption = { type: 'string' as const, help: 'platform config YAML (default: all defaults)' };

export const COMMANDS: Readonly<Record<string, Command>> = {
  synth: {
    summary: 'write the platform manifests, in install waves',
    usage: 'kubeflow-iac synth [--config FILE] [--out DIR]',
    options: { config: configOption, out: { type: 'string', help: 'output folder, replaced whole (default: dist)' } },
    run(opts, out) {
      const platform = new KubeflowPlatform(loadConfig(opts.config as string | undefined));
      const dir = (opts.out as string | undefined) ?? process.env.CDK8S_OUTDIR ?? 'dist';
      const files = renderWaves(platform.waves());
      writeTree(dir, files);
      const objects = platform.waves().reduce((n, w) => n + w.parts.reduce((m, p) => m + p.manifests.length, 0), 0);
      out(`wrote ${objects} objects in ${platform.waves().length} waves (${files.size} files) to ${dir}/`);
      return 0;
    },
  },
  images: {
    summary: 'list every image the platform can pull, one per line, sorted',
    usage: 'kubeflow-iac images [--config FILE]',
    options: { config: configOption },
    run(opts, out) {
      const platform = new KubeflowPlatform(loadConfig(opts.config as string | undefined));
      platform.waves();
      for (const image of platform.images.list()) out(image);
      return 0;
    },
  },
  validate: {
    summary: 'check the config and exit, writing nothing',
    usage: 'kubeflow-iac validate [--config FILE]',
    options: { config: configOption },
    run(opts, out) {
      const config = loadConfig(opts.config as string | undefined);
      new KubeflowPlatform(config).waves();
      out(`${(opts.config as string | undefined) ?? 'default config'}: valid (release ${config.release}, platform ${config.platform})`);
      return 0;
    },
  },
};
