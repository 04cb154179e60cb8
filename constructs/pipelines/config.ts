import { z } from 'zod';
import { componentBase } from '../core/component-config';

// A Kubernetes quantity for a volume size, e.g. 20Gi.
const size = z.string().regex(/^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|K|M|G|T|P)?$/, { message: 'expected a Kubernetes quantity such as 20Gi' });
const secretName = z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { message: 'expected a Secret name (lower case, digits, - and .)' });

/** A data volume of an in-cluster store. */
export const volumeSchema = {
  /** Storage class of the PVC; fixed at first install (a PVC's class cannot change). @default the cluster's default class */
  storageClass: z.string().min(1).optional(),
  /** Size of the PVC; it can grow later when the class allows expansion, never shrink. @default "20Gi" */
  size: size.default('20Gi'),
};
/** A data volume as one schema: `VolumeOptions` derive from it and `dataVolume` parses through it. */
export const dataVolumeSchema = z.strictObject(volumeSchema);

/**
 * A MySQL-compatible database: in the cluster (a MySQL Deployment with generated root
 * credentials) or an existing server. Shared with Katib, which uses the same shape.
 */
export const databaseSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      /** MySQL runs in the `kubeflow` namespace on a PVC. */
      kind: z.literal('in-cluster'),
      ...volumeSchema,
    }),
    z.strictObject({
      /** An existing MySQL-compatible server (RDS, Cloud SQL, Azure Database for MySQL). */
      kind: z.literal('external'),
      /** Host name or address of the server. */
      host: z.string().min(1),
      /** @default 3306 */
      port: z.number().int().min(1).max(65535).default(3306),
      /** Existing Secret in the component's namespace holding the credentials. */
      secretName,
      /** Key of the user name in the Secret. @default "username" */
      usernameKey: z.string().min(1).default('username'),
      /** Key of the password in the Secret. @default "password" */
      passwordKey: z.string().min(1).default('password'),
    }),
  ], { error: 'expected kind in-cluster or external' })
  .prefault({ kind: 'in-cluster' });
export type DatabaseConfig = z.output<typeof databaseSchema>;

const dbName = z.string().regex(/^[A-Za-z0-9_$]{1,64}$/, { message: 'expected a MySQL database name (letters, digits, _ and $)' });

/** The three databases KFP keeps on its server. */
export const databaseNamesSchema = z
  .strictObject({
    /** Runs, experiments and pipelines of the API server. @default "mlpipeline" */
    pipelines: dbName.default('mlpipeline'),
    /** Step cache of the cache server. @default "cachedb" */
    cache: dbName.default('cachedb'),
    /** ML Metadata. @default "metadb" */
    metadata: dbName.default('metadb'),
  })
  .prefault({});
export type DatabaseNames = z.output<typeof databaseNamesSchema>;

const bucket = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'expected a bucket name' });
const region = z.string().regex(/^[a-z0-9-]+$/, { message: 'expected a region such as us-east-1' });

/** Where pipeline artifacts live. */
export const objectStoreSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      /** SeaweedFS in the `kubeflow` namespace, S3 API, per-namespace access keys. */
      kind: z.literal('seaweedfs'),
      ...volumeSchema,
    }),
    z.strictObject({
      /** Amazon S3 through IAM roles for service accounts: no static keys. */
      kind: z.literal('s3'),
      region,
      bucket,
      /** IAM role the API server, UI and tenant `default-editor` accounts assume. */
      roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::[0-9]{12}:role\/.+$/, { message: 'expected an IAM role ARN, arn:aws:iam::<account>:role/<name>' }),
    }),
    z.strictObject({
      /** Google Cloud Storage through GKE Workload Identity: no static keys. */
      kind: z.literal('gcs'),
      bucket,
      /** Google service account bound to the API server, UI and tenant `default-editor` accounts. */
      serviceAccount: z.string().regex(/^[a-z0-9-]+@[a-z0-9-]+\.iam\.gserviceaccount\.com$/, { message: 'expected NAME@PROJECT.iam.gserviceaccount.com' }),
    }),
    z.strictObject({
      /** Any S3-compatible endpoint (MinIO, Ceph RGW, ...) with static keys. */
      kind: z.literal('s3-compatible'),
      /** `HOST` or `HOST:PORT`, without a scheme. */
      endpoint: z.string().regex(/^[A-Za-z0-9.-]+(:[0-9]{1,5})?$/, { message: 'expected HOST or HOST:PORT without a scheme' }),
      /** Use TLS. @default true */
      secure: z.boolean().default(true),
      /** @default "us-east-1" */
      region: region.default('us-east-1'),
      bucket,
      /** Existing Secret in the component's namespace holding the keys. */
      secretName,
      /** @default "accesskey" */
      accessKeyKey: z.string().min(1).default('accesskey'),
      /** @default "secretkey" */
      secretKeyKey: z.string().min(1).default('secretkey'),
    }),
  ], { error: 'expected kind seaweedfs, s3, gcs or s3-compatible' })
  .prefault({ kind: 'seaweedfs' });
export type ObjectStoreConfig = z.output<typeof objectStoreSchema>;

const options = {
  /** Database of the API server, cache server and ML Metadata. @default { kind: "in-cluster" } */
  database: databaseSchema,
  /** Database (schema) names on the server; change them when installs share one external server. @default { pipelines: "mlpipeline", cache: "cachedb", metadata: "metadb" } */
  databaseNames: databaseNamesSchema,
  /** Artifact store. @default { kind: "seaweedfs" } */
  objectStore: objectStoreSchema,
  /** Run the per-namespace artifact proxy (`ml-pipeline-ui-artifact`) in each tenant namespace. @default false */
  artifactsProxy: z.boolean().default(false),
  /** Days after which tenant artifacts expire in the in-cluster store; -1 keeps them. @default -1 */
  artifactRetentionDays: z.number().int().min(-1).default(-1),
};

/** The pipelines options as one schema: `PipelinesProps` derive from it and the construct parses through it. */
export const pipelinesOptions = z.strictObject(options);

/** Platform config of the pipelines component (`components.pipelines`). */
export const pipelinesConfig = z
  .strictObject({
    ...componentBase,
    ...options,
  })
  .prefault({});
export type PipelinesConfig = z.output<typeof pipelinesConfig>;
