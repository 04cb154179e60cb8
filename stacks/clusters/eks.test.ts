import { GraphResult } from '../graph';
import { GATEWAY_SERVICE } from '../platform/platform';
import { byType, graphOf, idOf, inputsById, inputsOf, LEAN_PLATFORM } from '../testing';

let g: GraphResult;
beforeAll(async () => {
  g = await graphOf('eks', LEAN_PLATFORM);
});

const all = (type: string) => byType(g, `aws:${type}`).map((e) => inputsById(g, idOf(e)));

test('a VPC with public and private subnets over 3 AZs, tagged for load balancers', () => {
  const subnets = all('ec2/subnet:Subnet');
  expect(subnets.map((s) => s.availabilityZone).sort()).toEqual(['us-west-2a', 'us-west-2a', 'us-west-2b', 'us-west-2b', 'us-west-2c', 'us-west-2c']);
  expect(subnets.filter((s) => s.tags['kubernetes.io/role/elb'] === '1' && s.mapPublicIpOnLaunch)).toHaveLength(3);
  expect(subnets.filter((s) => s.tags['kubernetes.io/role/internal-elb'] === '1' && !s.mapPublicIpOnLaunch)).toHaveLength(3);
  expect(all('ec2/natGateway:NatGateway')).toHaveLength(1);
});

test('the cluster uses access entries and logs audit and authenticator events', () => {
  const cluster = inputsOf(g, 'aws:eks/cluster:Cluster');
  expect(cluster.accessConfig).toEqual({ authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: true });
  expect(cluster.enabledClusterLogTypes).toEqual(['audit', 'authenticator']);
  // stacks/config/Pulumi.eks.yaml sets it, as 26.03.1 needs.
  expect(cluster.version).toBe('1.34');
  expect(inputsOf(g, 'aws:eks/accessEntry:AccessEntry').principalArn).toBe('arn:aws:iam::123456789012:role/platform-admins');
  expect(inputsOf(g, 'aws:eks/accessPolicyAssociation:AccessPolicyAssociation').policyArn).toBe('arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy');
  expect(inputsOf(g, 'aws:iam/openIdConnectProvider:OpenIdConnectProvider').clientIdLists).toEqual(['sts.amazonaws.com']);
});

test('a CPU and a tainted GPU node group in the private subnets', () => {
  const groups = all('eks/nodeGroup:NodeGroup');
  expect(groups.map((n) => [n.nodeGroupName, n.amiType, n.instanceTypes])).toEqual([
    ['kubeflow-cpu', 'AL2023_x86_64_STANDARD', ['m6i.xlarge']],
    ['kubeflow-gpu', 'AL2023_x86_64_NVIDIA', ['g5.xlarge']],
  ]);
  expect(groups[1].taints).toEqual([{ key: 'nvidia.com/gpu', value: 'true', effect: 'NO_SCHEDULE' }]);
  expect(groups.every((n) => n.subnetIds.length === 3)).toBe(true);
});

test('add-ons, the EBS driver with its own IRSA role, and a default gp3 StorageClass', () => {
  expect(all('eks/addon:Addon').map((a) => a.addonName)).toEqual(['vpc-cni', 'kube-proxy', 'coredns', 'aws-ebs-csi-driver']);
  expect(all('eks/addon:Addon')[3].serviceAccountRoleArn).toBe('arn:aws:iam::123456789012:role/kubeflow-ebs-csi');
  const ebsTrust = JSON.parse(inputsOf(g, 'aws:iam/role:Role', 'cluster-ebs-csi').assumeRolePolicy);
  expect(ebsTrust.Statement[0].Condition.StringEquals['oidc.eks.us-west-2.amazonaws.com/id/EXAMPLE:sub']).toEqual(['system:serviceaccount:kube-system:ebs-csi-controller-sa']);
  const sc = inputsOf(g, 'kubernetes:storage.k8s.io/v1:StorageClass');
  expect(sc.metadata.annotations).toEqual({ 'storageclass.kubernetes.io/is-default-class': 'true' });
  expect(sc.parameters).toEqual({ type: 'gp3', encrypted: 'true' });
});

