import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { z } from 'zod';
import { catalogFor, DEFAULT_RELEASE, Release, RELEASES } from '../constructs/catalog';
import { ConfigError, problemCollector } from '../constructs/config/errors';
import { describeIssue } from '../constructs/config/issues';
import { parseConfig } from '../constructs/config/load';
import { PLATFORMS, PlatformConfig } from '../constructs/config/schema';
import { DEFAULT_TENANTS_DIR, tenantFilesNeedProfiles, withTenants } from '../constructs/tenants/load-config';
import { loadTenantFiles } from '../constructs/tenants/load';
import { LateValues, StackFacts, withClusterFacts } from './cluster-facts';
import { kindNodeImage, versionProblem } from './cluster-version';

/** Stack config namespace: `kubeflow-iac:platform` and `kubeflow-iac:cluster`. */
export const CONFIG_NAMESPACE = 'kubeflow-iac';

const clusterName = z.string().regex(/^[a-z][a-z0-9-]{0,23}$/, { message: 'expected 1-24 lower-case letters, digits and dashes, starting with a letter' });
const NAMESPACE_TEXT = 'expected a namespace name: lower-case letters, digits and dashes, starting and ending with a letter or digit';
const tenants = z.array(z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$|^\*$/, { message: `${NAMESPACE_TEXT}, or * for all` })).min(1);

/** Use a cluster that already exists. */
export const existingSettings = z.strictObject({
  /** Kubeconfig file path, or the kubeconfig itself. @default the ambient kubeconfig (KUBECONFIG or ~/.kube/config) */
  kubeconfig: z.string().optional(),
  /** Context of the kubeconfig to use. @default the current context */
  context: z.string().optional(),
  /**
   * Take over objects that already exist, such as a kubeflow/manifests install: the first
   * `pulumi up` updates them in place (same names and selectors) instead of failing with
   * AlreadyExists. Leave it off once the stack owns them. @default false
   */
  adopt: z.boolean().default(false),
  /**
   * Install even when the cluster runs an older Kubernetes than the release needs (the stack
   * reads the version with `kubectl version` before it installs anything). @default false
   */
  skipVersionCheck: z.boolean().default(false),
});

// The cluster schemas take the platform config's release: the Kubernetes version a new
// cluster gets follows it, so a site on 26.03 keeps 1.33 while 26.03.1 gets 1.34.
export const kindSettings = (release: Release) => z.strictObject({
  /** kind cluster name. @default "kubeflow" */
  name: clusterName.default('kubeflow'),
  /**
   * Node image, pinned; its Kubernetes must be one the release runs on.
   * @default the release's (KIND_NODE_IMAGES): kindest/node:v1.34.0 for 26.03.1, kindest/node:v1.33.1 before
   */
  nodeImage: z.string().default(kindNodeImage(release)),
  /** Worker nodes besides the control plane. @default 0 */
  workers: z.number().int().min(0).max(8).default(0),
  /** Host ports the gateway's HTTP and HTTPS node ports are published on. @default 8080 and 8443 */
  httpPort: z.number().int().min(1).max(65535).default(8080),
  httpsPort: z.number().int().min(1).max(65535).default(8443),
  existing: existingSettings.optional(),
});

const nodePool = <T extends z.ZodRawShape>(shape: T) => z.strictObject({
  /** Nodes the pool never goes below. */ min: z.number().int().min(0).default(1),
  /** Nodes the pool starts with. */ desired: z.number().int().min(0).default(2),
  /** Nodes the pool never goes above. */ max: z.number().int().min(1).default(4),
  /** Root disk size in GiB. @default 100 */ diskSize: z.number().int().min(20).default(100),
  ...shape,
}).superRefine((pool, ctx) => {
  const p = pool as unknown as { min: number; desired: number; max: number };
  // The cloud APIs reject a pool outside min <= desired <= max only once the cluster is being made.
  const rule = 'a pool needs min <= desired <= max';
  const numbers = `min ${p.min}, desired ${p.desired}, max ${p.max}`;
  if (p.min > p.max) ctx.addIssue({ code: 'custom', path: ['max'], input: p.max, message: `is below min (${numbers}); ${rule}: raise max or lower min` });
  else if (p.desired < p.min) ctx.addIssue({ code: 'custom', path: ['desired'], input: p.desired, message: `is below min (${numbers}); ${rule}: set desired from ${p.min} to ${p.max}` });
  else if (p.desired > p.max) ctx.addIssue({ code: 'custom', path: ['desired'], input: p.desired, message: `is above max (${numbers}); ${rule}: set desired from ${p.min} to ${p.max}` });
});

