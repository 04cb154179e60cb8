import { randomBytes } from 'crypto';

/**
 * Where generated secrets come from. Synthesis asks for each secret by a stable key;
 * the store returns the value it has, or makes one with `generate` and keeps it, so a
 * second synth with the same store gives the same bytes.
 */
export interface SecretStore {
  value(key: string, generate: () => string): string;
}

/** A random URL-safe string, for passwords, client secrets and cookie secrets. */
export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** A bcrypt hash as Dex reads it: `$2a$`, `$2b$` or `$2y$`, a two-digit cost, `$`, 53 characters of salt and hash. */
export const BCRYPT_HASH = /^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/;

/**
 * Keeps secrets in memory only. `generated` lists the keys it had to make, `updated` the keys
 * whose stored value was replaced (a hash recomputed from an edited password); both mean the
 * store must be saved. `notices` are lines for the user (warnings about the file). A new one
 * per run makes new credentials every run, so it is for tests and for holding a secrets file's
 * values (`FileSecretStore`); a platform that is deployed needs a store that outlives the process.
 */
export class EphemeralSecretStore implements SecretStore {
  public readonly generated: string[] = [];
  public readonly updated: string[] = [];
  public readonly notices: string[] = [];
  private readonly values: Map<string, string>;

  constructor(initial: Readonly<Record<string, string>> = {}) {
    this.values = new Map(Object.entries(initial));
  }

  value(key: string, generate: () => string): string {
    let v = this.values.get(key);
    if (v === undefined) {
      v = generate();
      this.values.set(key, v);
      this.generated.push(key);
    }
    return v;
  }

  /** Replaces a stored value, remembering that the store changed. */
  replace(key: string, value: string): void {
    this.values.set(key, value);
    if (!this.updated.includes(key)) this.updated.push(key);
  }

  /** Every value, by key, sorted: what a secrets file holds. */
  entries(): Record<string, string> {
    return Object.fromEntries([...this.values].sort(([a], [b]) => a.localeCompare(b)));
  }
}