test('an encrypted, private artifact bucket and a role the pipelines service accounts assume', () => {
  expect(inputsOf(g, 'aws:s3/bucket:Bucket').bucket).toBe('kubeflow-iac-eks-kubeflow-artifacts');
  expect(byType(g, 'aws:s3/bucket:Bucket')[0].retainOnDelete).toBe(true);
  expect(inputsOf(g, 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock')).toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
  expect(inputsOf(g, 'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration').rules[0].applyServerSideEncryptionByDefault).toEqual({ sseAlgorithm: 'aws:kms' });
  const trust = JSON.parse(inputsOf(g, 'aws:iam/role:Role', 'cluster-pipelines').assumeRolePolicy);
  expect(trust.Statement[0].Condition.StringEquals['oidc.eks.us-west-2.amazonaws.com/id/EXAMPLE:sub']).toEqual([
    'system:serviceaccount:kubeflow:ml-pipeline',
    'system:serviceaccount:kubeflow:ml-pipeline-ui',
    'system:serviceaccount:kubeflow-user-example-com:default-editor',
  ]);
  const policy = JSON.parse(inputsOf(g, 'aws:iam/rolePolicy:RolePolicy', 'cluster-pipelines').policy);
  expect(policy.Statement[1].Resource).toEqual(['arn:aws:s3:::kubeflow-iac-eks-kubeflow-artifacts/*']);
});

test('the pipelines use the bucket, and their service accounts are annotated with the role', () => {
  expect(JSON.stringify([...g.inputs.values()].filter((v) => v.kind === 'ConfigMap'))).toContain('kubeflow-iac-eks-kubeflow-artifacts');
  for (const sa of ['ml-pipeline', 'ml-pipeline-ui']) {
    expect(inputsOf(g, 'kubernetes:core/v1:ServiceAccount', `serviceaccount/kubeflow/${sa}`).metadata.annotations['eks.amazonaws.com/role-arn']).toBe('arn:aws:iam::123456789012:role/kubeflow-pipelines');
  }
});

test('the pipelines use RDS, with credentials in a Secret made before any component', () => {
  const secret = g.entries.find((e) => e.name === 'secret/kubeflow/kubeflow-iac-mysql')!;
  expect(secret.parent).toBe('kubeflow-iac:index:WaveStep::kubeflow/wave-02/config');
  const data = inputsById(g, idOf(secret)).stringData;
  expect(data.value ?? data).toEqual({ username: 'kubeflow', password: 'x'.repeat(32) });
  expect(JSON.stringify([...g.inputs.values()])).toContain('kubeflow-pipelines.rds.example.com');
});

test('RDS MySQL is private, encrypted and keeps a final snapshot', () => {
  expect(inputsOf(g, 'aws:rds/instance:Instance')).toMatchObject({ engine: 'mysql', publiclyAccessible: false, storageEncrypted: true, skipFinalSnapshot: false, finalSnapshotIdentifier: 'kubeflow-pipelines-final' });
  expect(inputsOf(g, 'aws:rds/subnetGroup:SubnetGroup').subnetIds).toHaveLength(3);
});

test('the gateway is a LoadBalancer Service, with the Istio layer annotations', () => {
  const svc = inputsOf(g, 'kubernetes:core/v1:Service', GATEWAY_SERVICE);
  expect(svc.spec.type).toBe('LoadBalancer');
  expect(svc.metadata.annotations['service.beta.kubernetes.io/aws-load-balancer-type']).toBe('nlb');
  expect(g.outputs!.gatewayAddress).toBe('gateway.example.com');
});

test('the gateway trusts the new cluster OIDC issuer', () => {
  const auth = byType(g, 'kubernetes:security.istio.io/v1:RequestAuthentication').concat(byType(g, 'kubernetes:security.istio.io/v1beta1:RequestAuthentication'))
    .map((e) => inputsById(g, idOf(e))).filter((r) => r.metadata.name === 'm2m-token-issuer');
  expect(auth).toHaveLength(1);
  expect(auth[0].spec.jwtRules.map((r: { issuer: string }) => r.issuer)).toContain('https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLE');
  expect(JSON.stringify([...g.inputs.values()])).not.toMatch(/kfiac|https:\/\/https:/);
});

test('IAM role names fit AWS limits', () => {
  for (const r of all('iam/role:Role')) expect(r.name.length).toBeLessThanOrEqual(64);
});

test('only the cluster and the platform sit at the top; the platform waits for nodes, add-ons and storage', () => {
  expect(g.entries.filter((e) => e.parent?.startsWith('pulumi:pulumi:Stack::')).map(idOf)).toEqual(['kubeflow-iac:index:EksCluster::cluster', 'kubeflow-iac:index:Platform::kubeflow']);
  const first = byType(g, 'kubeflow-iac:index:Wave')[0];
  expect(first.dependsOn).toEqual([
    'aws:eks/nodeGroup:NodeGroup::cluster-cpu', 'aws:eks/nodeGroup:NodeGroup::cluster-gpu',
    'aws:eks/addon:Addon::cluster-vpc-cni', 'aws:eks/addon:Addon::cluster-kube-proxy', 'aws:eks/addon:Addon::cluster-coredns', 'aws:eks/addon:Addon::cluster-aws-ebs-csi-driver',
    'kubernetes:storage.k8s.io/v1:StorageClass::cluster-gp3',
  ]);
});
