import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { EksSettings } from '../settings';
import { subnetCidrs, subnetTags } from './aws-policies';

export interface EksNetwork {
  readonly vpcId: pulumi.Input<string>;
  readonly vpcCidr: pulumi.Input<string>;
  readonly publicSubnetIds: pulumi.Input<string>[];
  readonly privateSubnetIds: pulumi.Input<string>[];
}

/** AZ names of a region, `a` onwards: known at preview, unlike a lookup. */
export function availabilityZones(region: string, count: number): string[] {
  return ['a', 'b', 'c'].slice(0, count).map((z) => `${region}${z}`);
}

/**
 * A VPC with public and private subnets over 2-3 AZs, tagged for load balancers, and one
 * NAT gateway (nodes only pull images and call AWS APIs; one NAT keeps cost down).
 * With `existingVpc`, its ids are used and nothing is made.
 */
export function eksNetwork(name: string, s: EksSettings, region: string, parent: pulumi.Resource): EksNetwork {
  if (s.existingVpc) {
    const vpc = aws.ec2.getVpcOutput({ id: s.existingVpc.vpcId }, { parent });
    return { vpcId: s.existingVpc.vpcId, vpcCidr: vpc.cidrBlock, publicSubnetIds: s.existingVpc.publicSubnetIds, privateSubnetIds: s.existingVpc.privateSubnetIds };
  }
  const opts = { parent };
  const cidrs = subnetCidrs(s.vpc.cidr, s.vpc.availabilityZones);
  const zones = availabilityZones(region, s.vpc.availabilityZones);
  const vpc = new aws.ec2.Vpc(`${name}-vpc`, { cidrBlock: s.vpc.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: s.name } }, opts);
  const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: { Name: s.name } }, opts);
  const publicRt = new aws.ec2.RouteTable(`${name}-public`, { vpcId: vpc.id, routes: [{ cidrBlock: '0.0.0.0/0', gatewayId: igw.id }], tags: { Name: `${s.name}-public` } }, opts);
  const publicSubnets = zones.map((az, i) => {
    const subnet = new aws.ec2.Subnet(`${name}-public-${az}`, { vpcId: vpc.id, cidrBlock: cidrs.public[i], availabilityZone: az, mapPublicIpOnLaunch: true, tags: subnetTags(s.name, 'public') }, opts);
    new aws.ec2.RouteTableAssociation(`${name}-public-${az}`, { subnetId: subnet.id, routeTableId: publicRt.id }, opts);
    return subnet;
  });
  const eip = new aws.ec2.Eip(`${name}-nat`, { domain: 'vpc', tags: { Name: s.name } }, opts);
  const nat = new aws.ec2.NatGateway(`${name}-nat`, { subnetId: publicSubnets[0].id, allocationId: eip.id, tags: { Name: s.name } }, { parent, dependsOn: [igw] });
  const privateRt = new aws.ec2.RouteTable(`${name}-private`, { vpcId: vpc.id, routes: [{ cidrBlock: '0.0.0.0/0', natGatewayId: nat.id }], tags: { Name: `${s.name}-private` } }, opts);
  const privateSubnets = zones.map((az, i) => {
    const subnet = new aws.ec2.Subnet(`${name}-private-${az}`, { vpcId: vpc.id, cidrBlock: cidrs.private[i], availabilityZone: az, tags: subnetTags(s.name, 'private') }, opts);
    new aws.ec2.RouteTableAssociation(`${name}-private-${az}`, { subnetId: subnet.id, routeTableId: privateRt.id }, opts);
    return subnet;
  });
  return { vpcId: vpc.id, vpcCidr: vpc.cidrBlock, publicSubnetIds: publicSubnets.map((x) => x.id), privateSubnetIds: privateSubnets.map((x) => x.id) };
}
