import { stringify } from 'yaml';
import type { PlainResources } from './injection';
import { ISTIO_NAMESPACE, OAUTH2_PROXY_PROVIDER } from './names';

/** Where the mesh sends requests for an AuthorizationPolicy with `action: CUSTOM`. */
export interface ExtAuthzProvider {
  readonly name: string;
  /** Service FQDN of the authorization server. */
  readonly service: string;
  readonly port: number;
  /** Request headers the authorization server sees. */
  readonly includeRequestHeadersInCheck: readonly string[];
  /** Headers of the server's OK response copied into the request sent upstream. */
  readonly headersToUpstreamOnAllow: readonly string[];
  /** Headers of the server's denial copied into the response to the client (redirects, cookies). */
  readonly headersToDownstreamOnDeny: readonly string[];
}

/**
 * oauth2-proxy as upstream Kubeflow wires it: the auth component's CUSTOM policy on the
 * ingress gateway names it, and oauth2-proxy passes the user's identity headers on.
 */
export const OAUTH2_PROXY_EXT_AUTHZ: ExtAuthzProvider = {
  name: OAUTH2_PROXY_PROVIDER,
  service: 'oauth2-proxy.oauth2-proxy.svc.cluster.local',
  port: 80,
  includeRequestHeadersInCheck: ['authorization', 'cookie'],
  headersToUpstreamOnAllow: ['authorization', 'path', 'x-auth-request-email', 'x-auth-request-groups', 'x-auth-request-user'],
  headersToDownstreamOnDeny: ['content-type', 'set-cookie'],
};

export const TRUST_DOMAIN = 'cluster.local';
export const ISTIOD_ADDRESS = `istiod.${ISTIO_NAMESPACE}.svc:15012`;

/** The mesh config (`istio` ConfigMap, key `mesh`) istiod and every proxy read. */
export function meshConfig(providers: readonly ExtAuthzProvider[]): Record<string, unknown> {
  return {
    accessLogFile: '/dev/stdout',
    defaultConfig: { discoveryAddress: ISTIOD_ADDRESS, proxyMetadata: {}, tracing: {} },
    enablePrometheusMerge: true,
    rootNamespace: ISTIO_NAMESPACE,
    tcpKeepalive: { interval: '5s', probes: 3, time: '10s' },
    trustDomain: TRUST_DOMAIN,
    extensionProviders: providers.map(({ name, ...envoyExtAuthzHttp }) => ({
      name,
      envoyExtAuthzHttp: {
        service: envoyExtAuthzHttp.service,
        port: envoyExtAuthzHttp.port,
        includeRequestHeadersInCheck: [...envoyExtAuthzHttp.includeRequestHeadersInCheck],
        headersToUpstreamOnAllow: [...envoyExtAuthzHttp.headersToUpstreamOnAllow],
        headersToDownstreamOnDeny: [...envoyExtAuthzHttp.headersToDownstreamOnDeny],
      },
    })),
  };
}

/** The `istio` ConfigMap data: the mesh config and (single-network) mesh networks. */
export function meshConfigData(providers: readonly ExtAuthzProvider[]): Record<string, string> {
  return {
    mesh: stringify(meshConfig(providers), { lineWidth: 0 }).trimEnd(),
    meshNetworks: stringify({ networks: {} }).trimEnd(),
  };
}

/** The tag of an image reference (empty for a digest), as Istio's Helm values hold it. */
function tagOf(ref: string): string {
  const name = ref.slice(ref.lastIndexOf('/') + 1);
  return name.includes('@') ? '' : (name.split(':')[1] ?? '');
}

export interface InjectorValues {
  readonly proxyImage: string;
  readonly sidecarResources: PlainResources;
  readonly initResources: PlainResources;
}

/**
 * The Helm values istiod's injector reads besides the templates (probe rewriting, CNI,
 * defaults of `istioctl`). The templates here have the values written in, so these only
 * describe them. Images are full references (no `hub`), so a mirror applies everywhere.
 */
export function injectorValues(v: InjectorValues): Record<string, unknown> {
  return {
    gateways: { seccompProfile: { type: 'RuntimeDefault' }, securityContext: {} },
    global: {
      caAddress: '',
      caName: '',
      configCluster: false,
      configValidation: true,
      defaultPodDisruptionBudget: { enabled: true },
      externalIstiod: false,
      imagePullPolicy: '',
      imagePullSecrets: [],
      istioNamespace: ISTIO_NAMESPACE,
      logAsJson: false,
      logging: { level: 'default:info' },
      meshID: '',
      multiCluster: { clusterName: '' },
      network: '',
      pilotCertProvider: 'istiod',
      proxy: {
        autoInject: 'enabled',
        clusterDomain: 'cluster.local',
        componentLogLevel: 'misc:error',
        excludeIPRanges: '',
        excludeInboundPorts: '',
        excludeOutboundPorts: '',
        image: v.proxyImage,
        includeIPRanges: '*',
        includeInboundPorts: '*',
        includeOutboundPorts: '',
        logLevel: 'warning',
        privileged: false,
        readinessFailureThreshold: 4,
        readinessInitialDelaySeconds: 0,
        readinessPeriodSeconds: 15,
        resources: v.sidecarResources,
        seccompProfile: { type: 'RuntimeDefault' },
        startupProbe: { enabled: true, failureThreshold: 600 },
        statusPort: 15020,
        tracer: 'none',
      },
      proxy_init: { image: v.proxyImage, resources: v.initResources },
      sds: { token: { aud: 'istio-ca' } },
      sts: { servicePort: 0 },
      tag: tagOf(v.proxyImage),
    },
    pilot: { cni: { enabled: true, provider: 'default' }, env: {} },
    revision: '',
    sidecarInjectorWebhook: {
      alwaysInjectSelector: [],
      defaultTemplates: [],
      enableNamespacesByDefault: false,
      injectedAnnotations: {},
      neverInjectSelector: [],
      reinvocationPolicy: 'Never',
      rewriteAppHTTPProbe: true,
      templates: {},
    },
  };
}
