import { z } from 'zod';

const DNS_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
// A volume size as the PVC takes it, e.g. 10Gi.
const SIZE = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|K|M|G|T|P)?$/;

/** The tenant's own PostgreSQL on a retained volume in its namespace. */
const volumeDatabase = z.strictObject({
  /** Size of the `metadata-postgres` PVC; it can grow later, never shrink. @default `components.hub.modelRegistry.database.size` */
  size: z.string().regex(SIZE, { message: 'expected a Kubernetes quantity such as 10Gi' }).optional(),
  /** Storage class; fixed at first install. @default `components.hub.modelRegistry.database.storageClass`, else the cluster's default */
  storageClass: z.string().min(1).optional(),
});

/** An existing PostgreSQL server; the password comes from a Secret the tenant's namespace already has. */
const externalDatabase = z.strictObject({
  host: z.string().min(1),
  /** @default 5432 */
  port: z.number().int().min(1).max(65535).default(5432),
  /** Database name on the server. @default "metadb", as upstream */
  database: z.string().min(1).default('metadb'),
  user: z.string().min(1),
  /** Secret in the tenant's namespace, and its key holding the password. */
  passwordSecret: z.strictObject({
    name: z.string().regex(DNS_NAME, { message: 'expected a Secret name (lower case, digits, - and .)' }),
    /** @default "password" */
    key: z.string().min(1).default('password'),
  }),
});

/**
 * A tenant's Kubeflow Hub model registry (`modelRegistry` in a tenant file): a registry
 * server in the tenant's namespace, reachable through the gateway by the tenant's owner
 * and contributors only.
 */
export const tenantModelRegistrySchema = z.strictObject({
  /** @default true (writing the field asks for a registry) */
  enabled: z.boolean().default(true),
  /** Where the registry keeps its data. @default a PostgreSQL on a retained volume */
  database: z
    .strictObject({ volume: volumeDatabase.optional(), external: externalDatabase.optional() })
    .superRefine((d, ctx) => {
      if (d.volume && d.external) ctx.addIssue({ code: 'custom', input: Object.keys(d), message: 'set one of volume or external, not both' });
    })
    .optional(),
});

export type TenantModelRegistry = z.output<typeof tenantModelRegistrySchema>;
