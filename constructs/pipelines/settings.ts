import { DatabaseConfig, ObjectStoreConfig } from './config';
import { ARTIFACT_SECRET, DEFAULT_BUCKET, MYSQL_SECRET, NAMESPACE } from './names';

/** A key of a Secret. */
export interface SecretKey {
  readonly name: string;
  readonly key: string;
}

/** How every database consumer connects: the API server, cache server and ML Metadata. */
export interface DatabaseWiring {
  readonly inCluster: boolean;
  readonly host: string;
  readonly port: number;
  readonly user: SecretKey;
  readonly password: SecretKey;
}

/** Connection settings for a database option; the in-cluster server is the `mysql` Service. */
export function databaseWiring(db: DatabaseConfig): DatabaseWiring {
  if (db.kind === 'external') {
    return {
      inCluster: false,
      host: db.host,
      port: db.port,
      user: { name: db.secretName, key: db.usernameKey },
      password: { name: db.secretName, key: db.passwordKey },
    };
  }
  return { inCluster: true, host: 'mysql', port: 3306, user: { name: MYSQL_SECRET, key: 'username' }, password: { name: MYSQL_SECRET, key: 'password' } };
}

/**
 * How tenant namespaces get object-store credentials: minted per namespace in the in-cluster
 * store's IAM API, copied from the platform's static keys, or none (cloud identity).
 */
export type TenantCredentials = 'mint' | 'copy' | 'none';

/** How every object-store consumer connects. */
export interface ObjectStoreWiring {
  readonly kind: ObjectStoreConfig['kind'];
  /** Host the API server and UI reach, without port. */
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly region: string;
  readonly bucket: string;
  /** Static keys in the `kubeflow` namespace; none with cloud identity. */
  readonly keys?: { readonly accessKey: SecretKey; readonly secretKey: SecretKey };
  readonly tenantCredentials: TenantCredentials;
  /** Annotations that bind a Kubernetes service account to the cloud identity. */
  readonly identityAnnotations: Readonly<Record<string, string>>;
  /** URI scheme of the v2 pipeline root: upstream's `minio://` for the in-cluster store. */
  readonly rootScheme: 'minio' | 's3' | 'gs';
}

/**
 * Connection settings for an object-store option. `seaweedfsService` is the Service clients
 * use for the in-cluster store (`minio-service` before KFP 2.16).
 */
export function objectStoreWiring(store: ObjectStoreConfig, seaweedfsService = 'seaweedfs'): ObjectStoreWiring {
  const platformKeys = (name: string, accessKey: string, secretKey: string) => ({ accessKey: { name, key: accessKey }, secretKey: { name, key: secretKey } });
  switch (store.kind) {
    case 'seaweedfs':
      return {
        kind: store.kind,
        host: `${seaweedfsService}.${NAMESPACE}`,
        port: 9000,
        secure: false,
        region: 'us-east-1',
        bucket: DEFAULT_BUCKET,
        keys: platformKeys(ARTIFACT_SECRET, 'accesskey', 'secretkey'),
        tenantCredentials: 'mint',
        identityAnnotations: {},
        rootScheme: 'minio',
      };
    case 's3':
      return {
        kind: store.kind,
        host: `s3.${store.region}.amazonaws.com`,
        port: 443,
        secure: true,
        region: store.region,
        bucket: store.bucket,
        tenantCredentials: 'none',
        identityAnnotations: { 'eks.amazonaws.com/role-arn': store.roleArn },
        rootScheme: 's3',
      };
    case 'gcs':
      return {
        kind: store.kind,
        host: 'storage.googleapis.com',
        port: 443,
        secure: true,
        region: 'auto',
        bucket: store.bucket,
        tenantCredentials: 'none',
        identityAnnotations: { 'iam.gke.io/gcp-service-account': store.serviceAccount },
        rootScheme: 'gs',
      };
    case 's3-compatible': {
      const [host, port] = store.endpoint.split(':');
      return {
        kind: store.kind,
        host,
        port: port ? Number(port) : store.secure ? 443 : 80,
        secure: store.secure,
        region: store.region,
        bucket: store.bucket,
        keys: platformKeys(store.secretName, store.accessKeyKey, store.secretKeyKey),
        tenantCredentials: 'copy',
        identityAnnotations: {},
        rootScheme: 's3',
      };
    }
  }
}

/** `host:port` as Argo's S3 client wants it. */
export const endpointOf = (w: ObjectStoreWiring): string => `${w.host}:${w.port}`;

/**
 * Argo's artifact repository for a key prefix: S3 with keys from `secretName` (the platform's
 * Secret, or the per-namespace copy), S3 through the SDK's identity chain, or GCS.
 */
export function artifactRepository(w: ObjectStoreWiring, keyFormat: string, secretName?: string): Record<string, unknown> {
  if (w.kind === 'gcs') return { archiveLogs: true, gcs: { bucket: w.bucket, keyFormat } };
  const keys = w.keys
    ? {
      accessKeySecret: { name: secretName ?? w.keys.accessKey.name, key: secretName ? 'accesskey' : w.keys.accessKey.key },
      secretKeySecret: { name: secretName ?? w.keys.secretKey.name, key: secretName ? 'secretkey' : w.keys.secretKey.key },
    }
    : { useSDKCreds: true };
  return {
    archiveLogs: true,
    s3: { endpoint: endpointOf(w), bucket: w.bucket, ...(w.kind === 'seaweedfs' ? {} : { region: w.region }), keyFormat, insecure: !w.secure, ...keys },
  };
}

/** Argo's key layout upstream uses: per namespace, then per workflow and date. */
export const ARTIFACT_KEY_SUFFIX = '{{workflow.name}}/{{workflow.creationTimestamp.Y}}/{{workflow.creationTimestamp.m}}/{{workflow.creationTimestamp.d}}/{{pod.name}}';
