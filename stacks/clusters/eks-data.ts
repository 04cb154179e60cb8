import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import { DATABASE_USER } from '../cluster-facts';
import { EksSettings } from '../settings';
import { bucketAccessPolicy, irsaTrustPolicy } from './aws-policies';
import { artifactServiceAccounts, bucketName, iamRoleName, PIPELINES_IDENTITY } from './names';
import { EksNetwork } from './eks-network';

export interface EksOidc {
  readonly arn: pulumi.Input<string>;
  readonly issuerUrl: pulumi.Input<string>;
}

/**
 * The artifact bucket (encrypted, never public) and the role the pipelines' service
 * accounts assume through IRSA, allowed on that bucket only.
 */
export function artifactStore(name: string, s: EksSettings, oidc: EksOidc, parent: pulumi.Resource) {
  const opts = { parent };
  const bucket = new aws.s3.Bucket(`${name}-artifacts`, { bucket: bucketName(pulumi.getProject(), pulumi.getStack(), s.name), forceDestroy: false }, { parent, retainOnDelete: true });
  new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-artifacts`, { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' }, bucketKeyEnabled: true }] }, opts);
  new aws.s3.BucketPublicAccessBlock(`${name}-artifacts`, { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, opts);
  const serviceAccounts = artifactServiceAccounts(s.tenantNamespaces);
  const role = new aws.iam.Role(`${name}-pipelines`, {
    name: iamRoleName(s.name, PIPELINES_IDENTITY),
    assumeRolePolicy: pulumi.all([oidc.arn, oidc.issuerUrl]).apply(([arn, url]) => JSON.stringify(irsaTrustPolicy(arn, url, serviceAccounts))),
  }, opts);
  new aws.iam.RolePolicy(`${name}-pipelines`, { role: role.id, policy: bucket.arn.apply((arn) => JSON.stringify(bucketAccessPolicy(arn))) }, opts);
  return { bucket, role, serviceAccounts };
}

/** RDS MySQL for pipelines metadata: private subnets, reachable from the VPC only, snapshot kept on delete. */
export function database(name: string, s: EksSettings, network: EksNetwork, parent: pulumi.Resource) {
  const db = s.database!;
  const opts = { parent };
  const subnets = new aws.rds.SubnetGroup(`${name}-db`, { name: `${s.name}-db`, subnetIds: network.privateSubnetIds }, opts);
  const sg = new aws.ec2.SecurityGroup(`${name}-db`, {
    vpcId: network.vpcId,
    description: `${s.name} pipelines database`,
    ingress: [{ protocol: 'tcp', fromPort: 3306, toPort: 3306, cidrBlocks: [network.vpcCidr] }],
  }, opts);
  const password = new random.RandomPassword(`${name}-db`, { length: 32, special: false }, opts);
  const instance = new aws.rds.Instance(`${name}-db`, {
    identifier: `${s.name}-pipelines`,
    engine: 'mysql',
    engineVersion: '8.0',
    instanceClass: db.instanceClass,
    allocatedStorage: db.allocatedStorage,
    storageType: 'gp3',
    storageEncrypted: true,
    dbSubnetGroupName: subnets.name,
    vpcSecurityGroupIds: [sg.id],
    username: DATABASE_USER,
    password: password.result,
    publiclyAccessible: false,
    skipFinalSnapshot: false,
    finalSnapshotIdentifier: `${s.name}-pipelines-final`,
    backupRetentionPeriod: 7,
  }, opts);
  return { instance, password };
}
