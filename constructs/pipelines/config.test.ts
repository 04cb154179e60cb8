import { configErrors } from '../platform/test-helpers';
import { pipelinesConfig } from './config';

const errorsOf = (pipelines: unknown): string[] => configErrors({ components: { pipelines } });

describe('components.pipelines', () => {
  test('defaults: in-cluster MySQL and SeaweedFS on 20Gi volumes, no artifact proxy, artifacts kept', () => {
    expect(pipelinesConfig.parse(undefined)).toEqual({
      enabled: true,
      external: false,
      database: { kind: 'in-cluster', size: '20Gi' },
      databaseNames: { pipelines: 'mlpipeline', cache: 'cachedb', metadata: 'metadb' },
      objectStore: { kind: 'seaweedfs', size: '20Gi' },
      artifactsProxy: false,
      artifactRetentionDays: -1,
    });
  });

  test('an external database gets the default port and Secret keys', () => {
    expect(pipelinesConfig.parse({ database: { kind: 'external', host: 'db.example.com', secretName: 'kfp-db' } }).database).toEqual({
      kind: 'external', host: 'db.example.com', port: 3306, secretName: 'kfp-db', usernameKey: 'username', passwordKey: 'password',
    });
  });

  test('S3 needs a bucket name and a role ARN', () => {
    expect(errorsOf({ objectStore: { kind: 's3', region: 'eu-west-1', bucket: 'b', roleArn: 'kfp-role' } })).toEqual([
      'components.pipelines.objectStore.bucket: got "b"; expected a bucket name',
      'components.pipelines.objectStore.roleArn: got "kfp-role"; expected an IAM role ARN, arn:aws:iam::<account>:role/<name>',
    ]);
  });

  test('an unknown store kind names the allowed ones', () => {
    expect(errorsOf({ objectStore: { kind: 'nfs' } })).toEqual(['components.pipelines.objectStore.kind: got {"kind":"nfs"}; expected kind seaweedfs, s3, gcs or s3-compatible']);
  });

  test('volume sizes are quantities and Secret names are names', () => {
    expect(errorsOf({ database: { kind: 'external', host: 'h', secretName: 'Db_Secret' }, objectStore: { kind: 'seaweedfs', size: 'lots' } })).toEqual([
      'components.pipelines.database.secretName: got "Db_Secret"; expected a Secret name (lower case, digits, - and .)',
      'components.pipelines.objectStore.size: got "lots"; expected a Kubernetes quantity such as 20Gi',
    ]);
  });

  test('a GCS store needs a Google service account email', () => {
    expect(errorsOf({ objectStore: { kind: 'gcs', bucket: 'arts', serviceAccount: 'kfp' } })).toEqual([
      'components.pipelines.objectStore.serviceAccount: got "kfp"; expected NAME@PROJECT.iam.gserviceaccount.com',
    ]);
  });
});
