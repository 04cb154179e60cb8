import { Sizing } from '../core/sizing';
import { NAMESPACE_PLACEHOLDER } from './profile-hook';
import { SYNC_SCRIPT } from './hook-script';
import { objectStoreWiring } from './settings';
import { tenantCloudIdentity, tenantObjects, TenantOptions } from './tenant';
import { find, hookConfigOf, Obj, synth } from './test-helpers';

const options = (over: Partial<TenantOptions> = {}): TenantOptions => ({
  store: objectStoreWiring({ kind: 'seaweedfs', size: '20Gi' }),
  artifactsProxy: false,
  frontendImage: 'mirror.local/kubeflow/kfp-frontend:2.16.0',
  proxyResources: new Sizing('default').resources('medium'),
  launcherClusterDomain: true,
  ...over,
});
const KEY_FORMAT = 'private-artifacts/team-a/{{workflow.name}}/{{workflow.creationTimestamp.Y}}/{{workflow.creationTimestamp.m}}/{{workflow.creationTimestamp.d}}/{{pod.name}}';

/** Fills the placeholder as the sync script does. */
function fill(value: unknown, ns: string): unknown {
  if (typeof value === 'string') return value.split(NAMESPACE_PLACEHOLDER).join(ns);
  if (Array.isArray(value)) return value.map((v) => fill(v, ns));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, ns)]));
  return value;
}

describe('tenant namespace objects', () => {
  test('SeaweedFS: launcher root, metadata address and the namespace\'s artifact repository', () => {
    expect(tenantObjects('team-a', options())).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'kfp-launcher', namespace: 'team-a' },
        data: { defaultPipelineRoot: 'minio://mlpipeline/private-artifacts/team-a/v2/artifacts', clusterDomain: '.svc.cluster.local' },
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'metadata-grpc-configmap', namespace: 'team-a' },
        data: { METADATA_GRPC_SERVICE_HOST: 'metadata-grpc-service.kubeflow', METADATA_GRPC_SERVICE_PORT: '8080' },
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'artifact-repositories', namespace: 'team-a', annotations: { 'workflows.argoproj.io/default-artifact-repository': 'default-namespaced' } },
        data: {
          'default-namespaced': JSON.stringify({
            archiveLogs: true,
            s3: {
              endpoint: 'seaweedfs.kubeflow:9000',
              bucket: 'mlpipeline',
              keyFormat: KEY_FORMAT,
              insecure: true,
              accessKeySecret: { name: 'mlpipeline-minio-artifact', key: 'accesskey' },
              secretKeySecret: { name: 'mlpipeline-minio-artifact', key: 'secretkey' },
            },
          }),
        },
      },
    ]);
  });

  test('S3 with IRSA: s3:// root, SDK credentials, no keys; default-editor gets the role through the tenant plugin', () => {
    const store = objectStoreWiring({ kind: 's3', region: 'eu-west-1', bucket: 'arts', roleArn: 'arn:aws:iam::123456789012:role/kfp' });
    const [launcher, , repo] = tenantObjects('team-a', options({ store }));
    expect(launcher.data).toEqual({
      defaultPipelineRoot: 's3://arts/private-artifacts/team-a/v2/artifacts',
      clusterDomain: '.svc.cluster.local',
      providers: 's3:\n  default:\n    region: eu-west-1\n    credentials:\n      fromEnv: true\n',
    });
    expect(JSON.parse((repo.data as Record<string, string>)['default-namespaced'])).toEqual({
      archiveLogs: true,
      s3: { endpoint: 's3.eu-west-1.amazonaws.com:443', bucket: 'arts', region: 'eu-west-1', keyFormat: KEY_FORMAT, insecure: false, useSDKCreds: true },
    });
    expect(tenantCloudIdentity(store)).toEqual({ awsIamRole: 'arn:aws:iam::123456789012:role/kfp', awsAnnotateOnly: true });
  });

  test('GCS: gs:// root and Workload Identity for default-editor', () => {
    const store = objectStoreWiring({ kind: 'gcs', bucket: 'arts', serviceAccount: 'kfp@p.iam.gserviceaccount.com' });
    expect(tenantObjects('team-a', options({ store }))[0].data).toEqual({
      defaultPipelineRoot: 'gs://arts/private-artifacts/team-a/v2/artifacts',
      clusterDomain: '.svc.cluster.local',
      providers: 'gs:\n  default:\n    credentials:\n      fromEnv: true\n',
    });
    expect(tenantCloudIdentity(store)).toEqual({ gcpServiceAccount: 'kfp@p.iam.gserviceaccount.com' });
  });

  test('S3-compatible: the launcher reads the copied keys from the namespace\'s Secret', () => {
    const store = objectStoreWiring({ kind: 's3-compatible', endpoint: 'minio.storage:9000', secure: false, region: 'us-east-1', bucket: 'kfp', secretName: 'k', accessKeyKey: 'a', secretKeyKey: 's' });
    expect(tenantObjects('team-a', options({ store }))[0].data).toEqual({
      defaultPipelineRoot: 's3://kfp/private-artifacts/team-a/v2/artifacts',
      clusterDomain: '.svc.cluster.local',
      providers: 's3:\n  default:\n    endpoint: http://minio.storage:9000\n    disableSSL: true\n    region: us-east-1\n    credentials:\n'
        + '      fromEnv: false\n      secretRef:\n        secretName: mlpipeline-minio-artifact\n        accessKeyKey: accesskey\n        secretKeyKey: secretkey\n',
    });
    expect(tenantCloudIdentity(store)).toBeUndefined();
  });

  test('the artifact proxy runs restricted, as default-editor, with the catalog\'s frontend image', () => {
    const objs = tenantObjects('team-a', options({ artifactsProxy: true }));
    expect(objs.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ConfigMap/kfp-launcher', 'ConfigMap/metadata-grpc-configmap', 'ConfigMap/artifact-repositories', 'Deployment/ml-pipeline-ui-artifact', 'Service/ml-pipeline-ui-artifact',
    ]);
    const spec = (objs[3] as Obj).spec.template.spec;
    expect(spec.serviceAccountName).toEqual('default-editor');
    expect(spec.containers[0].image).toEqual('mirror.local/kubeflow/kfp-frontend:2.16.0');
    expect(spec.containers[0].resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } });
    expect(spec.containers[0].securityContext.allowPrivilegeEscalation).toBe(false);
    expect((objs[4] as Obj).spec.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP', targetPort: 3000 }]);
  });
});