export const eksSettings = (release: Release) => z.strictObject({
  /** Cluster name, also the prefix of every AWS name. @default "kubeflow" */
  name: clusterName.default('kubeflow'),
  /**
   * Kubernetes version, `1.N` (EKS takes no patch version); not older than the release needs.
   * @default the release's: "1.34" for 26.03.1, "1.33" before
   */
  version: z.string().regex(/^1\.\d+$/, { message: 'expected a Kubernetes minor version such as "1.34" (EKS takes no patch version)' }).default(catalogFor(release).kubernetes.stackDefault),
  /** A new VPC: its CIDR and how many availability zones (2 or 3) it spans. @default 10.0.0.0/16 over 3 AZs */
  vpc: z.strictObject({
    cidr: z.string().regex(/^\d+\.\d+\.\d+\.\d+\/(1[6-9]|2[0-2])$/, { message: 'expected an IPv4 CIDR from /16 to /22' }).default('10.0.0.0/16'),
    availabilityZones: z.number().int().min(2).max(3).default(3),
  }).prefault({}),
  /** An existing VPC instead of a new one. @default none */
  existingVpc: z.strictObject({ vpcId: z.string(), publicSubnetIds: z.array(z.string()).min(2), privateSubnetIds: z.array(z.string()).min(2) }).optional(),
  /** IAM principals (users or roles) given cluster-admin access entries. @default none */
  adminPrincipalArns: z.array(z.string().startsWith('arn:', { message: 'expected an IAM user or role ARN, arn:aws:iam::ACCOUNT:role/NAME' })).default([]),
  /** The CPU node group. @default 3 x m6i.xlarge, between 2 and 6 */
  nodes: nodePool({ instanceType: z.string().default('m6i.xlarge') }).prefault({ min: 2, desired: 3, max: 6 }),
  /** A GPU node group, tainted `nvidia.com/gpu`. @default none */
  gpuNodes: nodePool({ instanceType: z.string().default('g5.xlarge') }).optional(),
  /** RDS MySQL for pipelines metadata, in the private subnets. @default none */
  database: z.strictObject({ instanceClass: z.string().default('db.t4g.medium'), allocatedStorage: z.number().int().min(20).default(50) }).optional(),
  /** Profile namespaces whose `default-editor` may use the artifact bucket; `*` for all. @default ["kubeflow-user-example-com"] */
  tenantNamespaces: tenants.default(['kubeflow-user-example-com']),
  existing: existingSettings.optional(),
});

export const gkeSettings = (release: Release) => z.strictObject({
  /** Cluster name, also the prefix of every GCP name. @default "kubeflow" */
  name: clusterName.default('kubeflow'),
  /**
   * Lowest Kubernetes version of the control plane (`minMasterVersion`, such as "1.34"): GKE
   * starts at or above it and the release channel upgrades from there. Not older than the
   * release needs. @default the release's: "1.34" for 26.03.1, "1.33" before
   */
  version: z.string().min(1).default(catalogFor(release).kubernetes.stackDefault),
  /** Region (regional cluster) or zone. @default the `gcp:region` stack config */
  location: z.string().optional(),
  /** GKE release channel. @default "REGULAR" */
  releaseChannel: z.enum(['RAPID', 'REGULAR', 'STABLE']).default('REGULAR'),
  /** Node, pod and service ranges of the new subnet. */
  network: z.strictObject({
    nodes: z.string().default('10.10.0.0/20'),
    pods: z.string().default('10.16.0.0/14'),
    services: z.string().default('10.20.0.0/20'),
  }).prefault({}),
  /** The CPU node pool (per zone in a regional cluster). @default e2-standard-8, 1 to 3 */
  nodes: nodePool({ machineType: z.string().default('e2-standard-8') }).prefault({ min: 1, desired: 1, max: 3 }),
  /** A GPU node pool. @default none */
  gpuNodes: nodePool({ machineType: z.string().default('g2-standard-8'), acceleratorType: z.string().default('nvidia-l4'), acceleratorCount: z.number().int().min(1).default(1) }).optional(),
  /** Cloud SQL MySQL (private IP only) for pipelines metadata. @default none */
  database: z.strictObject({ tier: z.string().default('db-custom-2-7680') }).optional(),
  /** Profile namespaces whose `default-editor` may use the artifact bucket. @default ["kubeflow-user-example-com"] */
  tenantNamespaces: z.array(z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { message: NAMESPACE_TEXT })).min(1).default(['kubeflow-user-example-com']),
  existing: existingSettings.optional(),
});

