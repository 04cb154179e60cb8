import { PlatformConfig } from '../config/schema';
import { randomToken, SecretStore } from '../core/secrets';
import { WireComponent } from '../platform/build';
import { TenantSpec } from '../tenants/schema';
import { firstHubRelease, hubReleaseProblem, noHub, releaseHasHub } from './config';
import { Hub } from './hub';
import { RegistryDatabase } from './model-registry';

/** The secret-store key of a tenant's registry database password. */
export const registryPasswordKey = (namespace: string) => `hub/model-registry/${namespace}/db-password`;
export const CATALOG_PASSWORD_KEY = 'hub/model-catalog/db-password';

const installed = (c: { enabled?: boolean; external: boolean }) => c.enabled === true && !c.external;

/** Whether a tenant gets a registry: its file says, else the platform default. */
function wantsRegistry(t: TenantSpec, config: PlatformConfig): boolean {
  return t.modelRegistry?.enabled ?? config.components.hub.modelRegistry.defaultForTenants;
}

function database(t: TenantSpec, config: PlatformConfig, secrets: SecretStore): RegistryDatabase {
  const db = t.modelRegistry?.database;
  if (db?.external) return { kind: 'external', ...db.external };
  const defaults = config.components.hub.modelRegistry.database;
  return {
    kind: 'volume',
    size: db?.volume?.size ?? defaults.size,
    storageClass: db?.volume?.storageClass ?? defaults.storageClass,
    password: secrets.value(registryPasswordKey(t.name), () => randomToken()),
  };
}

/**
 * Hub switched on for a release without it (a config given another release, as the upgrade
 * plan does), and tenants whose file asks for a model registry this platform cannot give:
 * one line each, naming what, why and the fix. The platform checks this before building.
 */
export function hubProblems(config: PlatformConfig): string[] {
  const release = hubReleaseProblem(config);
  if (release) return [`components.hub.enabled: true, but ${release}`];
  const hub = config.components.hub;
  const asking = config.components.profiles.tenants.filter((t) => t.modelRegistry?.enabled === true);
  if (!asking.length) return [];
  let why: string | undefined;
  if (!releaseHasHub(config.release)) why = `${noHub(config.release)}; set release: "${firstHubRelease()}", or remove modelRegistry from the tenant`;
  else if (!installed(hub)) why = 'components.hub is not installed here (enabled: false or external: true); install it, or remove modelRegistry from the tenant';
  else if (!hub.modelRegistry.enabled) why = 'components.hub.modelRegistry.enabled is false; set it to true, or remove modelRegistry from the tenant';
  else if (!installed(config.components.profiles)) why = 'components.profiles is not installed here, so the tenant has no namespace; install profiles, or remove modelRegistry from the tenant';
  return why ? asking.map((t) => `tenant "${t.name}": modelRegistry.enabled: true, but ${why}`) : [];
}

/** Wires Kubeflow Hub, configured from `components.hub` and the tenants' `modelRegistry` fields. */
export const wireHub: WireComponent = (scope, { config, images, sizing, secrets, gateways }) => {
  const c = config.components.hub;
  const profiles = config.components.profiles;
  // Only tenants this platform creates have a namespace to put a registry in.
  const tenants = c.modelRegistry.enabled && installed(profiles) ? profiles.tenants.filter((t) => wantsRegistry(t, config)) : [];
  new Hub(scope, 'Hub', {
    images,
    sizing,
    gateways,
    catalog: c.modelCatalog.enabled
      ? {
        databasePassword: secrets.value(CATALOG_PASSWORD_KEY, () => randomToken()),
        ...c.modelCatalog,
        volume: c.modelCatalog.database,
      }
      : undefined,
    registryUi: c.modelRegistry.enabled,
    registries: tenants.map((t) => ({
      namespace: t.name,
      database: database(t, config, secrets),
      members: {
        users: [t.owner, ...t.contributors.flatMap((m) => (m.user !== undefined ? [m.user] : []))],
        groups: t.contributors.flatMap((m) => (m.group !== undefined ? [m.group] : [])),
      },
      userIdHeader: profiles.userIdHeader,
      userIdPrefix: profiles.userIdPrefix,
      groupsHeader: profiles.groupsHeader,
    })),
  });
};
