import { array, boolean, embedded, enumOf, integer, map, number, object, Schema, string } from '../core/schema';

// Shapes of the Istio APIs (istio.io/api) that the spec schemas below repeat.
const strings = () => array(string());
const labels = () => map(string());
const ports = () => map(integer({ minimum: 0, maximum: 4294967295 }));
const port = () => integer({ minimum: 0, maximum: 4294967295 });
const percent = () => object({ value: number({ format: 'double' }) });
const stringMatch = () => object({ exact: string(), prefix: string(), regex: string() });
const portSelector = () => object({ number: port() });
const selector = () => object({ matchLabels: labels() });
const workloadSelector = () => object({ labels: labels() });
const targetRef = () => object({ group: string(), kind: string(), name: string(), namespace: string() }, { required: ['kind', 'name'] });
const targetRefs = () => ({ targetRef: targetRef(), targetRefs: array(targetRef(), { maxItems: 16 }) });
const destination = () => object({ host: string(), subset: string(), port: portSelector() }, { required: ['host'] });
const headerOperations = () => object({ set: map(string()), add: map(string()), remove: strings() });
const headers = () => object({ request: headerOperations(), response: headerOperations() });
const protocolPort = () => object({ number: port(), protocol: string(), name: string(), targetPort: port() });
const oneOfSelectors = (...keys: string[]) => ({
  'x-kubernetes-validations': [{ rule: keys.map((k) => `(has(self.${k}) ? 1 : 0)`).join(' + ') + ' <= 1', message: `only one of ${keys.join(', ')} can be set` }],
});

const TLS_VERSIONS = ['TLS_AUTO', 'TLSV1_0', 'TLSV1_1', 'TLSV1_2', 'TLSV1_3'];
const serverTls = () => object({
  httpsRedirect: boolean(),
  mode: enumOf(['PASSTHROUGH', 'SIMPLE', 'MUTUAL', 'AUTO_PASSTHROUGH', 'ISTIO_MUTUAL', 'OPTIONAL_MUTUAL']),
  serverCertificate: string(), privateKey: string(), caCertificates: string(), caCrl: string(),
  credentialName: string(), credentialNames: strings(), caCertCredentialName: string(),
  tlsCertificates: array(object({ serverCertificate: string(), privateKey: string(), caCertificates: string() })),
  subjectAltNames: strings(), verifyCertificateSpki: strings(), verifyCertificateHash: strings(),
  minProtocolVersion: enumOf(TLS_VERSIONS), maxProtocolVersion: enumOf(TLS_VERSIONS), cipherSuites: strings(),
});