export type ExistingSettings = z.output<typeof existingSettings>;
export type KindSettings = z.output<ReturnType<typeof kindSettings>>;
export type EksSettings = z.output<ReturnType<typeof eksSettings>>;
export type GkeSettings = z.output<ReturnType<typeof gkeSettings>>;

/** The cluster layer: chosen by the platform config's `platform`, `generic` meaning an existing cluster. */
export type ClusterSettings =
  | { readonly layer: 'existing'; readonly settings: ExistingSettings }
  | { readonly layer: 'kind'; readonly settings: KindSettings }
  | { readonly layer: 'eks'; readonly settings: EksSettings }
  | { readonly layer: 'gke'; readonly settings: GkeSettings };

const schemaFor = (platform: PlatformConfig['platform'], release: Release) =>
  platform === 'generic' ? existingSettings : { kind: kindSettings, eks: eksSettings, gke: gkeSettings }[platform](release);

const CLUSTER_KEY = `${CONFIG_NAMESPACE}:cluster`;

/**
 * Validates `kubeflow-iac:cluster` for a platform; errors name the key, the value and what is
 * allowed. The Kubernetes version of a new cluster defaults to the release's and may not be
 * older than it needs; `release` null means the platform config names no known release (it is
 * reported there): the default release's defaults, and no version check.
 */
export function parseClusterSettings(platform: PlatformConfig['platform'], input: unknown, release: Release | null = DEFAULT_RELEASE): ClusterSettings {
  const schema = schemaFor(platform, release ?? DEFAULT_RELEASE);
  const result = schema.safeParse(input ?? {}, { reportInput: true });
  if (!result.success) {
    throw new ConfigError(result.error.issues.flatMap((i) => describeIssue(schema, i, { prefix: `${CLUSTER_KEY}: `, unknownKey: `unknown key for platform ${platform}` }).map((p) => p.text)));
  }
  const data = result.data as { existing?: ExistingSettings };
  if (platform === 'generic') return { layer: 'existing', settings: data as ExistingSettings };
  if (data.existing) return { layer: 'existing', settings: data.existing };
  const cluster = { layer: platform, settings: data } as ClusterSettings;
  const tooOld = release ? versionProblem(cluster, release) : undefined;
  if (tooOld) throw new ConfigError([`${CLUSTER_KEY}: ${tooOld}`]);
  return cluster;
}

/** The platform config's release as the cluster settings see it: null when it names no known one. */
function releaseOf(raw: Record<string, unknown>): Release | null {
  if (raw.release === undefined) return DEFAULT_RELEASE;
  return (RELEASES as readonly unknown[]).includes(raw.release) ? (raw.release as Release) : null;
}

/** Provider settings a new cloud cluster cannot be made without, checked before anything is made. */
function providerProblems(cluster: ClusterSettings, facts: StackFacts): string[] {
  const problems: string[] = [];
  if (cluster.layer === 'eks' && !facts.awsRegion) {
    problems.push('aws:region: not set; a new EKS cluster needs it: pulumi config set aws:region us-west-2');
  }
  if (cluster.layer === 'gke') {
    if (!facts.gcpProject) problems.push('gcp:project: not set; a new GKE cluster needs it: pulumi config set gcp:project PROJECT_ID');
    if (!cluster.settings.location && !facts.gcpRegion) {
      problems.push(`gcp:region: not set, and ${CLUSTER_KEY} has no location; a new GKE cluster needs one: pulumi config set gcp:region us-central1 (or set location in ${CLUSTER_KEY} to a region or zone)`);
    }
  }
  return problems;
}

