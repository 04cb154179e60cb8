import { loadConfigWithTenants } from '../constructs/tenants/load-config';
import { PlatformConfig } from '../constructs/config/schema';
import { EphemeralSecretStore } from '../constructs/core/secrets';
import { StagedTree } from '../constructs/platform/output';
import { DEFAULT_SECRETS_FILE, loadSecrets, saveSecrets, secretsOption } from './secrets';

export type Options = Readonly<Record<string, string | boolean | undefined>>;

export const configOption = { type: 'string' as const, help: 'platform config YAML (default: all defaults)' };
export const profilesOption = { type: 'string' as const, help: 'folder of tenant files, one Profile each (default: profiles, if it exists)' };
export { secretsOption };

/** The config, with the tenants of the tenant files added to components.profiles.tenants. */
export function loadWithTenants(opts: Options): PlatformConfig {
  return loadConfigWithTenants(opts.config as string | undefined, opts.profiles as string | undefined);
}

/** The secrets file named by --secrets, or the default. */
export function secretsFile(opts: Options): string {
  return (opts.secrets as string | undefined) ?? DEFAULT_SECRETS_FILE;
}

/** The secrets file named by --secrets (or the default), read into a store; its notices go to `warn` (stderr). */
export function openSecrets(opts: Options, warn: (line: string) => void = (l) => void process.stderr.write(`${l}\n`)): { file: string; store: EphemeralSecretStore } {
  const file = secretsFile(opts);
  const store = loadSecrets(file);
  store.notices.forEach((l) => warn(l));
  return { file, store };
}

/** Saves newly generated or re-hashed secrets; returns the line to tell the user, if any. */
export function keepSecrets(secrets: { file: string; store: EphemeralSecretStore }): string | undefined {
  const { generated, updated } = secrets.store;
  if (!generated.length && !updated.length) return undefined;
  saveSecrets(secrets.file, secrets.store);
  if (!generated.length) return `saved ${updated.length} re-hashed secrets to ${secrets.file}`;
  return `generated ${generated.length} secrets into ${secrets.file} (git-ignored); keep it to get the same output next time`;
}

/**
 * Saves generated secrets, then swaps the staged output in; returns the line from keepSecrets.
 * The output is staged first, so a path that cannot be written fails before the secrets file
 * is; the secrets are saved before the swap, so no manifests exist whose secrets are lost.
 */
export function keepStaged(staged: StagedTree, secrets: { file: string; store: EphemeralSecretStore }): string | undefined {
  let kept: string | undefined;
  try {
    kept = keepSecrets(secrets);
  } catch (e) {
    staged.discard();
    throw e;
  }
  staged.commit();
  return kept;
}