const tcpKeepalive = () => object({ probes: integer({ minimum: 0 }), time: string(), interval: string() });
const connectionPool = () => object({
  tcp: object({ maxConnections: integer({ format: 'int32' }), connectTimeout: string(), tcpKeepalive: tcpKeepalive(), maxConnectionDuration: string(), idleTimeout: string() }),
  http: object({
    http1MaxPendingRequests: integer({ format: 'int32' }), http2MaxRequests: integer({ format: 'int32' }),
    maxRequestsPerConnection: integer({ format: 'int32' }), maxRetries: integer({ format: 'int32' }), idleTimeout: string(),
    h2UpgradePolicy: enumOf(['DEFAULT', 'DO_NOT_UPGRADE', 'UPGRADE']), useClientProtocol: boolean(), maxConcurrentStreams: integer({ format: 'int32' }),
  }),
});
const loadBalancer = () => object({
  simple: enumOf(['UNSPECIFIED', 'LEAST_CONN', 'RANDOM', 'PASSTHROUGH', 'ROUND_ROBIN', 'LEAST_REQUEST']),
  consistentHash: object({
    httpHeaderName: string(), useSourceIp: boolean(), httpQueryParameterName: string(), minimumRingSize: integer({ minimum: 0 }),
    httpCookie: object({ name: string(), path: string(), ttl: string(), attributes: array(object({ name: string(), value: string() })) }, { required: ['name'] }),
    ringHash: object({ minimumRingSize: integer({ minimum: 0 }) }),
    maglev: object({ tableSize: integer({ minimum: 0 }) }),
  }),
  localityLbSetting: object({
    distribute: array(object({ from: string(), to: map(integer({ minimum: 0 })) })),
    failover: array(object({ from: string(), to: string() })),
    failoverPriority: strings(),
    enabled: boolean({ nullable: true }),
  }),
  warmup: object({ duration: string(), minimumPercent: number({ minimum: 0, maximum: 100 }), aggression: number({ minimum: 1 }) }, { required: ['duration'] }),
  warmupDurationSecs: string(),
});
const clientTls = () => object({
  mode: enumOf(['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL']),
  clientCertificate: string(), privateKey: string(), caCertificates: string(), credentialName: string(),
  subjectAltNames: strings(), sni: string(), insecureSkipVerify: boolean({ nullable: true }), caCrl: string(),
});
const trafficPolicyFields = () => ({
  loadBalancer: loadBalancer(),
  connectionPool: connectionPool(),
  outlierDetection: object({
    splitExternalLocalOriginErrors: boolean(), consecutiveLocalOriginFailures: integer({ nullable: true }),
    consecutiveGatewayErrors: integer({ nullable: true, minimum: 0 }), consecutive5xxErrors: integer({ nullable: true, minimum: 0 }),
    consecutiveErrors: integer({ format: 'int32' }), interval: string(), baseEjectionTime: string(),
    maxEjectionPercent: integer({ format: 'int32' }), minHealthPercent: integer({ format: 'int32' }),
  }),
  tls: clientTls(),
  tunnel: object({ protocol: string(), targetHost: string(), targetPort: port() }, { required: ['targetHost', 'targetPort'] }),
  proxyProtocol: object({ version: enumOf(['V1', 'V2']) }),
  retryBudget: object({ percent: number({ minimum: 0, maximum: 100, nullable: true }), minRetryConcurrency: integer({ minimum: 0 }) }),
});
const trafficPolicy = () => object({
  ...trafficPolicyFields(),
  portLevelSettings: array(object({ port: portSelector(), loadBalancer: loadBalancer(), connectionPool: connectionPool(), outlierDetection: trafficPolicyFields().outlierDetection, tls: clientTls() }), { maxItems: 4096 }),
});

export const destinationRuleSpec = object({
  host: string(),
  trafficPolicy: trafficPolicy(),
  subsets: array(object({ name: string(), labels: labels(), trafficPolicy: trafficPolicy() }, { required: ['name'] })),
  exportTo: strings(),
  workloadSelector: selector(),
}, { required: ['host'] });

const httpMatch = () => object({
  name: string(), uri: stringMatch(), scheme: stringMatch(), method: stringMatch(), authority: stringMatch(),
  headers: map(stringMatch()), port: port(), sourceLabels: labels(), gateways: strings(),
  queryParams: map(stringMatch()), ignoreUriCase: boolean(), withoutHeaders: map(stringMatch()),
  sourceNamespace: string(), statPrefix: string(),
});
const l4Match = (extra: Record<string, Schema>) => object({
  destinationSubnets: strings(), port: port(), sourceLabels: labels(), gateways: strings(), sourceNamespace: string(), ...extra,
});
const weighted = (extra: Record<string, Schema> = {}) => array(object({ destination: destination(), weight: integer({ format: 'int32' }), ...extra }, { required: ['destination'] }));

export const virtualServiceSpec = object({
  hosts: strings(),
  gateways: strings(),
  http: array(object({
    name: string(),
    match: array(httpMatch()),
    route: weighted({ headers: headers() }),
    redirect: object({ uri: string(), authority: string(), port: port(), derivePort: enumOf(['FROM_PROTOCOL_DEFAULT', 'FROM_REQUEST_PORT']), scheme: string(), redirectCode: integer({ maximum: 4294967295, minimum: 0 }) }),
    directResponse: object({ status: integer({ minimum: 0 }), body: object({ string: string(), bytes: string({ format: 'binary' }) }) }, { required: ['status'] }),
    delegate: object({ name: string(), namespace: string() }),
    rewrite: object({ uri: string(), authority: string(), uriRegexRewrite: object({ match: string(), rewrite: string() }) }),
    timeout: string(),
    retries: object({ attempts: integer({ format: 'int32' }), perTryTimeout: string(), retryOn: string(), retryRemoteLocalities: boolean({ nullable: true }), retryIgnorePreviousHosts: boolean({ nullable: true }), backoff: string() }),
    fault: object({
      delay: object({ fixedDelay: string(), exponentialDelay: string(), percentage: percent(), percent: integer({ format: 'int32' }) }),
      abort: object({ httpStatus: integer({ format: 'int32' }), grpcStatus: string(), http2Error: string(), percentage: percent() }),
    }),
    mirror: destination(),
    mirrors: array(object({ destination: destination(), percentage: percent() }, { required: ['destination'] })),
    mirrorPercent: integer({ nullable: true }),
    mirrorPercentage: percent(),
    mirror_percent: integer({ nullable: true }),
    corsPolicy: object({
      allowOrigin: strings(), allowOrigins: array(stringMatch()), allowMethods: strings(), allowHeaders: strings(),
      exposeHeaders: strings(), maxAge: string(), allowCredentials: boolean({ nullable: true }),
      unmatchedPreflights: enumOf(['UNSPECIFIED', 'FORWARD', 'IGNORE']),
    }),
    headers: headers(),
  })),
  tls: array(object({ match: array(l4Match({ sniHosts: strings() })), route: weighted() }, { required: ['match'] })),
  tcp: array(object({ match: array(l4Match({ sourceSubnet: string() })), route: weighted() })),
  exportTo: strings(),
});

