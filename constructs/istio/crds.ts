import { Construct } from 'constructs';
import { Crd, PrinterColumn } from '../core/crd';
import { array, embedded, enumOf, integer, map, object, Schema, string } from '../core/schema';
import {
  authorizationPolicySpec, destinationRuleSpec, envoyFilterSpec, gatewaySpec, istioStatus, peerAuthenticationSpec,
  proxyConfigSpec, requestAuthenticationSpec, serviceEntrySpec, sidecarSpec, telemetrySpec, virtualServiceSpec,
  wasmPluginSpec, workloadEntrySpec, workloadGroupSpec,
} from './crd-schemas';

const col = (name: string, jsonPath: string, description: string): PrinterColumn => ({ name, type: 'string', jsonPath, description });
const AGE: PrinterColumn = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC. Populated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/api-conventions.md#metadata',
};

interface IstioCrd {
  readonly group: 'networking' | 'security' | 'telemetry' | 'extensions';
  readonly kind: string;
  readonly plural?: string;
  readonly shortNames?: readonly string[];
  readonly spec: Schema;
  /** Served versions; the first is stored. */
  readonly versions: readonly string[];
  readonly columns?: readonly PrinterColumn[];
}

// Served and stored versions as Istio 1.28/1.29 ship them (the same in both releases).
const NET3 = ['v1', 'v1alpha3', 'v1beta1'];
export const ISTIO_CRDS: readonly IstioCrd[] = [
  { group: 'security', kind: 'AuthorizationPolicy', plural: 'authorizationpolicies', shortNames: ['ap'], spec: authorizationPolicySpec, versions: ['v1', 'v1beta1'], columns: [col('Action', '.spec.action', 'The operation to take.'), AGE] },
  { group: 'networking', kind: 'DestinationRule', shortNames: ['dr'], spec: destinationRuleSpec, versions: NET3, columns: [col('Host', '.spec.host', 'The name of a service from the service registry'), AGE] },
  { group: 'networking', kind: 'EnvoyFilter', spec: envoyFilterSpec, versions: ['v1alpha3'] },
  { group: 'networking', kind: 'Gateway', shortNames: ['gw'], spec: gatewaySpec, versions: NET3 },
  { group: 'security', kind: 'PeerAuthentication', plural: 'peerauthentications', shortNames: ['pa'], spec: peerAuthenticationSpec, versions: ['v1', 'v1beta1'], columns: [col('Mode', '.spec.mtls.mode', 'Defines the mTLS mode used for peer authentication.'), AGE] },
  { group: 'networking', kind: 'ProxyConfig', spec: proxyConfigSpec, versions: ['v1beta1'] },
  { group: 'security', kind: 'RequestAuthentication', plural: 'requestauthentications', shortNames: ['ra'], spec: requestAuthenticationSpec, versions: ['v1', 'v1beta1'] },
  {
    group: 'networking', kind: 'ServiceEntry', plural: 'serviceentries', shortNames: ['se'], spec: serviceEntrySpec, versions: NET3,
    columns: [
      col('Hosts', '.spec.hosts', 'The hosts associated with the ServiceEntry'),
      col('Location', '.spec.location', 'Whether the service is external to the mesh or part of the mesh (MESH_EXTERNAL or MESH_INTERNAL)'),
      col('Resolution', '.spec.resolution', 'Service resolution mode for the hosts (NONE, STATIC, or DNS)'),
      AGE,
    ],
  },
  { group: 'networking', kind: 'Sidecar', spec: sidecarSpec, versions: NET3 },
  // Telemetry still stores v1alpha1 while serving v1.
  { group: 'telemetry', kind: 'Telemetry', plural: 'telemetries', shortNames: ['telemetry'], spec: telemetrySpec, versions: ['v1alpha1', 'v1'], columns: [AGE] },
  {
    group: 'networking', kind: 'VirtualService', shortNames: ['vs'], spec: virtualServiceSpec, versions: NET3,
    columns: [col('Gateways', '.spec.gateways', 'The names of gateways and sidecars that should apply these routes'), col('Hosts', '.spec.hosts', 'The destination hosts to which traffic is being sent'), AGE],
  },
  { group: 'extensions', kind: 'WasmPlugin', spec: wasmPluginSpec, versions: ['v1alpha1'], columns: [AGE] },
  { group: 'networking', kind: 'WorkloadEntry', plural: 'workloadentries', shortNames: ['we'], spec: workloadEntrySpec, versions: NET3, columns: [AGE, col('Address', '.spec.address', 'Address associated with the network endpoint.')] },
  { group: 'networking', kind: 'WorkloadGroup', shortNames: ['wg'], spec: workloadGroupSpec, versions: NET3, columns: [AGE] },
];

/** Wasm or Lua filters for the proxy (Istio 1.30); the wasm block is left open. */
const trafficExtensionSpec = object({
  lua: object({ inlineCode: string({ minLength: 1, maxLength: 65536 }) }, { required: ['inlineCode'] }),
  match: array(object({
    mode: enumOf(['UNDEFINED', 'CLIENT', 'SERVER', 'CLIENT_AND_SERVER']),
    ports: array(object({ number: integer({ minimum: 1, maximum: 65535 }) }, { required: ['number'] }), { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['number'] }),
  })),
  phase: enumOf(['UNSPECIFIED', 'AUTHN', 'AUTHZ', 'STATS']),
  priority: integer({ format: 'int32', nullable: true }),
  selector: object({ matchLabels: map(string()) }),
  targetRefs: array(object({ group: string(), kind: string(), name: string(), namespace: string() }, { required: ['kind', 'name'] })),
  wasm: embedded(),
});
const TRAFFIC_EXTENSION: IstioCrd = { group: 'extensions', kind: 'TrafficExtension', spec: trafficExtensionSpec, versions: ['v1alpha1'], columns: [AGE] };

/**
 * Istio's CustomResourceDefinitions (upstream's `base` chart), under one `Crds` construct (the
 * construct paths of before, when this was a class).
 */
export function istioCrds(scope: Construct, props: { readonly chartVersion: string; readonly trafficExtension?: boolean }): Crd[] {
  const group = new Construct(scope, 'Crds');
  const labels = {
    'app.kubernetes.io/instance': 'istio',
    'app.kubernetes.io/part-of': 'istio',
    'app.kubernetes.io/version': props.chartVersion,
    'helm.sh/chart': `base-${props.chartVersion}`,
  };
  const list = props.trafficExtension ? [...ISTIO_CRDS, TRAFFIC_EXTENSION].sort((a, b) => `${a.kind}`.localeCompare(b.kind)) : ISTIO_CRDS;
  return list.map((c) => new Crd(group, c.kind, {
    group: `${c.group}.istio.io`,
    kind: c.kind,
    plural: c.plural,
    shortNames: c.shortNames,
    categories: ['istio-io', `${c.group}-istio-io`],
    scope: 'Namespaced',
    labels,
    versions: c.versions.map((name, i) => ({
      name,
      storage: i === 0,
      spec: c.spec,
      status: istioStatus(),
      printerColumns: c.columns,
    })),
  }));
}
