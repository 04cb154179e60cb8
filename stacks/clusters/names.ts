import { createHash } from 'crypto';

const hash = (text: string, n: number) => createHash('sha256').update(text).digest('hex').slice(0, n);

/**
 * `<prefix>-<purpose>` within `max` characters: when too long, cut and end with a hash of
 * the whole, so names stay unique and the same on every run.
 */
export function boundedName(prefix: string, purpose: string, max: number): string {
  const full = `${prefix}-${purpose}`;
  if (full.length <= max) return full;
  const tail = `-${hash(full, 8)}`;
  return `${full.slice(0, max - tail.length).replace(/-+$/, '')}${tail}`;
}

/** IAM role names: at most 64 characters. */
export function iamRoleName(cluster: string, purpose: string): string {
  return boundedName(cluster, purpose, 64);
}

/** GCP service account ids: 6 to 30 characters, lower-case letters, digits and dashes, starting with a letter. */
export function gcpServiceAccountId(cluster: string, purpose: string): string {
  const id = boundedName(cluster.toLowerCase().replace(/[^a-z0-9-]/g, '-'), purpose, 30).replace(/-+$/, '');
  return /^[a-z]/.test(id) ? id.padEnd(6, '0') : `k${id}`.slice(0, 30);
}

/**
 * A bucket name for a stack (S3 and GCS: 3 to 63 lower-case characters, globally unique),
 * from the project, stack and cluster so two stacks never collide.
 */
export function bucketName(project: string, stack: string, cluster: string): string {
  const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  return boundedName(`${clean(project)}-${clean(stack)}-${clean(cluster)}`, 'artifacts', 63);
}

/** Purpose part of the name of the pipelines' cloud identity (IAM role, Google service account). */
export const PIPELINES_IDENTITY = 'pipelines';

/** Pipelines service accounts that read and write artifacts, as `namespace/name`. */
export const PIPELINE_SERVICE_ACCOUNTS = ['kubeflow/ml-pipeline', 'kubeflow/ml-pipeline-ui'] as const;
/** The service account pipeline runs use in each profile namespace. */
export const TENANT_SERVICE_ACCOUNT = 'default-editor';

/** Every `namespace/name` that gets the artifact store identity. */
export function artifactServiceAccounts(tenantNamespaces: readonly string[]): string[] {
  return [...PIPELINE_SERVICE_ACCOUNTS, ...tenantNamespaces.map((ns) => `${ns}/${TENANT_SERVICE_ACCOUNT}`)];
}