export const gatewaySpec = object({
  servers: array(object({
    port: object({ number: port(), protocol: string(), name: string(), targetPort: port() }, { required: ['number', 'protocol', 'name'] }),
    bind: string(), hosts: strings(), tls: serverTls(), defaultEndpoint: string(), name: string(),
  }, { required: ['port', 'hosts'] })),
  selector: labels(),
});

export const serviceEntrySpec = object({
  hosts: array(string(), { maxItems: 256, minItems: 1 }),
  addresses: array(string(), { maxItems: 256 }),
  ports: array(object({ number: port(), protocol: string(), name: string(), targetPort: port() }, { required: ['number', 'name'] }), { maxItems: 256 }),
  location: enumOf(['MESH_EXTERNAL', 'MESH_INTERNAL']),
  resolution: enumOf(['NONE', 'STATIC', 'DNS', 'DNS_ROUND_ROBIN', 'DYNAMIC_DNS']),
  endpoints: array(object({ address: string(), ports: ports(), labels: labels(), network: string(), locality: string(), weight: integer({ minimum: 0 }), serviceAccount: string() }), { maxItems: 4096 }),
  workloadSelector: workloadSelector(),
  exportTo: strings(),
  subjectAltNames: strings(),
}, { required: ['hosts'], ...oneOfSelectors('workloadSelector', 'endpoints') });

const workloadEntryFields = () => ({
  address: string({ maxLength: 256 }), ports: ports(), labels: labels(), network: string(), locality: string(),
  weight: integer({ minimum: 0 }), serviceAccount: string(),
});
export const workloadEntrySpec = object(workloadEntryFields(), {
  'x-kubernetes-validations': [{ rule: 'has(self.address) || has(self.network)', message: 'Address is required' }],
});

export const workloadGroupSpec = object({
  metadata: object({ labels: labels(), annotations: map(string()) }),
  template: object(workloadEntryFields()),
  probe: object({
    initialDelaySeconds: integer({ minimum: 0 }), timeoutSeconds: integer({ minimum: 0 }), periodSeconds: integer({ minimum: 0 }),
    successThreshold: integer({ minimum: 0 }), failureThreshold: integer({ minimum: 0 }),
    httpGet: object({ path: string(), port: port(), host: string(), scheme: string(), httpHeaders: array(object({ name: string(), value: string() })) }, { required: ['port'] }),
    tcpSocket: object({ host: string(), port: port() }, { required: ['port'] }),
    exec: object({ command: strings() }, { required: ['command'] }),
    grpc: object({ port: integer(), service: string({ nullable: true }) }),
  }),
}, { required: ['template'] });

const captureMode = () => enumOf(['DEFAULT', 'IPTABLES', 'NONE']);
export const sidecarSpec = object({
  workloadSelector: workloadSelector(),
  ingress: array(object({
    port: protocolPort(), bind: string(), captureMode: captureMode(), defaultEndpoint: string(), tls: serverTls(), connectionPool: connectionPool(),
  }, { required: ['port'] })),
  egress: array(object({ port: protocolPort(), bind: string(), captureMode: captureMode(), hosts: strings() }, { required: ['hosts'] })),
  inboundConnectionPool: connectionPool(),
  outboundTrafficPolicy: object({
    mode: enumOf(['REGISTRY_ONLY', 'ALLOW_ANY']),
    egressProxy: object({ host: string(), subset: string(), port: portSelector() }, { required: ['host'] }),
  }),
});

