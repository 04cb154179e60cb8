import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { clusterRole, clusterRoleBinding, rule, serviceAccount } from '../core/rbac';
import { restrictedContainer } from '../core/security';
import { Sizing } from '../core/sizing';
import { allowPrincipals, gatewayFrom, ingressPrincipal, MeshGateways } from '../core/mesh-policy';

// Helpers shared by the workbench components (notebooks, volumes, tensorboards, PVC viewer
// and Katib): the Istio objects upstream puts next to each web app, and the
// kube-rbac-proxy sidecar of the kubebuilder controllers.


type Labels = Readonly<Record<string, string>>;
const withLabels = (labels?: Labels) => (labels && Object.keys(labels).length ? { labels: { ...labels } } : {});

export interface RouteProps {
  readonly namespace: string;
  readonly name: string;
  /** URL prefix on the gateway, with a trailing slash, e.g. `/jupyter/`. */
  readonly prefix: string;
  /** Path the request is rewritten to. */
  readonly rewrite: string;
  /** Service host name. */
  readonly host: string;
  readonly port: number;
  /** Adds `x-forwarded-prefix`, which the CRUD web apps use to build their URLs. @default none */
  readonly forwardedPrefix?: string;
  /** @default none */
  readonly labels?: Labels;
  /** The mesh's gateways; the route binds to `gateway`. */
  readonly gateways: MeshGateways;
}

/** A VirtualService routing a gateway prefix to a Service. */
export function virtualService(scope: Construct, props: RouteProps): ApiObject {
  return new ApiObject(scope, `VirtualService-${props.name}`, {
    apiVersion: 'networking.istio.io/v1alpha3',
    kind: 'VirtualService',
    metadata: { name: props.name, namespace: props.namespace, ...withLabels(props.labels) },
    spec: {
      gateways: [gatewayFrom(props.namespace, props.gateways.gateway)],
      hosts: ['*'],
      http: [
        {
          ...(props.forwardedPrefix ? { headers: { request: { add: { 'x-forwarded-prefix': props.forwardedPrefix } } } } : {}),
          match: [{ uri: { prefix: props.prefix } }],
          rewrite: { uri: props.rewrite },
          route: [{ destination: { host: props.host, port: { number: props.port } } }],
        },
      ],
    },
  });
}

/** Lets only the ingress gateway call the pods a label selects. */
export function gatewayOnlyPolicy(scope: Construct, gateways: MeshGateways, namespace: string, name: string, selector: Labels, labels?: Labels): ApiObject {
  return allowPrincipals(scope, `AuthorizationPolicy-${name}`, { name, namespace, ...withLabels(labels) }, [ingressPrincipal(gateways)], selector);
}

/** Mutual TLS towards a Service inside the mesh. */
export function mutualTlsRule(scope: Construct, namespace: string, name: string, host: string, labels?: Labels): ApiObject {
  return new ApiObject(scope, `DestinationRule-${name}`, {
    apiVersion: 'networking.istio.io/v1alpha3',
    kind: 'DestinationRule',
    metadata: { name, namespace, ...withLabels(labels) },
    spec: { host, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } },
  });
}

/** `NAME.NAMESPACE.svc.DOMAIN`. */
export function serviceHost(name: string, namespace: string, clusterDomain = 'cluster.local'): string {
  return `${name}.${namespace}.svc.${clusterDomain}`;
}

/**
 * The kube-rbac-proxy sidecar kubebuilder puts in front of a controller's metrics:
 * HTTPS on 8443, checked against the caller's RBAC, forwarded to 127.0.0.1:8080.
 * `workload` (the Deployment's name) looks up upstream's floor for the sidecar (core/sizing-floors).
 */
export function kubeRbacProxy(image: string, sizing: Sizing, workload?: string): k8s.Container {
  return {
    name: 'kube-rbac-proxy',
    image,
    args: ['--secure-listen-address=0.0.0.0:8443', '--upstream=http://127.0.0.1:8080/', '--logtostderr=true', '--v=0'],
    ports: [{ containerPort: 8443, name: 'https', protocol: 'TCP' }],
    resources: sizing.resources('tiny', workload === undefined ? undefined : `${workload}/kube-rbac-proxy`),
    securityContext: restrictedContainer(),
  };
}

/** The metrics-reader and proxy ClusterRoles of a kube-rbac-proxy, and the proxy's binding. */
export function metricsProxyRbac(scope: Construct, props: { prefix: string; namespace: string; serviceAccount: string; labels?: (instance: string) => Labels }): void {
  const meta = (instance: string) => (props.labels ? { labels: { ...props.labels(instance) } } : {});
  clusterRole(scope, `${props.prefix}-metrics-reader`, [{ nonResourceUrLs: ['/metrics'], verbs: ['get'] }], meta('metrics-reader'));
  clusterRole(scope, `${props.prefix}-proxy-role`, [
    rule('authentication.k8s.io', ['tokenreviews'], ['create']),
    rule('authorization.k8s.io', ['subjectaccessreviews'], ['create']),
  ], meta('proxy-role'));
  clusterRoleBinding(scope, `${props.prefix}-proxy-rolebinding`, `${props.prefix}-proxy-role`, [serviceAccount(props.namespace, props.serviceAccount)], meta('proxy-rolebinding'));
}

/** Leader-election rules of a kubebuilder controller (ConfigMap and Lease locks, events). */
export const LEADER_ELECTION_RULES: readonly k8s.PolicyRule[] = [
  rule('', ['configmaps'], ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']),
  rule('coordination.k8s.io', ['leases'], ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']),
  rule('', ['events'], ['create', 'patch']),
];

/** An HTTP GET probe. */
export function httpProbe(path: string, port: number | string, initialDelaySeconds?: number, periodSeconds?: number): k8s.Probe {
  return {
    httpGet: { path, port: typeof port === 'number' ? k8s.IntOrString.fromNumber(port) : k8s.IntOrString.fromString(port) },
    ...(initialDelaySeconds !== undefined ? { initialDelaySeconds } : {}),
    ...(periodSeconds !== undefined ? { periodSeconds } : {}),
  };
}
