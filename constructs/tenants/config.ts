import { ConfigError } from '../config/errors';
import { loadConfig } from '../config/load';
import { PlatformConfig } from '../config/schema';
import { loadTenants } from './load';
import { TenantSpec } from './schema';

/** The folder of tenant files the CLI reads when none is named. */
export const DEFAULT_TENANTS_DIR = 'profiles';

/**
 * The config with more tenants (from files) added to `components.profiles.tenants`.
 * A tenant name already in the config is an error.
 */
export function withTenants<C extends { components: { profiles: { tenants: TenantSpec[] } } }>(config: C, tenants: readonly TenantSpec[]): C {
  const inConfig = new Set(config.components.profiles.tenants.map((t) => t.name));
  const clashes = tenants.filter((t) => inConfig.has(t.name));
  if (clashes.length) {
    throw new ConfigError(clashes.map((t) => `components.profiles.tenants: tenant "${t.name}" is also defined in a tenant file; keep one`));
  }
  const profiles = { ...config.components.profiles, tenants: [...config.components.profiles.tenants, ...tenants] };
  return { ...config, components: { ...config.components, profiles } };
}

/**
 * The platform config of a file (or the defaults) with the tenants of a folder of tenant
 * files: `profilesDir`, or `profiles/` if it exists. What every command that builds the
 * platform from files should use.
 */
export function loadConfigWithTenants(configFile?: string, profilesDir?: string): PlatformConfig {
  const tenants = loadTenants(profilesDir ?? DEFAULT_TENANTS_DIR, { optional: profilesDir === undefined });
  return withTenants(loadConfig(configFile), tenants);
}
