import { z } from 'zod';
import { componentBase } from '../core/component-config';
import { catalogFor, Release, RELEASES } from '../catalog';

// A volume size as the PVC takes it, e.g. 10Gi.
const size = z.string().regex(/^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|K|M|G|T|P)?$/, { message: 'expected a Kubernetes quantity such as 10Gi' });

const volume = (defaultSize: string) => ({
  /** Storage class of the PVC; fixed at first install (a PVC's class cannot change). @default the cluster's default class */
  storageClass: z.string().min(1).optional(),
  /** Size of the PVC; it can grow later when the class allows expansion, never shrink. */
  size: size.default(defaultSize),
});

// One segment of a path in the performance-metrics folder; `__` stands for `/` in ConfigMap keys.
const SEGMENT = /^(?!\.{1,2}$)(?!.*__)[-._a-zA-Z0-9]+$/;

/** The model catalog's performance-metrics folder. */
export const performanceMetricsSchema = z.strictObject({
  /** Files by path in the folder, such as `my-models/llm-8b/performance.ndjson`. @default none */
  files: z
    .record(z.string(), z.string())
    .superRefine((files, ctx) => {
      for (const path of Object.keys(files)) {
        if (!path.split('/').every((s) => SEGMENT.test(s))) {
          ctx.addIssue({ code: 'custom', path: [path], input: path, message: "expected a relative path of '/'-separated names (letters, digits, -, _ and .; no '..', no '__', no leading or trailing '/')" });
        }
      }
    })
    .default({}),
  /**
   * A gzipped tar of the same folder, base64-encoded (`base64 -w0 metrics.tar.gz`), unpacked
   * before `files` are copied over it. A ConfigMap holds at most 1 MiB; compressed, more fits.
   * @default none
   */
  archive: z
    .string()
    .superRefine((v, ctx) => {
      const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(v) && v.length % 4 === 0 ? Buffer.from(v, 'base64') : undefined;
      if (!bytes) ctx.addIssue({ code: 'custom', input: v.length > 20 ? `${v.slice(0, 17)}...` : v, message: 'expected base64 text without line breaks (base64 -w0 FILE.tar.gz)' });
      else if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) ctx.addIssue({ code: 'custom', input: `${v.slice(0, 17)}...`, message: 'is not a gzip file once decoded; give a .tar.gz (tar czf FILE.tar.gz -C DIR .)' });
    })
    .optional(),
});

/** The options of `components.hub.modelCatalog` the ModelCatalog construct takes (its props are derived from them). */
export const modelCatalogOptions = z.strictObject({
  /** The catalog's PostgreSQL volume (`model-catalog-postgres`, retained). @default { size: "5Gi" }, as upstream */
  database: z.strictObject(volume('5Gi')).prefault({}),
  /**
   * The catalog server's `sources.yaml` (its `model_catalogs` and `mcp_catalogs` lists), as
   * the Kubeflow Hub docs describe it. Upstream ships demo models; none are shipped here.
   * @default empty lists
   */
  sources: z.record(z.string(), z.unknown()).default({ model_catalogs: [], mcp_catalogs: [] }),
  /** More files of the `model-catalog-sources` ConfigMap, by file name: the YAML catalogs `sources` points at. @default none */
  catalogFiles: z
    .record(z.string(), z.string())
    .superRefine((files, ctx) => {
      for (const name of Object.keys(files)) {
        // ConfigMap keys; sources.yaml is written from `sources`.
        if (!/^[-._a-zA-Z0-9]+$/.test(name)) ctx.addIssue({ code: 'custom', path: [name], input: name, message: 'expected a file name (letters, digits, -, _ and .)' });
        else if (name === 'sources.yaml') ctx.addIssue({ code: 'custom', path: [name], input: name, message: 'is written from modelCatalog.sources; give the catalog file another name' });
      }
    })
    .default({}),
  /**
   * Performance and evaluation data the catalog shows with its models (the server's
   * `--performance-metrics` folder: `<source>/<model>/metadata.json`, `evaluations.ndjson`,
   * `performance.ndjson`). Upstream ships demo numbers; none are shipped here.
   * @default none (an empty folder)
   */
  performanceMetrics: performanceMetricsSchema.prefault({}),
});

/**
 * Platform config of Kubeflow Hub (`components.hub`): the model catalog (one per cluster,
 * in `kubeflow`) and model registries (one per tenant that asks, in its namespace, with
 * one registry UI for the cluster).
 */
export const hubConfig = z
  .strictObject({
    /** Install Kubeflow Hub. @default true on releases that ship it (26.03.1 and later), false before */
    enabled: z.boolean().optional(),
    /** The cluster already has it: install nothing, but let components that need it be enabled. @default false */
    external: componentBase.external,
    modelCatalog: z
      .strictObject({
        /** Run the model catalog server and its PostgreSQL. @default true */
        enabled: z.boolean().default(true),
        ...modelCatalogOptions.shape,
      })
      .prefault({}),
    modelRegistry: z
      .strictObject({
        /** Let tenants have model registries, and run the registry UI for them. @default true */
        enabled: z.boolean().default(true),
        /** Give a registry to every tenant whose file does not say (`modelRegistry` in a tenant file), as upstream gives its example profile one. @default true */
        defaultForTenants: z.boolean().default(true),
        /** Default volume of each tenant's registry PostgreSQL (`metadata-postgres`, retained); a tenant file can override it. @default { size: "10Gi" }, as upstream */
        database: z.strictObject(volume('10Gi')).prefault({}),
      })
      .prefault({}),
  })
  .prefault({});

export type HubConfig = z.output<typeof hubConfig>;

/** Whether a release ships Kubeflow Hub (its catalog's `hub` feature). */
export function releaseHasHub(release: Release): boolean {
  return catalogFor(release).features.hub === true;
}

type WithHub = { readonly release: Release; readonly components: { readonly hub: HubConfig } };

/** What is wrong with `components.hub.enabled: true` on this release, if anything. */
export function hubReleaseProblem(config: WithHub): string | undefined {
  if (config.components.hub.enabled !== true || releaseHasHub(config.release)) return undefined;
  return `${noHub(config.release)}; set release: "${firstHubRelease()}" or remove components.hub.enabled`;
}

/** Hub switched on for a release that has none is an error naming the release and the fix. */
export function checkHubRelease(config: WithHub, ctx: z.RefinementCtx): void {
  const message = hubReleaseProblem(config);
  if (message) ctx.addIssue({ code: 'custom', path: ['components', 'hub', 'enabled'], input: true, message });
}

/** The first release that ships Hub. */
export function firstHubRelease(): Release | undefined {
  return RELEASES.find(releaseHasHub);
}

/** Says that a release has no Hub, and which has. */
export function noHub(release: Release): string {
  return `Kubeflow ${release} has no Kubeflow Hub (it comes with ${firstHubRelease() ?? 'a later release'})`;
}

/**
 * Fills `components.hub.enabled` from the release when the config leaves it out. The parsed
 * config keeps it unset, so one config serves two releases (the upgrade plan).
 */
export function hubReleaseDefault<C extends WithHub>(config: C): C {
  if (config.components.hub.enabled !== undefined) return config;
  const hub = { ...config.components.hub, enabled: releaseHasHub(config.release) };
  return { ...config, components: { ...config.components, hub } };
}
