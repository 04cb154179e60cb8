import * as aws from '@pulumi/aws';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { EksSettings } from '../settings';
import { EBS_CSI_SERVICE_ACCOUNT, irsaTrustPolicy, MANAGED_POLICIES, serviceTrustPolicy } from './aws-policies';
import { artifactStore, database } from './eks-data';
import { eksNetwork } from './eks-network';
import { eksKubeconfig } from './kubeconfig';
import { iamRoleName } from './names';
import { ClusterOutputs, kubeProvider } from './types';

export interface EksClusterArgs {
  readonly settings: EksSettings;
  /** Make the RDS database (`settings.database`). */
  readonly database: boolean;
}

/** An EKS cluster with its VPC, nodes, add-ons, default storage and the pipelines' artifact store. */
export class EksCluster extends pulumi.ComponentResource implements ClusterOutputs {
  public readonly provider: k8s.Provider;
  public readonly kubeconfig: pulumi.Output<string>;
  public readonly bucket: pulumi.Output<string>;
  public readonly pipelinesRoleArn: pulumi.Output<string>;
  public readonly database?: { readonly host: pulumi.Output<string>; readonly password: pulumi.Output<string> };
  public readonly oidcIssuer: pulumi.Output<string>;
  public readonly ready: pulumi.Resource[];

  constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kubeflow-iac:index:EksCluster', name, {}, opts);
    const s = args.settings;
    const region = new pulumi.Config('aws').require('region');
    const network = eksNetwork(name, s, region, this);
    const parent = { parent: this };

    const role = (purpose: string, trust: pulumi.Input<string>, policies: readonly string[]) => {
      const r = new aws.iam.Role(`${name}-${purpose}`, { name: iamRoleName(s.name, purpose), assumeRolePolicy: trust }, parent);
      policies.forEach((arn, i) => new aws.iam.RolePolicyAttachment(`${name}-${purpose}-${i}`, { role: r.name, policyArn: arn }, parent));
      return r;
    };
    const clusterRole = role('cluster', JSON.stringify(serviceTrustPolicy('eks.amazonaws.com')), MANAGED_POLICIES.cluster);
    const cluster = new aws.eks.Cluster(`${name}-eks`, {
      name: s.name,
      version: s.version,
      roleArn: clusterRole.arn,
      vpcConfig: { subnetIds: [...network.privateSubnetIds, ...network.publicSubnetIds], endpointPublicAccess: true, endpointPrivateAccess: true },
      // Access entries only: no aws-auth ConfigMap to drift.
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: true },
      enabledClusterLogTypes: ['audit', 'authenticator'],
    }, parent);
    s.adminPrincipalArns.forEach((arn, i) => {
      const entry = new aws.eks.AccessEntry(`${name}-admin-${i}`, { clusterName: cluster.name, principalArn: arn }, parent);
      new aws.eks.AccessPolicyAssociation(`${name}-admin-${i}`, { clusterName: cluster.name, principalArn: arn, policyArn: MANAGED_POLICIES.clusterAdmin, accessScope: { type: 'cluster' } }, { parent: this, dependsOn: [entry] });
    });
    const issuerUrl = cluster.identities.apply((ids) => ids[0].oidcs?.[0]?.issuer ?? '');
    this.oidcIssuer = issuerUrl;
    const oidc = new aws.iam.OpenIdConnectProvider(`${name}-oidc`, { url: issuerUrl, clientIdLists: ['sts.amazonaws.com'] }, parent);

    const nodeRole = role('nodes', JSON.stringify(serviceTrustPolicy('ec2.amazonaws.com')), MANAGED_POLICIES.nodes);
    const pool = (id: string, p: NonNullable<EksSettings['gpuNodes']>, gpu: boolean) => new aws.eks.NodeGroup(`${name}-${id}`, {
      clusterName: cluster.name,
      nodeGroupName: `${s.name}-${id}`,
      nodeRoleArn: nodeRole.arn,
      subnetIds: network.privateSubnetIds,
      instanceTypes: [p.instanceType],
      amiType: gpu ? 'AL2023_x86_64_NVIDIA' : 'AL2023_x86_64_STANDARD',
      diskSize: p.diskSize,
      scalingConfig: { minSize: p.min, desiredSize: p.desired, maxSize: p.max },
      labels: gpu ? { 'kubeflow-iac.io/accelerator': 'nvidia' } : {},
      taints: gpu ? [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NO_SCHEDULE' }] : [],
    }, { parent: this, ignoreChanges: ['scalingConfig.desiredSize'] });
    const nodes = [pool('cpu', s.nodes, false), ...(s.gpuNodes ? [pool('gpu', s.gpuNodes, true)] : [])];

    const ebsRole = role('ebs-csi', pulumi.all([oidc.arn, issuerUrl]).apply(([arn, url]) => JSON.stringify(irsaTrustPolicy(arn, url, [EBS_CSI_SERVICE_ACCOUNT]))), MANAGED_POLICIES.ebsCsi);
    const addon = (addonName: string, extra: Partial<aws.eks.AddonArgs> = {}, after: pulumi.Resource[] = []) =>
      new aws.eks.Addon(`${name}-${addonName}`, { clusterName: cluster.name, addonName, resolveConflictsOnCreate: 'OVERWRITE', resolveConflictsOnUpdate: 'PRESERVE', ...extra }, { parent: this, dependsOn: after });
    // CoreDNS and the EBS controller are Deployments: they need nodes to become healthy.
    const addons = [
      addon('vpc-cni'),
      addon('kube-proxy'),
      addon('coredns', {}, nodes),
      addon('aws-ebs-csi-driver', { serviceAccountRoleArn: ebsRole.arn }, nodes),
    ];

    this.kubeconfig = pulumi.secret(pulumi.all([cluster.name, cluster.endpoint, cluster.certificateAuthority]).apply(([n, endpoint, ca]) => eksKubeconfig(n, endpoint, ca.data ?? '', region)));
    this.provider = kubeProvider(name, this.kubeconfig, this);
    const gp3 = new k8s.storage.v1.StorageClass(`${name}-gp3`, {
      metadata: { name: 'gp3', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'ebs.csi.aws.com',
      parameters: { type: 'gp3', encrypted: 'true' },
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
      reclaimPolicy: 'Delete',
    }, { parent: this, provider: this.provider, dependsOn: addons });

    const store = artifactStore(name, s, { arn: oidc.arn, issuerUrl }, this);
    this.bucket = store.bucket.bucket;
    this.pipelinesRoleArn = store.role.arn;
    if (args.database) {
      const db = database(name, s, network, this);
      this.database = { host: db.instance.address, password: pulumi.secret(db.password.result) };
    }
    this.ready = [...nodes, ...addons, gp3];
    this.registerOutputs({ kubeconfig: this.kubeconfig, bucket: this.bucket, databaseHost: this.database?.host });
  }
}
