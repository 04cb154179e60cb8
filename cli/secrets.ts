import * as fs from 'fs';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { ConfigError, show } from '../constructs/config/errors';
import { MemorySecretStore } from '../constructs/core/secrets';

/** Where generated credentials are kept between runs; `.kubeflow-iac/` is git-ignored. */
export const DEFAULT_SECRETS_FILE = '.kubeflow-iac/secrets.yaml';

export const secretsOption = {
  type: 'string' as const,
  help: `generated credentials, read so output stays the same (default: ${DEFAULT_SECRETS_FILE})`,
};

const HEADER = [
  '# Credentials kubeflow-iac generated (OAuth client and cookie secrets, Dex passwords).',
  '# Keep this file private and out of git: the same file gives the same manifests.',
  '',
].join('\n');

/** Reads a secrets file into a store; no file gives an empty store. */
export function loadSecrets(file: string): MemorySecretStore {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new MemorySecretStore();
    throw new ConfigError([`${file}: cannot read the secrets file (${(e as NodeJS.ErrnoException).code ?? String(e)})`]);
  }
  let value: unknown;
  try {
    value = parse(text);
  } catch (e) {
    throw new ConfigError([`${file}: the secrets file is not valid YAML: ${(e as Error).message.split('\n')[0]}`]);
  }
  if (value === null || value === undefined) return new MemorySecretStore();
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError([`${file}: the secrets file must be a YAML mapping of secret keys to strings; got ${show(value)}`]);
  }
  const bad = Object.entries(value).filter(([, v]) => typeof v !== 'string');
  if (bad.length) throw new ConfigError(bad.map(([k, v]) => `${file}: ${k}: got ${show(v)}; expected a string`));
  return new MemorySecretStore(value as Record<string, string>);
}

/** Writes every secret of the store, readable by the owner only (0600), replacing the file at once. */
export function saveSecrets(file: string, store: MemorySecretStore): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, HEADER + stringify(store.entries(), { lineWidth: 0 }), { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}