/** What a stack's config holds, as read from Pulumi (or given by a test). */
export interface StackInputs {
  /** `kubeflow-iac:platform`. */
  readonly platform?: unknown;
  /** `kubeflow-iac:cluster`. */
  readonly cluster?: unknown;
  /** `kubeflow-iac:profiles`: the tenants folder, relative to `rootDir`. @default profiles/, if it exists */
  readonly profiles?: string;
  /** The project folder (where Pulumi.yaml is). */
  readonly rootDir: string;
  readonly facts: StackFacts;
}

/**
 * Every check of a stack's config, in one pass: the cluster settings, the provider settings
 * the cluster needs, the platform config, the tenant files, what components need of each
 * other, and (through `build`) the checks components make as they are built. All problems
 * of all stages are reported together, as one ConfigError.
 */
export function checkStackConfig<T>(input: StackInputs, build: (config: PlatformConfig) => T): { platform: PlatformConfig; cluster: ClusterSettings; late: LateValues; built: T } {
  const { problems, attempt } = problemCollector();
  const raw = input.platform && typeof input.platform === 'object' && !Array.isArray(input.platform) ? (input.platform as Record<string, unknown>) : {};
  const name = (PLATFORMS as readonly unknown[]).includes(raw.platform) ? (raw.platform as PlatformConfig['platform']) : 'generic';
  const release = releaseOf(raw);
  const cluster = attempt(() => parseClusterSettings(name, input.cluster, release));
  if (cluster) problems.push(...providerProblems(cluster, input.facts));
  // With bad cluster settings the platform config is still checked, against the layer's defaults.
  const { config, late } = withClusterFacts(raw, cluster ?? parseClusterSettings(name, {}, release), input.facts);
  // A platform config that is not a mapping goes to parseConfig as it is, to be reported.
  const mapping = input.platform === undefined || input.platform === raw;
  const platform = attempt(() => parseConfig(mapping ? config : input.platform, () => `${CONFIG_NAMESPACE}:platform: `));
  // Tenant files as the CLI reads them: `kubeflow-iac:profiles`, or `profiles/` if present.
  const dir = path.resolve(input.rootDir, input.profiles ?? DEFAULT_TENANTS_DIR);
  const files = attempt(() => loadTenantFiles(dir, { optional: input.profiles === undefined }));
  if (platform && files) problems.push(...tenantFilesNeedProfiles(platform, files, dir));
  const full = platform && files && !problems.length ? attempt(() => withTenants(platform, files.map((f) => f.tenant))) : undefined;
  const built = full ? attempt(() => ({ value: build(full) })) : undefined;
  if (problems.length || !full || !cluster || !built) throw new ConfigError(problems);
  return { platform: full, cluster, late, built: built.value };
}

/**
 * Both configs of the stack, checked, with what `build` makes of the platform config; a bad
 * config fails the update before anything is touched, naming every problem at once.
 */
export function readStackConfig<T>(build: (config: PlatformConfig) => T): { platform: PlatformConfig; cluster: ClusterSettings; late: LateValues; built: T } {
  const cfg = new pulumi.Config(CONFIG_NAMESPACE);
  const gcp = new pulumi.Config('gcp');
  try {
    return checkStackConfig({
      platform: cfg.getObject('platform'),
      cluster: cfg.getObject('cluster'),
      profiles: cfg.get('profiles'),
      // Pulumi runs the program from lib/stacks; folders are relative to the project (Pulumi.yaml).
      rootDir: pulumi.runtime.getRootDirectory(),
      facts: {
        project: pulumi.getProject(),
        stack: pulumi.getStack(),
        awsRegion: new pulumi.Config('aws').get('region'),
        gcpProject: gcp.get('project'),
        gcpRegion: gcp.get('region'),
      },
    }, build);
  } catch (e) {
    if (e instanceof ConfigError) throw new pulumi.RunError(`invalid stack config:\n${e.problems.map((p) => `  ${p}`).join('\n')}`);
    throw e;
  }
}
