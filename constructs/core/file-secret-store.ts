import { loadSecrets, saveSecrets } from '../../cli/secrets';
import { EphemeralSecretStore, SecretStore } from './secrets';

/**
 * Secrets kept in a YAML file between runs (the CLI's `.kubeflow-iac/secrets.yaml`): values
 * in the file are reused, missing ones are generated, and `save()` writes them back, so
 * two builds with the same file give the same bytes. Keep the file private and out of git.
 *
 * The file format and its checks are the CLI's (`cli/secrets.ts`); this class only wraps them.
 */
export class FileSecretStore implements SecretStore {
  private readonly store: EphemeralSecretStore;

  /** Reads `file` (throws ConfigError when it is not a mapping of keys to strings); no file is an empty store. */
  constructor(public readonly file: string) {
    this.store = loadSecrets(file);
  }

  value(key: string, generate: () => string): string {
    return this.store.value(key, generate);
  }

  /** Keys generated since the file was read. */
  get generated(): readonly string[] {
    return this.store.generated;
  }

  /** Writes the file (mode 0600) when anything was generated; returns whether it wrote. */
  save(): boolean {
    if (this.store.generated.length === 0) return false;
    saveSecrets(this.file, this.store);
    return true;
  }
}
