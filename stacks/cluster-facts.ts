import { bucketName, gcpServiceAccountId, PIPELINES_IDENTITY } from './clusters/names';
import { serviceAccountEmail } from './clusters/gcp-policies';
import { DEFAULT_GATEWAY_NODE_PORTS } from './clusters/kind-config';
import { lateToken } from './platform/secrets';
import type { ClusterSettings } from './settings';

/** The OIDC issuer of a new EKS cluster, known only once it exists: a token until then. */
export const EKS_ISSUER_TOKEN = `https://${lateToken(0)}.invalid`;
/** The ARN of the pipelines' IAM role (its account id is known only at install). */
export const EKS_PIPELINES_ROLE_TOKEN = `arn:aws:iam::000000000000:role/${lateToken(1)}`;

/** Host and password of a managed database the layer makes. */
export const DATABASE_HOST_TOKEN = `${lateToken(2)}.invalid`;
export const DATABASE_PASSWORD_TOKEN = lateToken(3);
/** The Secret the pipelines read the managed database's credentials from (namespace `kubeflow`). */
export const DATABASE_SECRET = 'kubeflow-iac-mysql';
/** The managed database's user, made by the cluster layer. */
export const DATABASE_USER = 'kubeflow';

/** Cluster outputs a token can stand for. */
export type LateOutput = 'oidcIssuer' | 'pipelinesRoleArn' | 'databaseHost' | 'databasePassword';
/** Tokens in the platform config and the cluster output each stands for. */
export type LateValues = Readonly<Record<string, LateOutput>>;

/** What the stack knows besides its config files. */
export interface StackFacts {
  readonly project: string;
  readonly stack: string;
  readonly awsRegion?: string;
  readonly gcpProject?: string;
  readonly gcpRegion?: string;
}

type Raw = Record<string, unknown>;
const child = (o: Raw, k: string): Raw => (o[k] && typeof o[k] === 'object' ? (o[k] as Raw) : {});

/**
 * The platform config with what the cluster layer knows filled in where the user left it
 * out: the token issuer the gateway trusts (GKE: the cluster's identity; EKS: the new
 * cluster's issuer), the pipelines' artifact store (the layer's bucket and identity), and
 * on kind the gateway's node ports that the cluster's host port mappings lead to.
 * Values known only once the cloud resources exist are tokens, replaced at install.
 */
export function withClusterFacts(raw: Raw, cluster: ClusterSettings, facts: StackFacts): { config: Raw; late: LateValues } {
  const components = { ...child(raw, 'components') };
  const late: Record<string, LateOutput> = {};
  const set = (component: string, key: string, value: unknown) => {
    components[component] = { ...child(components, component), [key]: value };
  };

  const auth = child(components, 'auth');
  const m2m = child(auth, 'm2m');
  if (auth.enabled !== false && m2m.enabled !== false && m2m.issuer === undefined && m2m.gke === undefined) {
    if (cluster.layer === 'eks') {
      set('auth', 'm2m', { ...m2m, issuer: EKS_ISSUER_TOKEN });
      late[EKS_ISSUER_TOKEN] = 'oidcIssuer';
    }
    const location = cluster.layer === 'gke' ? cluster.settings.location ?? facts.gcpRegion : undefined;
    if (cluster.layer === 'gke' && facts.gcpProject && location) {
      set('auth', 'm2m', { ...m2m, gke: { project: facts.gcpProject, location, cluster: cluster.settings.name } });
    }
  }

  // The kind cluster maps host ports to fixed node ports; the gateway must listen on them.
  const istio = child(components, 'istio');
  const gateway = child(istio, 'gateway');
  if (cluster.layer === 'kind' && istio.enabled !== false && gateway.serviceType === undefined && gateway.nodePorts === undefined) {
    set('istio', 'gateway', { ...gateway, serviceType: 'NodePort', nodePorts: { ...DEFAULT_GATEWAY_NODE_PORTS } });
  }

  const pipelines = child(components, 'pipelines');
  if (pipelines.enabled !== false && pipelines.objectStore === undefined) {
    if (cluster.layer === 'eks' && facts.awsRegion) {
      const bucket = bucketName(facts.project, facts.stack, cluster.settings.name);
      set('pipelines', 'objectStore', { kind: 's3', region: facts.awsRegion, bucket, roleArn: EKS_PIPELINES_ROLE_TOKEN });
      late[EKS_PIPELINES_ROLE_TOKEN] = 'pipelinesRoleArn';
    }
    if (cluster.layer === 'gke' && facts.gcpProject) {
      const bucket = bucketName(facts.project, facts.stack, cluster.settings.name);
      const serviceAccount = serviceAccountEmail(facts.gcpProject, gcpServiceAccountId(cluster.settings.name, PIPELINES_IDENTITY));
      set('pipelines', 'objectStore', { kind: 'gcs', bucket, serviceAccount });
    }
  }
  const managedDb = (cluster.layer === 'eks' || cluster.layer === 'gke') && cluster.settings.database !== undefined;
  if (pipelines.enabled !== false && pipelines.database === undefined && managedDb) {
    set('pipelines', 'database', { kind: 'external', host: DATABASE_HOST_TOKEN, secretName: DATABASE_SECRET });
    late[DATABASE_HOST_TOKEN] = 'databaseHost';
    late[DATABASE_PASSWORD_TOKEN] = 'databasePassword';
  }
  const changed = Object.keys(components).some((k) => components[k] !== child(raw, 'components')[k]);
  return { config: changed ? { ...raw, components } : raw, late };
}

/** The credentials Secret of the managed database, when the pipelines use it. */
export function databaseSecret(late: LateValues): Record<string, unknown>[] {
  if (!Object.values(late).includes('databasePassword')) return [];
  return [{
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: DATABASE_SECRET, namespace: 'kubeflow' },
    type: 'Opaque',
    stringData: { username: DATABASE_USER, password: DATABASE_PASSWORD_TOKEN },
  }];
}
