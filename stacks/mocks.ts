import * as pulumi from '@pulumi/pulumi';

const ACCOUNT = '123456789012';

/**
 * Outputs a cloud would report for a new resource, so the program's applies run offline:
 * the inputs echoed, plus the few computed fields the program reads.
 */
export function mockState(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> {
  const i = args.inputs as Record<string, unknown>;
  if (args.type.startsWith('kubernetes:')) {
    // Lean: Kubernetes state is not read back, except a load balancer's address.
    const spec = i.spec as { type?: string } | undefined;
    return args.type === 'kubernetes:core/v1:Service' && spec?.type === 'LoadBalancer'
      ? { status: { loadBalancer: { ingress: [{ hostname: 'gateway.example.com' }] } } }
      : {};
  }
  switch (args.type) {
    case 'aws:eks/cluster:Cluster':
      return { ...i, endpoint: 'https://eks.example.com', certificateAuthority: { data: 'Q0E=' }, identities: [{ oidcs: [{ issuer: 'https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLE' }] }] };
    case 'aws:iam/role:Role':
      return { ...i, arn: `arn:aws:iam::${ACCOUNT}:role/${i.name}` };
    case 'aws:iam/openIdConnectProvider:OpenIdConnectProvider':
      return { ...i, arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLE` };
    case 'aws:s3/bucket:Bucket':
      return { ...i, arn: `arn:aws:s3:::${i.bucket}` };
    case 'aws:ec2/vpc:Vpc':
      return { ...i };
    case 'aws:rds/instance:Instance':
      return { ...i, address: `${i.identifier}.rds.example.com` };
    case 'gcp:container/cluster:Cluster':
      return { ...i, endpoint: '203.0.113.10', masterAuth: { clusterCaCertificate: 'Q0E=' } };
    case 'gcp:serviceaccount/account:Account':
      return { ...i, email: `${i.accountId}@project.iam.gserviceaccount.com`, name: `projects/project/serviceAccounts/${i.accountId}` };
    case 'gcp:sql/databaseInstance:DatabaseInstance':
      return { ...i, connectionName: `project:region:${i.name}`, privateIpAddress: '10.30.0.3' };
    case 'random:index/randomPassword:RandomPassword':
      return { ...i, result: 'x'.repeat(Number(i.length ?? 16)), bcryptHash: `$2a$10$${'h'.repeat(53)}` };
    case 'command:local:Command':
      return { ...i, stdout: 'apiVersion: v1\nkind: Config\n' };
    default:
      return i;
  }
}

/** Provider functions the program calls: lookups of existing things. */
export function mockCall(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
  if (args.token === 'aws:ec2/getVpc:getVpc') return { ...args.inputs, cidrBlock: '10.0.0.0/16' };
  return args.inputs as Record<string, unknown>;
}
