import { withoutCrdSchemas } from '../platform/test-helpers';
import { RELEASES } from '../catalog';
import { DATA_VOLUME_ANNOTATION } from '../core/labels';
import { container, containers, envOf, find, has, hookConfigOf, Obj, synth } from './test-helpers';

const EXTERNAL_DB = { kind: 'external', host: 'db.example.com', port: 3307, secretName: 'kfp-db', usernameKey: 'user', passwordKey: 'pass' } as const;
const S3 = { kind: 's3', region: 'eu-west-1', bucket: 'team-artifacts', roleArn: 'arn:aws:iam::123456789012:role/kfp' } as const;
const GCS = { kind: 'gcs', bucket: 'team-artifacts', serviceAccount: 'kfp@my-project.iam.gserviceaccount.com' } as const;
const MINIO = { kind: 's3-compatible', endpoint: 'minio.storage:9000', secure: false, bucket: 'kfp', secretName: 'minio-keys', accessKeyKey: 'id', secretKeyKey: 'key' } as const;

/** Every secretKeyRef of every container env var, by env var name. */
function secretRefs(objs: Obj[]): { id: string; env: string; name: string; key: string }[] {
  return containers(objs).flatMap(({ id, c }) =>
    (c.env ?? []).filter((e) => e.valueFrom?.secretKeyRef).map((e) => ({ id, env: e.name, name: e.valueFrom.secretKeyRef.name, key: e.valueFrom.secretKeyRef.key })),
  );
}
const annotated = (objs: Obj[]) => objs.filter((o) => o.kind === 'ServiceAccount' && o.metadata.annotations).map((o) => [o.metadata.name, o.metadata.annotations]);
const argoRepository = (objs: Obj[]) => find(objs, 'ConfigMap', 'workflow-controller-configmap').data.artifactRepository;

describe('database', () => {
  test('in-cluster: MySQL with a generated root password, read by every consumer from mysql-secret', () => {
    const objs = synth();
    expect(find(objs, 'Secret', 'mysql-secret').stringData).toEqual({ username: 'root', password: 'db-pass' });
    expect(envOf(container(objs, 'mysql'), 'MYSQL_ROOT_PASSWORD')).toEqual({ name: 'MYSQL_ROOT_PASSWORD', valueFrom: { secretKeyRef: { name: 'mysql-secret', key: 'password' } } });
    expect(envOf(container(objs, 'mysql'), 'MYSQL_ALLOW_EMPTY_PASSWORD')).toBeUndefined();
    const data = find(objs, 'ConfigMap', 'pipeline-install-config').data;
    expect([data.dbHost, data.dbPort, data.mysqlHost, data.mysqlPort]).toEqual(['mysql', '3306', 'mysql', '3306']);
  });

  test('external: no MySQL objects, and every consumer connects to the external server with the given Secret', () => {
    const objs = synth({ database: EXTERNAL_DB });
    for (const [kind, name] of [['Deployment', 'mysql'], ['Service', 'mysql'], ['Secret', 'mysql-secret'], ['PersistentVolumeClaim', 'mysql-pv-claim'], ['ServiceAccount', 'mysql'], ['AuthorizationPolicy', 'mysql'], ['DestinationRule', 'ml-pipeline-mysql']]) {
      expect([kind, name, has(objs, kind, name)]).toEqual([kind, name, false]);
    }
    const data = find(objs, 'ConfigMap', 'pipeline-install-config').data;
    expect([data.dbHost, data.dbPort, data.mysqlHost, data.mysqlPort]).toEqual(['db.example.com', '3307', 'db.example.com', '3307']);
    const db = secretRefs(objs).filter((r) => /USER|PASSWORD/.test(r.env));
    expect(db).toEqual([
      { id: 'Deployment/ml-pipeline', env: 'DBCONFIG_USER', name: 'kfp-db', key: 'user' },
      { id: 'Deployment/ml-pipeline', env: 'DBCONFIG_PASSWORD', name: 'kfp-db', key: 'pass' },
      { id: 'Deployment/ml-pipeline', env: 'DBCONFIG_MYSQLCONFIG_USER', name: 'kfp-db', key: 'user' },
      { id: 'Deployment/ml-pipeline', env: 'DBCONFIG_MYSQLCONFIG_PASSWORD', name: 'kfp-db', key: 'pass' },
      { id: 'Deployment/cache-server', env: 'DBCONFIG_USER', name: 'kfp-db', key: 'user' },
      { id: 'Deployment/cache-server', env: 'DBCONFIG_PASSWORD', name: 'kfp-db', key: 'pass' },
      { id: 'Deployment/metadata-grpc-deployment', env: 'DBCONFIG_USER', name: 'kfp-db', key: 'user' },
      { id: 'Deployment/metadata-grpc-deployment', env: 'DBCONFIG_PASSWORD', name: 'kfp-db', key: 'pass' },
    ]);
    expect(JSON.stringify(objs)).not.toContain('mysql-secret');
  });

  test('database names for installs sharing one server', () => {
    const data = find(synth({ database: EXTERNAL_DB, databaseNames: { pipelines: 'team1_kfp', cache: 'team1_cache', metadata: 'team1_mlmd' } }), 'ConfigMap', 'pipeline-install-config').data;
    expect([data.pipelineDb, data.cacheDb, data.mlmdDb]).toEqual(['team1_kfp', 'team1_cache', 'team1_mlmd']);
  });
});

