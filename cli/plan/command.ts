import { RELEASES, Release } from '../../constructs/catalog/types';
import { catalogFor } from '../../constructs/catalog';
import { PlatformConfig } from '../../constructs/config/schema';
import { SecretStore } from '../../constructs/core/secrets';
import { KubeflowPlatform } from '../../constructs/platform/platform';
import type { Command } from '../commands';
import { UsageError } from '../errors';
import { configOption, loadWithTenants, openSecrets, profilesOption, secretsOption } from '../options';
import { computePlan } from './plan';
import { renderPlan } from './render';

/** Exit code when the plan has a data-loss risk and --allow-data-loss was not given. */
export const DATA_LOSS_EXIT = 3;

function release(opt: string, value: unknown): Release {
  if (typeof value !== 'string' || !(RELEASES as readonly string[]).includes(value)) {
    throw new UsageError(`--${opt}: got ${JSON.stringify(value ?? null)}; allowed: ${RELEASES.map((r) => JSON.stringify(r)).join(', ')}`);
  }
  return value as Release;
}

function synth(config: PlatformConfig, r: Release, secrets: SecretStore) {
  const p = new KubeflowPlatform({ ...config, release: r }, secrets);
  return { release: r, manifests: p.manifests(), images: p.images.list() };
}

export const planCommand: Command = {
  summary: 'show what an upgrade between two releases will do, and its risks',
  usage: 'kubeflow-iac plan --from RELEASE --to RELEASE [--config FILE] [--profiles DIR] [--secrets FILE] [--json] [--allow-data-loss]',
  options: {
    from: { type: 'string', help: `release installed now (${RELEASES.join(', ')}) (required)`, required: true },
    to: { type: 'string', help: 'release to upgrade to (required)', required: true },
    config: { ...configOption, help: 'platform config YAML; its release is ignored (default: all defaults)' },
    profiles: profilesOption,
    secrets: secretsOption,
    json: { type: 'boolean', help: 'print {added, removed, changed, replacements, risks, images, notes} as JSON' },
    'allow-data-loss': { type: 'boolean', help: 'exit 0 even when the upgrade risks data' },
  },
  run(opts, out) {
    const from = release('from', opts.from);
    const to = release('to', opts.to);
    const config = loadWithTenants(opts);
    // One store for both sides, so generated secrets do not show as changes; read only.
    const secrets = openSecrets(opts).store;
    const plan = computePlan(synth(config, from, secrets), synth(config, to, secrets), catalogFor(to).notes);
    out(opts.json ? JSON.stringify(plan, null, 2) : renderPlan(plan));
    return plan.risks.length && !opts['allow-data-loss'] ? DATA_LOSS_EXIT : 0;
  },
};
