import { externalIstioRequirements } from '../constructs/istio/requirements';
import { KubeflowPlatform } from '../constructs/platform/platform';
import { checkOutputDir, credentialFiles, renderWaves, stageTree } from '../constructs/platform/output';
import { bundleCommand } from './bundle/command';
import { footprintCommand } from './footprint/command';
import { graphCommand } from './graph';
import { UsageError } from './errors';
import { configOption, keepStaged, loadWithTenants, openSecrets, Options, profilesOption, secretsFile, secretsOption } from './options';
import { planCommand } from './plan/command';

/** A CLI command: its usage text and what it does with parsed options. */
export interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly options: Readonly<Record<string, { type: 'string' | 'boolean'; help: string; required?: boolean }>>;
  run(opts: Options, out: (line: string) => void, err?: (line: string) => void): number;
}

/** A platform from the command's options; generated secrets stay in memory until kept. */
function platformFrom(opts: Options, err?: (line: string) => void) {
  const secrets = openSecrets(opts, err);
  return { secrets, platform: new KubeflowPlatform(loadWithTenants(opts), secrets.store) };
}

/** synth's output folder: --out, else CDK8S_OUTDIR (set by `cdk8s synth`), else dist. */
function outDir(opts: Options): string {
  const flag = opts.out as string | undefined;
  if (flag === '') throw new UsageError('--out is empty; name an output folder, such as --out dist');
  if (flag !== undefined) return flag;
  const env = process.env.CDK8S_OUTDIR;
  if (env === '') throw new UsageError('CDK8S_OUTDIR is set but empty; unset it or name an output folder, such as CDK8S_OUTDIR=dist');
  return env ?? 'dist';
}

const common = { config: configOption, profiles: profilesOption, secrets: secretsOption };

export const COMMANDS: Readonly<Record<string, Command>> = {
  synth: {
    summary: 'write the platform manifests, in install waves',
    usage: 'kubeflow-iac synth [--config FILE] [--profiles DIR] [--out DIR] [--secrets FILE]',
    options: { ...common, out: { type: 'string', help: 'output folder: new, empty, or one kubeflow-iac wrote; replaced whole (default: $CDK8S_OUTDIR, else dist)' } },
    run(opts, out, err) {
      const dir = outDir(opts);
      const guard = { secretsFile: secretsFile(opts) };
      // A path it must not replace fails before anything, the secrets file included, is written.
      checkOutputDir(dir, guard);
      const { secrets, platform } = platformFrom(opts, err);
      const files = renderWaves(platform.waves());
      const kept = keepStaged(stageTree(dir, files, { ...guard, private: credentialFiles(platform.waves()).files }), secrets);
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
      if (platform.config.components.istio.external) ['the external Istio must provide:', ...externalIstioRequirements(platform.config).map((l) => `  - ${l}`)].forEach((l) => out(l));
      return 0;
    },
  },
  bundle: bundleCommand,
  plan: planCommand,
  graph: graphCommand,
  footprint: footprintCommand,
};