// EnvoyFilter patches carry raw Envoy configuration, whose schema is Envoy's, not Istio's.
export const envoyFilterSpec = object({
  workloadSelector: workloadSelector(),
  targetRefs: array(targetRef()),
  configPatches: array(object({
    applyTo: enumOf(['INVALID', 'LISTENER', 'FILTER_CHAIN', 'NETWORK_FILTER', 'HTTP_FILTER', 'ROUTE_CONFIGURATION', 'VIRTUAL_HOST', 'HTTP_ROUTE', 'CLUSTER', 'EXTENSION_CONFIG', 'BOOTSTRAP', 'LISTENER_FILTER']),
    match: object({
      context: enumOf(['ANY', 'SIDECAR_INBOUND', 'SIDECAR_OUTBOUND', 'GATEWAY', 'WAYPOINT']),
      proxy: object({ proxyVersion: string(), metadata: map(string()) }),
      listener: object({
        portNumber: port(), portName: string(), name: string(), listenerFilter: string(),
        filterChain: object({
          name: string(), sni: string(), transportProtocol: string(), applicationProtocols: string(), destinationPort: port(),
          filter: object({ name: string(), subFilter: object({ name: string() }) }),
        }),
      }),
      routeConfiguration: object({
        portNumber: port(), portName: string(), gateway: string(), name: string(),
        vhost: object({ name: string(), domainName: string(), route: object({ name: string(), action: enumOf(['ANY', 'ROUTE', 'REDIRECT', 'DIRECT_RESPONSE']) }) }),
      }),
      cluster: object({ portNumber: port(), service: string(), subset: string(), name: string() }),
      waypoint: object({ portNumber: port(), filter: object({ name: string(), subFilter: object({ name: string() }) }), route: object({ name: string() }) }),
    }),
    patch: object({
      operation: enumOf(['INVALID', 'MERGE', 'ADD', 'REMOVE', 'INSERT_BEFORE', 'INSERT_AFTER', 'INSERT_FIRST', 'REPLACE']),
      value: embedded(),
      filterClass: enumOf(['UNSPECIFIED', 'AUTHN', 'AUTHZ', 'STATS']),
    }),
  })),
  priority: integer({ format: 'int32' }),
}, oneOfSelectors('workloadSelector', 'targetRefs'));

export const proxyConfigSpec = object({
  selector: selector(),
  concurrency: integer({ format: 'int32', minimum: 0, nullable: true }),
  environmentVariables: map(string({ maxLength: 2048 })),
  image: object({ imageType: string() }),
});

const ruleStrings = (...names: string[]) => Object.fromEntries(names.flatMap((n) => [[n, strings()], [`not${n[0].toUpperCase()}${n.slice(1)}`, strings()]]));
export const authorizationPolicySpec = object({
  selector: selector(),
  ...targetRefs(),
  rules: array(object({
    from: array(object({ source: object(ruleStrings('principals', 'requestPrincipals', 'namespaces', 'serviceAccounts', 'ipBlocks', 'remoteIpBlocks')) })),
    to: array(object({ operation: object(ruleStrings('hosts', 'ports', 'methods', 'paths')) })),
    when: array(object({ key: string(), values: strings(), notValues: strings() }, { required: ['key'] })),
  }), { maxItems: 512 }),
  action: enumOf(['ALLOW', 'DENY', 'AUDIT', 'CUSTOM']),
  // The extension provider (mesh config `extensionProviders`) of a CUSTOM action, e.g. oauth2-proxy.
  provider: object({ name: string() }),
}, oneOfSelectors('selector', 'targetRef', 'targetRefs'));

const mtlsMode = () => object({ mode: enumOf(['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT']) });
export const peerAuthenticationSpec = object({
  selector: selector(),
  mtls: mtlsMode(),
  portLevelMtls: map(mtlsMode()),
});

