import { Construct } from 'constructs';
import { ConfigInput } from '../core/component-config';
import { ComponentContext, resolveContext } from '../core/context';
import { randomToken, SecretStore } from '../core/secrets';
import { ArgoWorkflows } from './argo';
import { CacheServer } from './cache';
import { pipelinesOptions } from './config';
import { InstallConfig } from './config-maps';
import { argoCrds } from './crds/argo';
import { kfpCrds } from './crds/kfp';
import { metacontrollerCrds } from './crds/metacontroller';
import { KfpIstio } from './istio';
import { MlMetadata } from './metadata';
import { Mysql } from './mysql';
import { BASE_LABELS, KFP_LABELS } from './names';
import { ProfileHook } from './profile-hook';
import { KfpRbac } from './rbac';
import { Seaweedfs } from './seaweedfs';
import { KfpServers } from './servers';
import { databaseWiring, objectStoreWiring } from './settings';

// database, databaseNames, objectStore, artifactsProxy and artifactRetentionDays are config fields: their defaults live in the schema.
export interface PipelinesProps extends ComponentContext, ConfigInput<typeof pipelinesOptions> {
  /** Where the in-cluster database password and object-store keys come from; required, as for `KubeflowPlatform`: a store that forgets them changes them on every build. */
  readonly secrets: SecretStore;
}

/** Keys of the generated credentials in the secret store. */
export const SECRET_KEYS = {
  mysqlPassword: 'pipelines/mysql-root-password',
  objectStoreAccessKey: 'pipelines/seaweedfs-access-key',
  objectStoreSecretKey: 'pipelines/seaweedfs-secret-key',
} as const;

/**
 * Kubeflow Pipelines, multi-user: API server, UI, controllers, cache webhook, ML Metadata,
 * Argo Workflows, MySQL and SeaweedFS (or external ones), and the profile hook that prepares
 * each tenant namespace.
 */
export class Pipelines extends Construct {
  constructor(scope: Construct, id: string, props: PipelinesProps) {
    super(scope, id);
    const { images, sizing, gateways } = resolveContext(props);
    const { secrets } = props;
    const { database, databaseNames, objectStore, artifactsProxy, artifactRetentionDays } = pipelinesOptions.parse({
      database: props.database, databaseNames: props.databaseNames, objectStore: props.objectStore,
      artifactsProxy: props.artifactsProxy, artifactRetentionDays: props.artifactRetentionDays,
    });
    // Every release is built from one code path; what differs is a release feature.
    const f = images.catalog.features;
    const db = databaseWiring(database);
    const store = objectStoreWiring(objectStore, f.kfpObjectStoreService);

    argoCrds(this, BASE_LABELS);
    kfpCrds(this, KFP_LABELS);
    metacontrollerCrds(this, { ...BASE_LABELS, 'kustomize.component': 'metacontroller' });

    new KfpRbac(this, 'Rbac', { identityAnnotations: store.identityAnnotations, publicConfig: f.kfpPublicVersionConfigMap });
    new InstallConfig(this, 'Config', { images, db, databaseNames, store, artifactsProxy, artifactRetentionDays });
    new KfpServers(this, 'Servers', { images, sizing, db, store });
    new CacheServer(this, 'Cache', { images, sizing, db });
    new MlMetadata(this, 'Metadata', {
      images,
      sizing,
      db,
      grpcChannelArguments: ['grpc.max_metadata_size=16384', ...(f.kfpMetadataGrpcMessageLimits ? ['grpc.max_receive_message_length=104857600', 'grpc.max_send_message_length=104857600'] : [])].join(','),
    });
    new ArgoWorkflows(this, 'Argo', { images, sizing, store, restrictedExecutor: f.kfpRestrictedArgoExecutor });
    if (database.kind === 'in-cluster') {
      new Mysql(this, 'Mysql', { images, sizing, storageClass: database.storageClass, size: database.size, password: secrets.value(SECRET_KEYS.mysqlPassword, () => randomToken()) });
    }
    if (objectStore.kind === 'seaweedfs') {
      new Seaweedfs(this, 'Seaweedfs', {
        images,
        sizing,
        gatewayNamespace: gateways.ingress.namespace,
        storageClass: objectStore.storageClass,
        size: objectStore.size,
        accessKey: secrets.value(SECRET_KEYS.objectStoreAccessKey, () => randomToken(15)),
        secretKey: secrets.value(SECRET_KEYS.objectStoreSecretKey, () => randomToken()),
        s3CompatPort: f.kfpSeaweedfsS3CompatPort,
      });
    }
    new KfpIstio(this, 'Istio', { gateways, mysql: database.kind === 'in-cluster', seaweedfs: objectStore.kind === 'seaweedfs' });
    new ProfileHook(this, 'ProfileHook', { images, sizing, store, artifactsProxy, artifactRetentionDays, launcherClusterDomain: f.kfpClusterDomain });
  }
}
