import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { z } from 'zod';
import { ConfigError, show } from '../constructs/config/errors';
import { parseConfig } from '../constructs/config/load';
import { PLATFORMS, PlatformConfig } from '../constructs/config/schema';
import { DEFAULT_TENANTS_DIR, withTenants } from '../constructs/tenants/config';
import { loadTenants } from '../constructs/tenants/load';
import { LateValues, withClusterFacts } from './cluster-facts';

/** Stack config namespace: `kubeflow-iac:platform` and `kubeflow-iac:cluster`. */
export const CONFIG_NAMESPACE = 'kubeflow-iac';

/** Pinned kind node image: the Kubernetes version the platform is tested against. */
export const KIND_NODE_IMAGE = 'kindest/node:v1.33.1';

const clusterName = z.string().regex(/^[a-z][a-z0-9-]{0,23}$/, { message: 'expected 1-24 lower-case letters, digits and dashes, starting with a letter' });
const tenants = z.array(z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$|^\*$/)).min(1);

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
});

export const kindSettings = z.strictObject({
  /** kind cluster name. @default "kubeflow" */
  name: clusterName.default('kubeflow'),
  /** Node image, pinned. @default KIND_NODE_IMAGE */
  nodeImage: z.string().default(KIND_NODE_IMAGE),
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
});

export const eksSettings = z.strictObject({
  /** Cluster name, also the prefix of every AWS name. @default "kubeflow" */
  name: clusterName.default('kubeflow'),
  /** Kubernetes version. @default "1.33" */
  version: z.string().default('1.33'),
  /** A new VPC: its CIDR and how many availability zones (2 or 3) it spans. @default 10.0.0.0/16 over 3 AZs */
  vpc: z.strictObject({
    cidr: z.string().regex(/^\d+\.\d+\.\d+\.\d+\/(1[6-9]|2[0-2])$/, { message: 'expected an IPv4 CIDR from /16 to /22' }).default('10.0.0.0/16'),
    availabilityZones: z.number().int().min(2).max(3).default(3),
  }).prefault({}),
  /** An existing VPC instead of a new one. @default none */
  existingVpc: z.strictObject({ vpcId: z.string(), publicSubnetIds: z.array(z.string()).min(2), privateSubnetIds: z.array(z.string()).min(2) }).optional(),
  /** IAM principals (users or roles) given cluster-admin access entries. @default none */
  adminPrincipalArns: z.array(z.string().startsWith('arn:')).default([]),
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

export const gkeSettings = z.strictObject({
  /** Cluster name, also the prefix of every GCP name. @default "kubeflow" */
  name: clusterName.default('kubeflow'),
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
  tenantNamespaces: z.array(z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)).min(1).default(['kubeflow-user-example-com']),
  existing: existingSettings.optional(),
});

export type ExistingSettings = z.output<typeof existingSettings>;
export type KindSettings = z.output<typeof kindSettings>;
export type EksSettings = z.output<typeof eksSettings>;
export type GkeSettings = z.output<typeof gkeSettings>;

/** The cluster layer: chosen by the platform config's `platform`, `generic` meaning an existing cluster. */
export type ClusterSettings =
  | { readonly layer: 'existing'; readonly settings: ExistingSettings }
  | { readonly layer: 'kind'; readonly settings: KindSettings }
  | { readonly layer: 'eks'; readonly settings: EksSettings }
  | { readonly layer: 'gke'; readonly settings: GkeSettings };

const SCHEMAS = { generic: existingSettings, kind: kindSettings, eks: eksSettings, gke: gkeSettings } as const;

/** Validates `kubeflow-iac:cluster` for a platform; errors name the key, the value and what is allowed. */
export function parseClusterSettings(platform: PlatformConfig['platform'], input: unknown): ClusterSettings {
  const result = SCHEMAS[platform].safeParse(input ?? {}, { reportInput: true });
  if (!result.success) {
    throw new ConfigError(result.error.issues.flatMap((i) => {
      const at = ['cluster', ...i.path.map(String)].join('.');
      if (i.code === 'unrecognized_keys') return i.keys.map((k) => `${at}.${k}: unknown key for platform ${platform}`);
      return [`${at}: got ${show(i.input)}; ${i.message}`];
    }));
  }
  const data = result.data as { existing?: ExistingSettings };
  if (platform === 'generic') return { layer: 'existing', settings: data as ExistingSettings };
  if (data.existing) return { layer: 'existing', settings: data.existing };
  return { layer: platform, settings: data } as ClusterSettings;
}

/** Both configs of the stack, checked; a bad one fails the update before anything is touched. */
export function readStackConfig(): { platform: PlatformConfig; cluster: ClusterSettings; late: LateValues } {
  const cfg = new pulumi.Config(CONFIG_NAMESPACE);
  try {
    const raw = cfg.getObject<Record<string, unknown>>('platform') ?? {};
    const name = (PLATFORMS as readonly unknown[]).includes(raw.platform) ? (raw.platform as PlatformConfig['platform']) : 'generic';
    const cluster = parseClusterSettings(name, cfg.getObject('cluster'));
    const gcp = new pulumi.Config('gcp');
    const { config, late } = withClusterFacts(raw, cluster, {
      project: pulumi.getProject(),
      stack: pulumi.getStack(),
      awsRegion: new pulumi.Config('aws').get('region'),
      gcpProject: gcp.get('project'),
      gcpRegion: gcp.get('region'),
    });
    // Tenant files as the CLI reads them: `kubeflow-iac:profiles`, or `profiles/` if present.
    // Pulumi runs the program from lib/stacks; folders are relative to the project (Pulumi.yaml).
    const profiles = cfg.get('profiles');
    const dir = path.resolve(pulumi.runtime.getRootDirectory(), profiles ?? DEFAULT_TENANTS_DIR);
    const tenants = loadTenants(dir, { optional: profiles === undefined });
    return { platform: withTenants(parseConfig(config, () => `${CONFIG_NAMESPACE}:platform: `), tenants), cluster, late };
  } catch (e) {
    if (e instanceof ConfigError) throw new pulumi.RunError(`invalid stack config:\n${e.problems.map((p) => `  ${p}`).join('\n')}`);
    throw e;
  }
}
