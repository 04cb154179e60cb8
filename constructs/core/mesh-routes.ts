import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { allowPrincipals, gatewayFrom, ingressPrincipal, MeshGateways } from './mesh-policy';

// The Istio objects upstream puts next to each web app behind the gateway: its route,
// the policy that only the gateway may call it, and mutual TLS towards its Service.

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
