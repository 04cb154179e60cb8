import { stringify } from 'yaml';
import { Manifest } from '../../constructs/platform/parts';

/** A host port published to a node port of the gateway. */
export interface PortMapping {
  readonly containerPort: number;
  readonly hostPort: number;
}

/** Node ports the gateway uses when its Service does not fix them. */
export const DEFAULT_GATEWAY_NODE_PORTS = { http: 30080, https: 30443 } as const;

/**
 * Node ports of the ingress gateway in the synthesized manifests (fixed by the Istio
 * layer on kind), falling back to the defaults: kind publishes node ports, not Services.
 */
export function gatewayNodePorts(manifests: readonly Manifest[]): { http: number; https: number } {
  const svc = manifests.find((m) => m.kind === 'Service' && m.metadata.namespace === 'istio-system' && m.metadata.name === 'istio-ingressgateway');
  const ports = ((svc?.spec as { ports?: { name?: string; port?: number; nodePort?: number }[] } | undefined)?.ports) ?? [];
  const find = (names: string[], port: number) => ports.find((p) => (p.name && names.includes(p.name)) || p.port === port)?.nodePort;
  return {
    http: find(['http2', 'http'], 80) ?? DEFAULT_GATEWAY_NODE_PORTS.http,
    https: find(['https'], 443) ?? DEFAULT_GATEWAY_NODE_PORTS.https,
  };
}

export interface KindConfigInput {
  readonly nodeImage: string;
  readonly workers: number;
  readonly ports: readonly PortMapping[];
  /** Mirror images are pulled from (`HOST[:PORT][/PATH]`), from the platform config. @default none */
  readonly registry?: string;
}

/**
 * The kind cluster config: the gateway's node ports published on the host from the
 * control-plane node, and, with a registry mirror, a containerd patch so the nodes pull
 * from it (over plain HTTP: local mirrors rarely have a trusted certificate).
 */
export function kindConfig(input: KindConfigInput): Record<string, unknown> {
  const node = (role: string) => ({ role, image: input.nodeImage });
  const host = input.registry?.split('/')[0];
  return {
    kind: 'Cluster',
    apiVersion: 'kind.x-k8s.io/v1alpha4',
    nodes: [
      { ...node('control-plane'), extraPortMappings: input.ports.map((p) => ({ containerPort: p.containerPort, hostPort: p.hostPort, protocol: 'TCP' })) },
      ...Array.from({ length: input.workers }, () => node('worker')),
    ],
    ...(host ? { containerdConfigPatches: [registryPatch(host)] } : {}),
  };
}

/** The containerd (CRI) patch that sends pulls for `host` to it over HTTP. */
export function registryPatch(host: string): string {
  return [
    `[plugins."io.containerd.grpc.v1.cri".registry.mirrors."${host}"]`,
    `  endpoint = ["http://${host}"]`,
    `[plugins."io.containerd.grpc.v1.cri".registry.configs."${host}".tls]`,
    '  insecure_skip_verify = true',
    '',
  ].join('\n');
}

/** The config as the YAML file `kind create cluster --config` reads. */
export function kindConfigYaml(input: KindConfigInput): string {
  return stringify(kindConfig(input), { lineWidth: 0 });
}
