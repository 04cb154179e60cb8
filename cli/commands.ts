import { KubeflowPlatform } from '../constructs/platform/platform';
import { renderWaves, writeTree } from '../constructs/platform/output';
import { bundleCommand } from './bundle/command';
import { planCommand } from './plan/command';
import { graphCommand } from './graph';
import { DEFAULT_SECRETS_FILE, loadSecrets, saveSecrets, secretsOption } from './secrets';
import { loadConfigWithTenants } from '../constructs/tenants/config';

/** A CLI command: its usage text and what it does with parsed options. */
export interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly options: Readonly<Record<string, { type: 'string' | 'boolean'; help: string }>>;
  run(opts: Readonly<Record<string, string | boolean | undefined>>, out: (line: string) => void): number;
}

const configOption = { type: 'string' as const, help: 'platform config YAML (default: all defaults)' };
const profilesOption = { type: 'string' as const, help: 'folder of tenant files, one Profile each (default: profiles, if it exists)' };

/** The config, with the tenants of the tenant files added to components.profiles.tenants. */
function loadWithTenants(opts: Readonly<Record<string, string | boolean | undefined>>) {
  return loadConfigWithTenants(opts.config as string | undefined, opts.profiles as string | undefined);
}

export const COMMANDS: Readonly<Record<string, Command>> = {
  synth: {
    summary: 'write the platform manifests, in install waves',
    usage: 'kubeflow-iac synth [--config FILE] [--profiles DIR] [--out DIR] [--secrets FILE]',
    options: { config: configOption, profiles: profilesOption, out: { type: 'string', help: 'output folder, replaced whole (default: dist)' }, secrets: secretsOption },
    run(opts, out) {
      const secretsFile = (opts.secrets as string | undefined) ?? DEFAULT_SECRETS_FILE;
      const secrets = loadSecrets(secretsFile);
      const platform = new KubeflowPlatform(loadWithTenants(opts), secrets);
      const dir = (opts.out as string | undefined) ?? process.env.CDK8S_OUTDIR ?? 'dist';
      const files = renderWaves(platform.waves());
      // Saved before the output, so no manifests exist whose secrets are lost.
      if (secrets.generated.length) saveSecrets(secretsFile, secrets);
      writeTree(dir, files);
      if (secrets.generated.length) out(`generated ${secrets.generated.length} secrets into ${secretsFile} (git-ignored); keep it to get the same output next time`);
      const objects = platform.waves().reduce((n, w) => n + w.parts.reduce((m, p) => m + p.manifests.length, 0), 0);
      out(`wrote ${objects} objects in ${platform.waves().length} waves (${files.size} files) to ${dir}/`);
      return 0;
    },
  },
  images: {
    summary: 'list every image the platform can pull, one per line, sorted',
    usage: 'kubeflow-iac images [--config FILE] [--profiles DIR] [--secrets FILE]',
    options: { config: configOption, profiles: profilesOption, secrets: secretsOption },
    run(opts, out) {
      // Read only: values generated here are thrown away.
      const secrets = loadSecrets((opts.secrets as string | undefined) ?? DEFAULT_SECRETS_FILE);
      const platform = new KubeflowPlatform(loadWithTenants(opts), secrets);
      platform.waves();
      for (const image of platform.images.list()) out(image);
      return 0;
    },
  },
  validate: {
    summary: 'check the config and exit, writing nothing',
    usage: 'kubeflow-iac validate [--config FILE] [--profiles DIR] [--secrets FILE]',
    options: { config: configOption, profiles: profilesOption, secrets: secretsOption },
    run(opts, out) {
      const config = loadWithTenants(opts);
      new KubeflowPlatform(config, loadSecrets((opts.secrets as string | undefined) ?? DEFAULT_SECRETS_FILE)).waves();
      out(`${(opts.config as string | undefined) ?? 'default config'}: valid (release ${config.release}, platform ${config.platform})`);
      return 0;
    },
  },
  bundle: bundleCommand,
  plan: planCommand,
  graph: graphCommand,
};
