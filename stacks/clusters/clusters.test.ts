import { parse } from 'yaml';
import { bucketAccessPolicy, irsaTrustPolicy, serviceTrustPolicy, subnetCidrs, subnetTags } from './aws-policies';
import { availabilityZones } from './eks-network';
import { serviceAccountEmail, workloadIdentityMember, workloadPool } from './gcp-policies';
import { DEFAULT_GATEWAY_NODE_PORTS, gatewayNodePorts, kindConfig, kindConfigYaml, registryPatch } from './kind-config';
import { eksKubeconfig, gkeKubeconfig } from './kubeconfig';
import { artifactServiceAccounts, boundedName, bucketName, gcpServiceAccountId, iamRoleName } from './names';

describe('names', () => {
  test('short names are kept as written', () => {
    expect(iamRoleName('kubeflow', 'pipelines-artifacts')).toBe('kubeflow-pipelines-artifacts');
    expect(gcpServiceAccountId('kubeflow', 'pipelines')).toBe('kubeflow-pipelines');
  });

  test('long names are cut to the cloud limit, end with a hash, and are stable', () => {
    const long = 'a-very-long-cluster-name-for-testing';
    const role = iamRoleName(`${long}-${long}`, 'pipelines-artifacts');
    expect(role.length).toBeLessThanOrEqual(64);
    expect(role).toMatch(/-[0-9a-f]{8}$/);
    expect(iamRoleName(`${long}-${long}`, 'pipelines-artifacts')).toBe(role);
    expect(iamRoleName(`${long}-${long}`, 'ebs-csi')).not.toBe(role);
    const sa = gcpServiceAccountId(long, 'pipelines');
    expect(sa.length).toBeLessThanOrEqual(30);
    expect(sa).toMatch(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/);
  });

  test('GCP service account ids are at least 6 characters', () => {
    expect(gcpServiceAccountId('k', 'db')).toBe('k-db00');
  });

  test('bounded names never end in a dash before the hash', () => {
    expect(boundedName('abc-', 'x'.repeat(20), 16)).toMatch(/^[a-z-]*[a-z]-[0-9a-f]{8}$/);
  });

  test('bucket names are lower case, at most 63 characters, per project, stack and cluster', () => {
    expect(bucketName('kubeflow-iac', 'eks', 'kubeflow')).toBe('kubeflow-iac-eks-kubeflow-artifacts');
    const b = bucketName('My_Project', 'production-europe-west-with-a-long-name', 'kubeflow-cluster-one');
    expect(b.length).toBeLessThanOrEqual(63);
    expect(b).toMatch(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/);
  });

  test('the artifact service accounts are the pipelines server, its UI and each tenant default-editor', () => {
    expect(artifactServiceAccounts(['team-a', 'team-b'])).toEqual(['kubeflow/ml-pipeline', 'kubeflow/ml-pipeline-ui', 'team-a/default-editor', 'team-b/default-editor']);
  });
});

describe('AWS policies', () => {
  const provider = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABC';
  const issuer = 'https://oidc.eks.us-west-2.amazonaws.com/id/ABC';

  test('IRSA trust names exactly the pipelines service accounts', () => {
    expect(irsaTrustPolicy(provider, issuer, artifactServiceAccounts(['kubeflow-user-example-com']))).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Federated: provider },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            'oidc.eks.us-west-2.amazonaws.com/id/ABC:aud': 'sts.amazonaws.com',
            'oidc.eks.us-west-2.amazonaws.com/id/ABC:sub': [
              'system:serviceaccount:kubeflow:ml-pipeline',
              'system:serviceaccount:kubeflow:ml-pipeline-ui',
              'system:serviceaccount:kubeflow-user-example-com:default-editor',
            ],
          },
        },
      }],
    });
  });

  test('a wildcard tenant namespace uses StringLike', () => {
    const cond = (irsaTrustPolicy(provider, issuer, ['*/default-editor']).Statement[0] as { Condition: Record<string, unknown> }).Condition;
    expect(cond).toEqual({
      StringEquals: { 'oidc.eks.us-west-2.amazonaws.com/id/ABC:aud': 'sts.amazonaws.com' },
      StringLike: { 'oidc.eks.us-west-2.amazonaws.com/id/ABC:sub': ['system:serviceaccount:*:default-editor'] },
    });
  });

  test('bucket access is scoped to the one bucket', () => {
    expect(bucketAccessPolicy('arn:aws:s3:::b').Statement.map((s) => s.Resource)).toEqual([['arn:aws:s3:::b'], ['arn:aws:s3:::b/*']]);
  });

  test('service trust policies name the service', () => {
    expect(serviceTrustPolicy('eks.amazonaws.com').Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
  });

  test.each([
    ['10.0.0.0/16', 3, ['10.0.0.0/18', '10.0.64.0/18', '10.0.128.0/18'], ['10.0.192.0/22', '10.0.196.0/22', '10.0.200.0/22']],
    ['10.20.0.0/20', 2, ['10.20.0.0/22', '10.20.4.0/22'], ['10.20.12.0/26', '10.20.12.64/26']],
  ])('subnets of %s over %i AZs', (cidr, n, priv, pub) => {
    expect(subnetCidrs(cidr, n)).toEqual({ private: priv, public: pub });
  });

  test('subnets carry the load-balancer role tags', () => {
    expect(subnetTags('kf', 'public')).toEqual({ 'kubernetes.io/cluster/kf': 'shared', 'kubernetes.io/role/elb': '1', Name: 'kf-public' });
    expect(subnetTags('kf', 'private')).toEqual({ 'kubernetes.io/cluster/kf': 'shared', 'kubernetes.io/role/internal-elb': '1', Name: 'kf-private' });
  });

  test('availability zones are the region a, b and c', () => {
    expect(availabilityZones('eu-west-1', 2)).toEqual(['eu-west-1a', 'eu-west-1b']);
  });
});

