/** Pure builders of the AWS documents and names the EKS layer needs; tested without mocks. */

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly Record<string, unknown>[];
}

/** Trust policy of a role an AWS service assumes (EKS control plane, EC2 nodes). */
export function serviceTrustPolicy(service: string): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] };
}

/** `system:serviceaccount:<ns>:<name>` for `namespace/name`. */
export function serviceAccountSubject(ref: string): string {
  const [ns, name] = ref.split('/');
  return `system:serviceaccount:${ns}:${name}`;
}

/**
 * IRSA trust policy: only the given service accounts (`namespace/name`; a `*` namespace
 * matches every profile) of this cluster's OIDC issuer may assume the role.
 */
export function irsaTrustPolicy(oidcProviderArn: string, issuerUrl: string, serviceAccounts: readonly string[]): PolicyDocument {
  const issuer = issuerUrl.replace(/^https:\/\//, '');
  const subjects = serviceAccounts.map(serviceAccountSubject);
  const wildcard = subjects.some((s) => s.includes('*'));
  return {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Federated: oidcProviderArn },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { [`${issuer}:aud`]: 'sts.amazonaws.com', ...(wildcard ? {} : { [`${issuer}:sub`]: subjects }) },
        ...(wildcard ? { StringLike: { [`${issuer}:sub`]: subjects } } : {}),
      },
    }],
  };
}

/** Read and write of one bucket's objects, and listing of that bucket only. */
export function bucketAccessPolicy(bucketArn: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: [bucketArn] },
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'], Resource: [`${bucketArn}/*`] },
    ],
  };
}

/** AWS-managed policy ARNs by purpose. */
export const MANAGED_POLICIES = {
  cluster: ['arn:aws:iam::aws:policy/AmazonEKSClusterPolicy'],
  nodes: [
    'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy',
    'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
    // The VPC CNI runs with the node role: one less IRSA role to manage.
    'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy',
  ],
  ebsCsi: ['arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy'],
  clusterAdmin: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
} as const;

/** The EBS CSI controller's service account. */
export const EBS_CSI_SERVICE_ACCOUNT = 'kube-system/ebs-csi-controller-sa';

/** Subnets of a new VPC: a large private subnet per AZ, a small public one per AZ in the last quarter. */
export function subnetCidrs(vpcCidr: string, azCount: number): { private: string[]; public: string[] } {
  const [addr, prefixText] = vpcCidr.split('/');
  const prefix = Number(prefixText);
  const base = addr.split('.').reduce((n, o) => n * 256 + Number(o), 0);
  const ip = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
  const quarter = 2 ** (32 - prefix - 2);
  const small = 2 ** (32 - prefix - 6);
  return {
    private: Array.from({ length: azCount }, (_, i) => `${ip(base + i * quarter)}/${prefix + 2}`),
    public: Array.from({ length: azCount }, (_, i) => `${ip(base + 3 * quarter + i * small)}/${prefix + 6}`),
  };
}

/** Subnet tags the AWS load balancer controllers use to place public and internal load balancers. */
export function subnetTags(cluster: string, kind: 'public' | 'private'): Record<string, string> {
  return {
    [`kubernetes.io/cluster/${cluster}`]: 'shared',
    [kind === 'public' ? 'kubernetes.io/role/elb' : 'kubernetes.io/role/internal-elb']: '1',
    Name: `${cluster}-${kind}`,
  };
}
