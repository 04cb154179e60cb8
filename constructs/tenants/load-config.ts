// Loads the platform config together with the tenant files (load.ts reads those; schema.ts checks them).
import { ConfigError, problemCollector } from '../config/errors';
import { loadConfig } from '../config/load';
import { PlatformConfig } from '../config/schema';
import { LoadedTenant, loadTenantFiles } from './load';
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
 * Tenant files need the profiles component: without it no Profile is made for them, and
 * leaving them out silently would hide a team's namespace. One line naming the files.
 */
export function tenantFilesNeedProfiles(config: PlatformConfig, files: readonly LoadedTenant[], dir: string): string[] {
  if (config.components.profiles.enabled || !files.length) return [];
  return [`${files.map((f) => f.file).join(', ')}: tenant files, but components.profiles.enabled is false, so no Profile would be made for them; enable profiles, or move the files out of ${dir}`];
}

/**
 * The platform config of a file (or the defaults) with the tenants of a folder of tenant
 * files: `profilesDir`, or `profiles/` if it exists. What every command that builds the
 * platform from files should use. Problems of the config and of the tenant files are
 * reported together.
 */
export function loadConfigWithTenants(configFile?: string, profilesDir?: string): PlatformConfig {
  const dir = profilesDir ?? DEFAULT_TENANTS_DIR;
  const { problems, attempt } = problemCollector();
  const config = attempt(() => loadConfig(configFile));
  const files = attempt(() => loadTenantFiles(dir, { optional: profilesDir === undefined }));
  if (config && files) problems.push(...tenantFilesNeedProfiles(config, files, dir));
  if (problems.length || !config || !files) throw new ConfigError(problems);
  return withTenants(config, files.map((f) => f.tenant));
}
