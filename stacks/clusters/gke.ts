import * as gcp from '@pulumi/gcp';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import { DATABASE_USER } from '../cluster-facts';
import { GkeSettings } from '../settings';
import { workloadIdentityMember, workloadPool } from './gcp-policies';
import { gkeKubeconfig } from './kubeconfig';
import { artifactServiceAccounts, bucketName, gcpServiceAccountId, PIPELINES_IDENTITY } from './names';
import { ClusterOutputs, kubeProvider } from './types';

export interface GkeClusterArgs {
  readonly settings: GkeSettings;
}

/** A GKE cluster with Workload Identity, its network, node pools and the pipelines' artifact bucket. */
export class GkeCluster extends pulumi.ComponentResource implements ClusterOutputs {
  public readonly provider: k8s.Provider;
  public readonly kubeconfig: pulumi.Output<string>;
  public readonly bucket: pulumi.Output<string>;
  public readonly database?: { readonly host: pulumi.Output<string>; readonly password: pulumi.Output<string> };
  public readonly ready: pulumi.Resource[];

  constructor(name: string, args: GkeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kubeflow-iac:index:GkeCluster', name, {}, opts);
    const s = args.settings;
    const gcpConfig = new pulumi.Config('gcp');
    const project = gcpConfig.require('project');
    const location = s.location ?? gcpConfig.require('region');
    const parent = { parent: this };

    const network = new gcp.compute.Network(`${name}-network`, { name: s.name, autoCreateSubnetworks: false }, parent);
    const subnet = new gcp.compute.Subnetwork(`${name}-subnet`, {
      name: s.name,
      network: network.id,
      region: location.split('-').slice(0, 2).join('-'),
      ipCidrRange: s.network.nodes,
      privateIpGoogleAccess: true,
      secondaryIpRanges: [{ rangeName: 'pods', ipCidrRange: s.network.pods }, { rangeName: 'services', ipCidrRange: s.network.services }],
    }, parent);
    const cluster = new gcp.container.Cluster(`${name}-gke`, {
      name: s.name,
      location,
      network: network.id,
      subnetwork: subnet.id,
      // Node pools are managed below, so changing one never recreates the cluster.
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      releaseChannel: { channel: s.releaseChannel },
      // The release needs at least this Kubernetes; the channel only upgrades from here.
      minMasterVersion: s.version,
      workloadIdentityConfig: { workloadPool: workloadPool(project) },
      ipAllocationPolicy: { clusterSecondaryRangeName: 'pods', servicesSecondaryRangeName: 'services' },
      // Data lives in the bucket and the database (both kept); the cluster itself can go.
      deletionProtection: false,
    }, parent);

    const nodeSa = new gcp.serviceaccount.Account(`${name}-nodes`, { accountId: gcpServiceAccountId(s.name, 'nodes'), displayName: `${s.name} GKE nodes` }, parent);
    ['roles/logging.logWriter', 'roles/monitoring.metricWriter', 'roles/artifactregistry.reader'].forEach((role) =>
      new gcp.projects.IAMMember(`${name}-nodes-${role.split('/')[1]}`, { project, role, member: pulumi.interpolate`serviceAccount:${nodeSa.email}` }, parent));
    const pool = (id: string, p: GkeSettings['nodes'], gpu?: NonNullable<GkeSettings['gpuNodes']>) => new gcp.container.NodePool(`${name}-${id}`, {
      name: id,
      cluster: cluster.id,
      location,
      initialNodeCount: p.desired,
      autoscaling: { minNodeCount: p.min, maxNodeCount: p.max },
      management: { autoRepair: true, autoUpgrade: true },
      nodeConfig: {
        machineType: gpu?.machineType ?? (p as { machineType: string }).machineType,
        diskSizeGb: p.diskSize,
        serviceAccount: nodeSa.email,
        oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'],
        // Pods see the Workload Identity metadata server, never the node's credentials.
        workloadMetadataConfig: { mode: 'GKE_METADATA' },
        ...(gpu ? {
          guestAccelerators: [{ type: gpu.acceleratorType, count: gpu.acceleratorCount, gpuDriverInstallationConfig: { gpuDriverVersion: 'LATEST' } }],
          taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NO_SCHEDULE' }],
        } : {}),
      },
    }, { parent: this, ignoreChanges: ['initialNodeCount'] });
    const nodes = [pool('cpu', s.nodes), ...(s.gpuNodes ? [pool('gpu', s.gpuNodes, s.gpuNodes)] : [])];

    const bucket = new gcp.storage.Bucket(`${name}-artifacts`, {
      name: bucketName(pulumi.getProject(), pulumi.getStack(), s.name),
      location: location.split('-').slice(0, 2).join('-').toUpperCase(),
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      forceDestroy: false,
    }, { parent: this, retainOnDelete: true });
    const accountId = gcpServiceAccountId(s.name, PIPELINES_IDENTITY);
    const pipelinesSa = new gcp.serviceaccount.Account(`${name}-pipelines`, { accountId, displayName: `${s.name} Kubeflow Pipelines artifacts` }, parent);
    new gcp.storage.BucketIAMMember(`${name}-pipelines`, { bucket: bucket.name, role: 'roles/storage.objectAdmin', member: pulumi.interpolate`serviceAccount:${pipelinesSa.email}` }, parent);
    const serviceAccounts = artifactServiceAccounts(s.tenantNamespaces);
    // The pool exists once the cluster does; bindings made earlier are rejected.
    serviceAccounts.forEach((sa) => new gcp.serviceaccount.IAMMember(`${name}-wi-${sa.replace('/', '-')}`, {
      serviceAccountId: pipelinesSa.name,
      role: 'roles/iam.workloadIdentityUser',
      member: workloadIdentityMember(project, sa),
    }, { parent: this, dependsOn: [cluster] }));

    if (s.database) this.database = this.makeDatabase(name, s, project, network, location);

    this.kubeconfig = pulumi.secret(pulumi.all([cluster.name, cluster.endpoint, cluster.masterAuth]).apply(([n, endpoint, auth]) => gkeKubeconfig(n, endpoint, auth.clusterCaCertificate ?? '')));
    this.provider = kubeProvider(name, this.kubeconfig, this);
    this.bucket = bucket.name;
    this.ready = nodes;
    this.registerOutputs({ kubeconfig: this.kubeconfig, bucket: this.bucket, databaseHost: this.database?.host });
  }