describe('object store', () => {
  test('SeaweedFS: generated keys, minted per tenant, no cloud identity', () => {
    const objs = synth();
    expect(find(objs, 'Secret', 'mlpipeline-minio-artifact').stringData).toEqual({ accesskey: 'store-access', secretkey: 'store-secret' });
    expect(annotated(objs)).toEqual([]);
    expect(hookConfigOf(objs).credentials).toEqual('mint');
    const hook = container(objs, 'kubeflow-pipelines-profile-controller');
    expect(hook.env?.map((e) => e.name)).toEqual(['PORT', 'PYTHONDONTWRITEBYTECODE', 'IAM_ENDPOINT', 'S3_ENDPOINT', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']);
    expect(envOf(container(objs, 'ml-pipeline'), 'OBJECTSTORECONFIG_HOST').value).toEqual('seaweedfs.kubeflow');
  });

  test('S3 with IRSA: the role on the API server and UI accounts, no static keys anywhere', () => {
    const objs = synth({ objectStore: S3 });
    expect(annotated(objs)).toEqual([
      ['ml-pipeline', { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/kfp' }],
      ['ml-pipeline-ui', { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/kfp' }],
    ]);
    expect(objs.filter((o) => o.kind === 'Secret').map((o) => o.metadata.name)).toEqual(['mysql-secret']);
    expect(secretRefs(objs).filter((r) => !r.name.startsWith('mysql'))).toEqual([]);
    for (const [kind, name] of [['Deployment', 'seaweedfs'], ['PersistentVolumeClaim', 'seaweedfs-pvc'], ['Service', 'seaweedfs'], ['NetworkPolicy', 'seaweedfs']]) {
      expect([kind, name, has(objs, kind, name)]).toEqual([kind, name, false]);
    }
    const api = container(objs, 'ml-pipeline');
    expect(['OBJECTSTORECONFIG_HOST', 'OBJECTSTORECONFIG_PORT', 'OBJECTSTORECONFIG_SECURE', 'OBJECTSTORECONFIG_REGION'].map((n) => envOf(api, n).value)).toEqual(['s3.eu-west-1.amazonaws.com', '443', 'true', 'eu-west-1']);
    expect(find(objs, 'ConfigMap', 'pipeline-install-config').data.bucketName).toEqual('team-artifacts');
    expect(argoRepository(objs)).toEqual(
      'archiveLogs: true\ns3:\n  endpoint: s3.eu-west-1.amazonaws.com:443\n  bucket: team-artifacts\n  region: eu-west-1\n'
      + '  keyFormat: private-artifacts/{{workflow.namespace}}/{{workflow.name}}/{{workflow.creationTimestamp.Y}}/{{workflow.creationTimestamp.m}}/{{workflow.creationTimestamp.d}}/{{pod.name}}\n'
      + '  insecure: false\n  useSDKCreds: true\n',
    );
    expect(hookConfigOf(objs).credentials).toEqual('none');
    expect(container(objs, 'kubeflow-pipelines-profile-controller').env?.map((e) => e.name)).toEqual(['PORT', 'PYTHONDONTWRITEBYTECODE']);
  });

  test('GCS with Workload Identity: the GCP account on the API server and UI accounts, gs:// artifacts', () => {
    const objs = synth({ objectStore: GCS });
    expect(annotated(objs)).toEqual([
      ['ml-pipeline', { 'iam.gke.io/gcp-service-account': 'kfp@my-project.iam.gserviceaccount.com' }],
      ['ml-pipeline-ui', { 'iam.gke.io/gcp-service-account': 'kfp@my-project.iam.gserviceaccount.com' }],
    ]);
    expect(secretRefs(objs).filter((r) => !r.name.startsWith('mysql'))).toEqual([]);
    expect(argoRepository(objs)).toEqual(
      'archiveLogs: true\ngcs:\n  bucket: team-artifacts\n'
      + '  keyFormat: private-artifacts/{{workflow.namespace}}/{{workflow.name}}/{{workflow.creationTimestamp.Y}}/{{workflow.creationTimestamp.m}}/{{workflow.creationTimestamp.d}}/{{pod.name}}\n',
    );
    expect(envOf(container(objs, 'ml-pipeline'), 'OBJECTSTORECONFIG_HOST').value).toEqual('storage.googleapis.com');
  });

  test('S3-compatible: the endpoint and the keys of the given Secret wire every consumer', () => {
    const objs = synth({ objectStore: MINIO });
    expect(secretRefs(objs).filter((r) => !r.name.startsWith('mysql'))).toEqual([
      { id: 'Deployment/ml-pipeline', env: 'OBJECTSTORECONFIG_ACCESSKEY', name: 'minio-keys', key: 'id' },
      { id: 'Deployment/ml-pipeline', env: 'OBJECTSTORECONFIG_SECRETACCESSKEY', name: 'minio-keys', key: 'key' },
      { id: 'Deployment/ml-pipeline-ui', env: 'MINIO_ACCESS_KEY', name: 'minio-keys', key: 'id' },
      { id: 'Deployment/ml-pipeline-ui', env: 'MINIO_SECRET_KEY', name: 'minio-keys', key: 'key' },
      { id: 'Deployment/ml-pipeline-ui', env: 'AWS_ACCESS_KEY_ID', name: 'minio-keys', key: 'id' },
      { id: 'Deployment/ml-pipeline-ui', env: 'AWS_SECRET_ACCESS_KEY', name: 'minio-keys', key: 'key' },
      { id: 'Deployment/kubeflow-pipelines-profile-controller', env: 'ACCESS_KEY', name: 'minio-keys', key: 'id' },
      { id: 'Deployment/kubeflow-pipelines-profile-controller', env: 'SECRET_KEY', name: 'minio-keys', key: 'key' },
    ]);
    const api = container(objs, 'ml-pipeline');
    expect(['OBJECTSTORECONFIG_HOST', 'OBJECTSTORECONFIG_PORT', 'OBJECTSTORECONFIG_SECURE'].map((n) => envOf(api, n).value)).toEqual(['minio.storage', '9000', 'false']);
    expect(argoRepository(objs)).toContain('accessKeySecret:\n    name: minio-keys\n    key: id\n  secretKeySecret:\n    name: minio-keys\n    key: key\n');
    expect(hookConfigOf(objs).credentials).toEqual('copy');
    expect(has(objs, 'Secret', 'mlpipeline-minio-artifact')).toBe(false);
    expect(annotated(objs)).toEqual([]);
  });
});

describe('data volumes', () => {
  test('storage class and sizes of both stores; PVCs carry the data-volume annotation', () => {
    const objs = synth({ database: { kind: 'in-cluster', storageClass: 'fast', size: '50Gi' }, objectStore: { kind: 'seaweedfs', storageClass: 'bulk', size: '200Gi' } });
    expect(objs.filter((o) => o.kind === 'PersistentVolumeClaim').map((o) => [o.metadata.name, o.metadata.annotations, o.spec])).toEqual([
      ['mysql-pv-claim', { [DATA_VOLUME_ANNOTATION]: 'true' }, { accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '50Gi' } } }],
      ['seaweedfs-pvc', { [DATA_VOLUME_ANNOTATION]: 'true' }, { accessModes: ['ReadWriteOnce'], storageClassName: 'bulk', resources: { requests: { storage: '200Gi' } } }],
    ]);
  });

  test('defaults: upstream\'s 20Gi on the default class', () => {
    expect(synth().filter((o) => o.kind === 'PersistentVolumeClaim').map((o) => o.spec)).toEqual([
      { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } },
      { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } },
    ]);
  });

  test('an upgrade between releases leaves every PVC unchanged', () => {
    const pvcs = (release: (typeof RELEASES)[number]) => synth({}, release).filter((o) => o.kind === 'PersistentVolumeClaim');
    expect(pvcs('v1.11.0')).toEqual(pvcs('26.03'));
  });
});

describe('images', () => {
  test.each([['v1.11.0', '2.15.0'], ['26.03', '2.16.0'], ['26.03.1', '2.16.1']] as const)('release %s: driver and launcher images in env follow the catalog and the mirror (%s)', (release, version) => {
    const api = container(synth({}, release, 'mirror.local/kf'), 'ml-pipeline');
    expect([envOf(api, 'V2_DRIVER_IMAGE').value, envOf(api, 'V2_LAUNCHER_IMAGE').value]).toEqual([
      `mirror.local/kf/kubeflow/kfp-driver:${version}`,
      `mirror.local/kf/kubeflow/kfp-launcher:${version}`,
    ]);
  });

  test('the cache image and the per-namespace artifact proxy image go through the mirror', () => {
    const objs = synth({ artifactsProxy: true }, '26.03', 'mirror.local/kf');
    expect(find(objs, 'ConfigMap', 'pipeline-install-config').data.cacheImage).toEqual('mirror.local/kf/containerd/busybox');
    const proxy = (hookConfigOf(objs).attachments as Obj[]).find((o) => o.kind === 'Deployment')!;
    expect(proxy.spec.template.spec.containers[0].image).toEqual('mirror.local/kf/kubeflow/kfp-frontend:2.16.0');
  });

  test('no container image is written outside the catalog', () => {
    const objs = synth({}, '26.03', 'mirror.local/kf');
    expect(containers(objs).filter(({ c }) => !c.image.startsWith('mirror.local/kf/'))).toEqual([]);
  });
});

describe('releases', () => {
  test('minio-service stays on 26.03, for tenant ConfigMaps written before an upgrade', () => {
    expect(find(synth(), 'Service', 'minio-service').spec.selector).toEqual({ app: 'seaweedfs', 'application-crd-id': 'kubeflow-pipelines' });
  });

  test('v1.11.0 clients use minio-service, which forwards to SeaweedFS', () => {
    const objs = synth({}, 'v1.11.0');
    expect(find(objs, 'Service', 'minio-service').spec.ports).toEqual([{ name: 'http', port: 9000, protocol: 'TCP', targetPort: 8333 }]);
    expect(envOf(container(objs, 'ml-pipeline'), 'OBJECTSTORECONFIG_HOST').value).toEqual('minio-service.kubeflow');
    expect(has(objs, 'ConfigMap', 'kubeflow-pipelines-public')).toBe(false);
  });

  test('26.03 publishes its version to every authenticated user', () => {
    const objs = synth();
    expect(find(objs, 'ConfigMap', 'kubeflow-pipelines-public').data).toEqual({ kubeflow_pipelines_version: 'v2.16.0' });
    expect(find(objs, 'RoleBinding', 'kubeflow-pipelines-public').subjects).toEqual([{ kind: 'Group', name: 'system:authenticated', apiGroup: 'rbac.authorization.k8s.io' }]);
  });

  test.each(RELEASES)('release %s: whole component', (release) => {
    expect(withoutCrdSchemas(synth({}, release))).toMatchSnapshot();
  });
});