export const requestAuthenticationSpec = object({
  selector: selector(),
  ...targetRefs(),
  jwtRules: array(object({
    issuer: string({ minLength: 1 }), audiences: strings(), jwksUri: string({ maxLength: 2048, minLength: 1 }), jwks_uri: string({ maxLength: 2048, minLength: 1 }),
    jwks: string(), fromHeaders: array(object({ name: string({ minLength: 1 }), prefix: string() }, { required: ['name'] })),
    fromParams: strings(), outputPayloadToHeader: string(), fromCookies: strings(), forwardOriginalToken: boolean(),
    outputClaimToHeaders: array(object({ header: string(), claim: string({ minLength: 1 }) })), timeout: string(), spaceDelimitedClaims: strings(),
  }, { required: ['issuer'] }), { maxItems: 4096 }),
}, oneOfSelectors('selector', 'targetRef', 'targetRefs'));

const workloadMode = () => enumOf(['CLIENT_AND_SERVER', 'CLIENT', 'SERVER']);
const providers = () => array(object({ name: string({ minLength: 1 }) }, { required: ['name'] }));
export const telemetrySpec = object({
  selector: selector(),
  ...targetRefs(),
  tracing: array(object({
    match: object({ mode: workloadMode() }), providers: providers(), randomSamplingPercentage: number({ nullable: true, minimum: 0, maximum: 100 }),
    disableSpanReporting: boolean({ nullable: true }), useRequestIdForTraceSampling: boolean({ nullable: true }), enableIstioTags: boolean({ nullable: true }),
    customTags: map(object({
      literal: object({ value: string({ minLength: 1 }) }, { required: ['value'] }),
      environment: object({ name: string({ minLength: 1 }), defaultValue: string() }, { required: ['name'] }),
      header: object({ name: string({ minLength: 1 }), defaultValue: string() }, { required: ['name'] }),
      formatter: object({ value: string({ minLength: 1 }) }, { required: ['value'] }),
    })),
  })),
  metrics: array(object({
    providers: providers(),
    overrides: array(object({
      match: object({ metric: enumOf(['ALL_METRICS', 'REQUEST_COUNT', 'REQUEST_DURATION', 'REQUEST_SIZE', 'RESPONSE_SIZE', 'TCP_OPENED_CONNECTIONS', 'TCP_CLOSED_CONNECTIONS', 'TCP_SENT_BYTES', 'TCP_RECEIVED_BYTES', 'GRPC_REQUEST_MESSAGES', 'GRPC_RESPONSE_MESSAGES']), customMetric: string({ minLength: 1 }), mode: workloadMode() }),
      disabled: boolean({ nullable: true }),
      tagOverrides: map(object({ operation: enumOf(['UPSERT', 'REMOVE']), value: string() })),
    })),
    reportingInterval: string(),
  })),
  accessLogging: array(object({ match: object({ mode: workloadMode() }), providers: providers(), disabled: boolean({ nullable: true }), filter: object({ expression: string() }) })),
});

export const wasmPluginSpec = object({
  selector: selector(),
  ...targetRefs(),
  url: string({ minLength: 1 }),
  sha256: string({ pattern: '(^$|^[a-f0-9]{64}$)' }),
  verificationKey: string(),
  imagePullPolicy: enumOf(['UNSPECIFIED_POLICY', 'IfNotPresent', 'Always']),
  imagePullSecret: string({ maxLength: 253, minLength: 1 }),
  // The plugin's own configuration, whose shape only the plugin knows.
  pluginConfig: embedded(),
  pluginName: string({ maxLength: 256, minLength: 1 }),
  phase: enumOf(['UNSPECIFIED_PHASE', 'AUTHN', 'AUTHZ', 'STATS']),
  priority: integer({ nullable: true }),
  failStrategy: enumOf(['FAIL_CLOSE', 'FAIL_OPEN', 'FAIL_RELOAD']),
  vmConfig: object({ env: array(object({ name: string({ minLength: 1 }), value: string({ maxLength: 2048 }), valueFrom: enumOf(['INLINE', 'HOST']) }, { required: ['name'] }), { maxItems: 256 }) }),
  match: array(object({ mode: enumOf(['UNDEFINED', 'CLIENT', 'SERVER', 'CLIENT_AND_SERVER']), ports: array(object({ number: integer({ minimum: 1, maximum: 65535 }) }, { required: ['number'] })) })),
  type: enumOf(['UNSPECIFIED_PLUGIN_TYPE', 'HTTP', 'NETWORK']),
}, { required: ['url'], ...oneOfSelectors('selector', 'targetRef', 'targetRefs') });

/** `status` of every Istio resource, written by istiod (conditions, analyzer messages) and kept as written. */
export const istioStatus = (): Schema => embedded();
