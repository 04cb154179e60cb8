import { Path } from './issues';

/** Turns a config path into the `file:line: ` (or stack key) prefix of a problem line. */
export type Locator = (path: Path) => string;

// The loader knows where each field was written; checks that run later, inside the platform
// (patch targets, workload overrides), need the same. Keyed by the parsed config and its
// branches, since callers copy the root (plan sets the release, tenants are added) but keep
// the branches that these checks are about.
const LOCATORS = new WeakMap<object, Locator>();
const BRANCHES = ['placement', 'overrides', 'patches'] as const;

/** Remembers where `config` came from; called by `parseConfig`. */
export function rememberLocator(config: Record<string, unknown>, locate: Locator): void {
  LOCATORS.set(config, locate);
  for (const key of BRANCHES) {
    const v = config[key];
    if (v && typeof v === 'object') LOCATORS.set(v, locate);
  }
}

/** Where a field of `config` was written, or '' for a config built in code. */
export function locatorOf(config: object): Locator {
  const found = LOCATORS.get(config) ?? BRANCHES.map((k) => (config as Record<string, unknown>)[k]).filter((v): v is object => !!v && typeof v === 'object').map((v) => LOCATORS.get(v)).find((l) => l);
  return found ?? (() => '');
}