describe('GCP identities', () => {
  test('Workload Identity members name the namespace and service account', () => {
    expect(workloadPool('p')).toBe('p.svc.id.goog');
    expect(workloadIdentityMember('p', 'kubeflow/ml-pipeline')).toBe('serviceAccount:p.svc.id.goog[kubeflow/ml-pipeline]');
    expect(serviceAccountEmail('p', 'kf-pipelines')).toBe('kf-pipelines@p.iam.gserviceaccount.com');
  });
});

describe('kind config', () => {
  const gateway = (ports: unknown[]) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'istio-ingressgateway', namespace: 'istio-system' }, spec: { ports } });

  test('gateway node ports come from the Service, else the defaults', () => {
    expect(gatewayNodePorts([gateway([{ name: 'http2', port: 80, nodePort: 31000 }, { name: 'https', port: 443, nodePort: 31001 }])])).toEqual({ http: 31000, https: 31001 });
    expect(gatewayNodePorts([gateway([{ name: 'http2', port: 80 }])])).toEqual(DEFAULT_GATEWAY_NODE_PORTS);
    expect(gatewayNodePorts([])).toEqual(DEFAULT_GATEWAY_NODE_PORTS);
  });

  test('publishes the gateway on the host and pins the node image', () => {
    expect(kindConfig({ nodeImage: 'kindest/node:v1.33.1', workers: 1, ports: [{ containerPort: 30080, hostPort: 8080 }] })).toEqual({
      kind: 'Cluster',
      apiVersion: 'kind.x-k8s.io/v1alpha4',
      nodes: [
        { role: 'control-plane', image: 'kindest/node:v1.33.1', extraPortMappings: [{ containerPort: 30080, hostPort: 8080, protocol: 'TCP' }] },
        { role: 'worker', image: 'kindest/node:v1.33.1' },
      ],
    });
  });

  test('a registry mirror adds a containerd patch for its host', () => {
    const yaml = kindConfigYaml({ nodeImage: 'img', workers: 0, ports: [], registry: 'registry.local:5000/kubeflow' });
    expect(parse(yaml).containerdConfigPatches).toEqual([registryPatch('registry.local:5000')]);
    expect(registryPatch('registry.local:5000')).toContain('[plugins."io.containerd.grpc.v1.cri".registry.mirrors."registry.local:5000"]\n  endpoint = ["http://registry.local:5000"]');
  });
});

describe('kubeconfigs', () => {
  test('EKS credentials come from aws eks get-token', () => {
    const k = parse(eksKubeconfig('kf', 'https://x', 'Q0E=', 'us-west-2'));
    expect(k.clusters[0].cluster).toEqual({ server: 'https://x', 'certificate-authority-data': 'Q0E=' });
    expect(k.users[0].user.exec.args).toEqual(['eks', 'get-token', '--cluster-name', 'kf', '--region', 'us-west-2', '--output', 'json']);
  });

  test('GKE credentials come from gke-gcloud-auth-plugin', () => {
    const k = parse(gkeKubeconfig('kf', '1.2.3.4', 'Q0E='));
    expect(k.clusters[0].cluster.server).toBe('https://1.2.3.4');
    expect(k.users[0].user.exec.command).toBe('gke-gcloud-auth-plugin');
  });
});

