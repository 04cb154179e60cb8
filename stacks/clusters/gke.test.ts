import { GraphResult } from '../graph';
import { GATEWAY_SERVICE } from '../platform/platform';
import { byType, graphOf, idOf, inputsById, inputsOf, LEAN_PLATFORM } from '../testing';

let g: GraphResult;
beforeAll(async () => {
  g = await graphOf('gke', LEAN_PLATFORM);
});

const all = (type: string) => byType(g, `gcp:${type}`).map((e) => inputsById(g, idOf(e)));

test('a custom-mode network with secondary ranges for pods and services', () => {
  expect(inputsOf(g, 'gcp:compute/network:Network').autoCreateSubnetworks).toBe(false);
  expect(inputsOf(g, 'gcp:compute/subnetwork:Subnetwork').secondaryIpRanges.map((r: { rangeName: string }) => r.rangeName)).toEqual(['pods', 'services']);
});

test('the cluster has Workload Identity and a release channel', () => {
  const c = inputsOf(g, 'gcp:container/cluster:Cluster');
  expect(c.workloadIdentityConfig).toEqual({ workloadPool: 'my-project.svc.id.goog' });
  expect(c.releaseChannel).toEqual({ channel: 'REGULAR' });
  expect(c.removeDefaultNodePool).toBe(true);
});

test('the control plane starts at the Kubernetes the release needs (26.03.1: 1.34), and 26.03 keeps 1.33', async () => {
  expect(inputsOf(g, 'gcp:container/cluster:Cluster').minMasterVersion).toBe('1.34');
  const older = await graphOf('gke', { ...LEAN_PLATFORM, release: '26.03' });
  expect(inputsOf(older, 'gcp:container/cluster:Cluster').minMasterVersion).toBe('1.33');
});

test('node pools use the GKE metadata server; the GPU pool has accelerators and a taint', () => {
  const pools = all('container/nodePool:NodePool');
  expect(pools.map((p) => p.name)).toEqual(['cpu', 'gpu']);
  expect(pools.map((p) => p.nodeConfig.workloadMetadataConfig)).toEqual([{ mode: 'GKE_METADATA' }, { mode: 'GKE_METADATA' }]);
  expect(pools[1].nodeConfig.guestAccelerators).toEqual([{ type: 'nvidia-l4', count: 1, gpuDriverInstallationConfig: { gpuDriverVersion: 'LATEST' } }]);
  expect(pools[1].nodeConfig.taints).toEqual([{ key: 'nvidia.com/gpu', value: 'present', effect: 'NO_SCHEDULE' }]);
});

test('a private bucket, a service account with access to it, and Workload Identity bindings for the pipelines', () => {
  expect(inputsOf(g, 'gcp:storage/bucket:Bucket')).toMatchObject({ name: 'kubeflow-iac-gke-kubeflow-artifacts', uniformBucketLevelAccess: true, publicAccessPrevention: 'enforced' });
  expect(inputsOf(g, 'gcp:storage/bucketIAMMember:BucketIAMMember')).toMatchObject({ role: 'roles/storage.objectAdmin', member: 'serviceAccount:kubeflow-pipelines@project.iam.gserviceaccount.com' });
  const bindings = all('serviceaccount/iAMMember:IAMMember');
  expect(bindings.map((b) => b.member)).toEqual([
    'serviceAccount:my-project.svc.id.goog[kubeflow/ml-pipeline]',
    'serviceAccount:my-project.svc.id.goog[kubeflow/ml-pipeline-ui]',
    'serviceAccount:my-project.svc.id.goog[kubeflow-user-example-com/default-editor]',
  ]);
  expect(bindings.every((b) => b.role === 'roles/iam.workloadIdentityUser' && b.serviceAccountId === 'projects/project/serviceAccounts/kubeflow-pipelines')).toBe(true);
});

test('the pipelines use the bucket, and their service accounts are annotated with the Google service account', () => {
  expect(JSON.stringify([...g.inputs.values()].filter((v) => v.kind === 'ConfigMap'))).toContain('kubeflow-iac-gke-kubeflow-artifacts');
  expect(inputsOf(g, 'kubernetes:core/v1:ServiceAccount', 'serviceaccount/kubeflow/ml-pipeline').metadata.annotations['iam.gke.io/gcp-service-account']).toBe('kubeflow-pipelines@my-project.iam.gserviceaccount.com');
});

test('the gateway is a LoadBalancer Service; its address is an output', () => {
  expect(inputsOf(g, 'kubernetes:core/v1:Service', GATEWAY_SERVICE).spec.type).toBe('LoadBalancer');
  expect(g.outputs!.dashboardUrl).toBe('http://gateway.example.com/');
});

test('service account ids fit GCP limits', () => {
  for (const a of all('serviceaccount/account:Account')) expect(a.accountId.length).toBeLessThanOrEqual(30);
});

test('Cloud SQL MySQL has a private IP only, on the cluster network', () => {
  const db = inputsOf(g, 'gcp:sql/databaseInstance:DatabaseInstance');
  expect(db.databaseVersion).toBe('MYSQL_8_0');
  expect(db.settings.ipConfiguration).toEqual({ ipv4Enabled: false, privateNetwork: 'cluster-network-id' });
  expect(db.deletionProtection).toBe(true);
  expect(g.outputs!.databaseHost).toBe('10.30.0.3');
});

test('only the cluster and the platform sit at the top', () => {
  expect(g.entries.filter((e) => e.parent?.startsWith('pulumi:pulumi:Stack::')).map(idOf)).toEqual(['kubeflow-iac:index:GkeCluster::cluster', 'kubeflow-iac:index:Platform::kubeflow']);
});

test('the pipelines use Cloud SQL; no token reaches the cluster', () => {
  const text = JSON.stringify([...g.inputs.values()]);
  expect(text).toContain('10.30.0.3');
  expect(text).not.toContain('kfiac');
});