  /** Cloud SQL MySQL on a private IP of the cluster's network only. */
  private makeDatabase(name: string, s: GkeSettings, project: string, network: gcp.compute.Network, location: string) {
    const parent = { parent: this };
    const range = new gcp.compute.GlobalAddress(`${name}-sql-range`, { name: `${s.name}-sql`, purpose: 'VPC_PEERING', addressType: 'INTERNAL', prefixLength: 20, network: network.id }, parent);
    const peering = new gcp.servicenetworking.Connection(`${name}-sql-peering`, { network: network.id, service: 'servicenetworking.googleapis.com', reservedPeeringRanges: [range.name] }, parent);
    const instance = new gcp.sql.DatabaseInstance(`${name}-db`, {
      name: `${s.name}-pipelines`,
      project,
      region: location.split('-').slice(0, 2).join('-'),
      databaseVersion: 'MYSQL_8_0',
      deletionProtection: true,
      settings: {
        tier: s.database!.tier,
        ipConfiguration: { ipv4Enabled: false, privateNetwork: network.id },
        backupConfiguration: { enabled: true, binaryLogEnabled: true },
      },
    }, { parent: this, dependsOn: [peering] });
    const password = new random.RandomPassword(`${name}-db`, { length: 32, special: false }, parent);
    new gcp.sql.User(`${name}-db`, { instance: instance.name, name: DATABASE_USER, password: password.result }, parent);
    return { host: instance.privateIpAddress, password: pulumi.secret(password.result) };
  }
}