describe('profile hook', () => {
  test('the generated hook config yields exactly the tenant objects for a sample namespace', () => {
    const objs = synth({ artifactsProxy: true });
    const config = hookConfigOf(objs);
    const expected = tenantObjects('team-a', options({ artifactsProxy: true, frontendImage: 'ghcr.io/kubeflow/kfp-frontend:2.16.0' }));
    expect(fill(config.attachments, 'team-a')).toEqual(expected);
    expect(fill(config.policy, 'team-a')).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Action: ['s3:Put*', 's3:Get*', 's3:List*'],
        Resource: ['arn:aws:s3:::mlpipeline/artifacts/*', 'arn:aws:s3:::mlpipeline/private-artifacts/team-a/*', 'arn:aws:s3:::mlpipeline/private/team-a/*', 'arn:aws:s3:::mlpipeline/shared/*'],
      }],
    });
    expect([config.credentials, config.secretName, config.bucket, config.lifecycle]).toEqual(['mint', 'mlpipeline-minio-artifact', 'mlpipeline', null]);
  });

  test('artifact retention becomes a bucket lifecycle rule', () => {
    expect(hookConfigOf(synth({ artifactRetentionDays: 30 })).lifecycle).toEqual({
      Rules: [{ ID: 'private-artifacts', Status: 'Enabled', Filter: { Prefix: 'private-artifacts' }, Expiration: { Days: 30 } }],
    });
  });

  test('metacontroller decorates namespaces labelled for pipelines and calls the hook service', () => {
    const objs = synth();
    const dc = find(objs, 'DecoratorController', 'kubeflow-pipelines-profile-controller');
    expect(dc.spec.resources).toEqual([{ apiVersion: 'v1', resource: 'namespaces', labelSelector: { matchLabels: { 'pipelines.kubeflow.org/enabled': 'true' } } }]);
    expect(dc.spec.hooks).toEqual({ sync: { webhook: { url: 'http://kubeflow-pipelines-profile-controller.kubeflow/sync' } } });
    expect(find(objs, 'Service', 'kubeflow-pipelines-profile-controller').spec.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }]);
    const code = find(objs, 'ConfigMap', 'kubeflow-pipelines-profile-controller-code').data;
    expect(code['sync.py']).toEqual(SYNC_SCRIPT);
    expect(find(objs, 'Deployment', 'kubeflow-pipelines-profile-controller').spec.template.spec.volumes).toEqual([
      { name: 'hooks', configMap: { name: 'kubeflow-pipelines-profile-controller-code' } },
    ]);
  });

  test('the hook server restarts when its generated config changes', () => {
    const hash = (objs: Obj[]) => find(objs, 'Deployment', 'kubeflow-pipelines-profile-controller').spec.template.metadata.annotations['kubeflow-iac.io/config-hash'];
    expect(hash(synth({ artifactsProxy: true }))).not.toEqual(hash(synth()));
  });

  test('the script has no namespace-specific or image text of its own', () => {
    expect(SYNC_SCRIPT).not.toMatch(/ghcr\.io|docker\.io|seaweedfs|mlpipeline|kubeflow\.org\/enabled: /);
  });
});
