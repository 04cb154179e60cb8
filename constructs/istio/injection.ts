import { k8s } from 'cdk8s-plus-28';
import { Scalar, stringify } from 'yaml';
import { restrictedContainer } from '../core/security';
import type { Sizing } from '../core/sizing';
import { fromField } from '../core/env';
import { ISTIOD_ADDRESS, TRUST_DOMAIN } from './mesh';

/**
 * Istio's sidecar injection templates. Each is the Go template istiod renders into a patch
 * of the pod it injects. Everything fixed at install time (image, resources, ports) is
 * written in from TypeScript; only what depends on the pod stays a template expression.
 * Expressions use backtick literals so they survive YAML double quoting.
 */

/** Plain-string requests and limits, as they go into a template. */
export interface PlainResources {
  readonly requests: Readonly<Record<string, string>>;
  readonly limits?: Readonly<Record<string, string>>;
}

/** Resource requirements with quantities written as strings, for templates and Helm values. */
export function plainResources(r: k8s.ResourceRequirements): PlainResources {
  const plain = (m?: Record<string, k8s.Quantity>) => Object.fromEntries(Object.entries(m ?? {}).map(([k, q]) => [k, String(q.value)]));
  return { requests: plain(r.requests), ...(r.limits ? { limits: plain(r.limits) } : {}) };
}

/** What injection adds to each meshed pod: the proxy and the `istio-validation` init container. */
export interface InjectedResources {
  /** The `istio-proxy` sidecar, unless the pod's `sidecar.istio.io/proxy*` annotations say otherwise. */
  readonly proxy: PlainResources;
  readonly init: PlainResources;
}

/**
 * The resources of the injected containers for a sizing preset: the one home of these
 * numbers, which istiod's templates are written from and `footprint` counts.
 */
export function injectedResources(sizing: Sizing): InjectedResources {
  return {
    proxy: plainResources(sizing.resources('small', 'istio-sidecar-injector/proxy')),
    init: plainResources(sizing.resources('tiny', 'istio-sidecar-injector/proxy_init')),
  };
}

export interface InjectionProps {
  /** The proxy image (`istio/proxyv2`), through the mirror. */
  readonly proxyImage: string;
  /** Requests of an injected proxy, unless the pod's annotations set its own. */
  readonly proxyResources: PlainResources;
  /** Requests of the `istio-validation` init container. */
  readonly initResources: PlainResources;
}

const STATUS_PORT = 15020;
const HEALTH_PORT = 15021;

/** A pod annotation's value, or `fallback` when the pod has none. */
const ann = (key: string, fallback: string | number): string => `{{ annotation .ObjectMeta \`${key}\` \`${fallback}\` }}`;
/** A pod label's value, else the first non-empty fallback expression. */
const label = (key: string, fallbacks: readonly string[], filters = ''): string =>
  `{{ index .ObjectMeta.Labels \`${key}\` ${fallbacks.map((f) => `| default ${f}`).join(' ')}${filters} }}`;
const labelOf = (key: string) => `(index .ObjectMeta.Labels \`${key}\`)`;
const block = (text: string): Scalar => Object.assign(new Scalar(`${text}\n`), { type: Scalar.BLOCK_LITERAL });
const resource = (name: string, res: string) => ({ name, valueFrom: { resourceFieldRef: { resource: res, divisor: '1' } } });

// Template variables: the proxy image (double-quoted here, outside YAML, so the reference stands
// alone in the text), and the pod's own containers for the default-container annotations.
const header = (proxyImage: string): string => [
  `{{- $proxyImage := ${JSON.stringify(proxyImage)} }}`,
  '{{- $containers := list }}',
  '{{- range $index, $container := .Spec.Containers }}{{ if not (eq $container.Name `istio-proxy`) }}{{ $containers = append $containers $container.Name }}{{ end }}{{- end }}',
].join('\n');
const IMAGE = '{{ annotation .ObjectMeta `sidecar.istio.io/proxyImage` $proxyImage }}';

const POD_PORTS = '[{{- $first := true }}{{- range $c := .Spec.Containers }}{{- range $p := $c.Ports }}{{- if not $first }},{{ end }}{{ structToJSON $p }}{{- $first = false }}{{- end }}{{- end }}]';
const INTERCEPTION = '{{ annotation .ObjectMeta `sidecar.istio.io/interceptionMode` .ProxyConfig.InterceptionMode }}';
const EXCLUDE_INBOUND = `{{ excludeInboundPort (annotation .ObjectMeta \`status.sidecar.istio.io/port\` \`${STATUS_PORT}\`) (annotation .ObjectMeta \`traffic.sidecar.istio.io/excludeInboundPorts\` \`\`) }}`;
const OWNER = '{{ if and .TypeMeta.APIVersion .DeploymentMeta.Name }}kubernetes://apis/{{ .TypeMeta.APIVersion }}/namespaces/{{ valueOrDefault .DeploymentMeta.Namespace `default` }}/{{ toLower .TypeMeta.Kind }}s/{{ .DeploymentMeta.Name }}{{ end }}';

function canonicalLabels(): Record<string, string> {
  return {
    'service.istio.io/canonical-name': label('service.istio.io/canonical-name', [labelOf('app.kubernetes.io/name'), labelOf('app'), '.DeploymentMeta.Name'], ' | trunc 63 | trimSuffix `-`'),
    'service.istio.io/canonical-revision': label('service.istio.io/canonical-revision', [labelOf('app.kubernetes.io/version'), labelOf('version'), '`latest`']),
  };
}

// The first app container; a gateway pod has none but the proxy (`index` would fail the
// injection, and so the pod's admission).
function defaultContainerAnnotations(): Record<string, string> {
  return Object.fromEntries(['kubectl.kubernetes.io/default-logs-container', 'kubectl.kubernetes.io/default-container']
    .map((k) => [k, `{{ annotation .ObjectMeta \`${k}\` ($containers | first | default \`istio-proxy\`) }}`]));
}

function proxyEnv(): unknown[] {
  return [
    { name: 'PILOT_CERT_PROVIDER', value: 'istiod' },
    { name: 'CA_ADDR', value: ISTIOD_ADDRESS },
    fromField('POD_NAME', 'metadata.name'),
    fromField('POD_NAMESPACE', 'metadata.namespace'),
    fromField('INSTANCE_IP', 'status.podIP'),
    fromField('SERVICE_ACCOUNT', 'spec.serviceAccountName'),
    fromField('HOST_IP', 'status.hostIP'),
    resource('ISTIO_CPU_LIMIT', 'limits.cpu'),
    { name: 'PROXY_CONFIG', value: block('{{ protoToJSON .ProxyConfig }}') },
    { name: 'ISTIO_META_POD_PORTS', value: block(POD_PORTS) },
    { name: 'ISTIO_META_APP_CONTAINERS', value: '{{ $containers | join `,` }}' },
    resource('GOMEMLIMIT', 'limits.memory'),
    resource('GOMAXPROCS', 'limits.cpu'),
    { name: 'ISTIO_META_CLUSTER_ID', value: 'Kubernetes' },
    fromField('ISTIO_META_NODE_NAME', 'spec.nodeName'),
    { name: 'ISTIO_META_INTERCEPTION_MODE', value: INTERCEPTION },
    { name: 'ISTIO_META_WORKLOAD_NAME', value: '{{ index .ObjectMeta.Labels `service.istio.io/workload-name` | default .DeploymentMeta.Name }}' },
    { name: 'ISTIO_META_OWNER', value: OWNER },
    { name: 'ISTIO_META_MESH_ID', value: TRUST_DOMAIN },
    { name: 'TRUST_DOMAIN', value: TRUST_DOMAIN },
  ];
}

const probe = (extra: Record<string, number>) => ({ httpGet: { path: '/healthz/ready', port: HEALTH_PORT }, timeoutSeconds: 3, ...extra });

function proxyContainer(p: InjectionProps, mode: 'sidecar' | 'router'): Record<string, unknown> {
  const r = p.proxyResources;
  return {
    name: 'istio-proxy',
    image: IMAGE,
    ...(mode === 'sidecar' ? { restartPolicy: 'Always' } : {}),
    ports: [{ containerPort: 15090, protocol: 'TCP', name: 'http-envoy-prom' }],
    args: [
      'proxy', mode, '--domain', '$(POD_NAMESPACE).svc.cluster.local',
      `--proxyLogLevel=${ann('sidecar.istio.io/logLevel', 'warning')}`,
      `--proxyComponentLogLevel=${ann('sidecar.istio.io/componentLogLevel', 'misc:error')}`,
      `--log_output_level=${ann('sidecar.istio.io/agentLogLevel', 'default:info')}`,
    ],
    // A native sidecar stops after the app; draining first lets in-flight requests finish.
    ...(mode === 'sidecar'
      ? { lifecycle: { preStop: { exec: { command: ['pilot-agent', 'request', `--debug-port=${ann('status.sidecar.istio.io/port', STATUS_PORT)}`, 'POST', 'drain'] } } } }
      : {}),
    env: proxyEnv(),
    ...(mode === 'sidecar' ? { startupProbe: probe({ initialDelaySeconds: 0, periodSeconds: 1, failureThreshold: 600 }) } : {}),
    readinessProbe: probe({ initialDelaySeconds: 0, periodSeconds: 15, failureThreshold: 4 }),
    securityContext: { ...restrictedContainer({ runAsUser: 1337, runAsGroup: 1337 }), privileged: false },
    resources: {
      requests: { cpu: ann('sidecar.istio.io/proxyCPU', r.requests.cpu), memory: ann('sidecar.istio.io/proxyMemory', r.requests.memory) },
      ...(r.limits?.memory ? { limits: { memory: ann('sidecar.istio.io/proxyMemoryLimit', r.limits.memory) } } : {}),
    },
    volumeMounts: [
      { name: 'workload-socket', mountPath: '/var/run/secrets/workload-spiffe-uds' },
      { name: 'credential-socket', mountPath: '/var/run/secrets/credential-uds' },
      { name: 'workload-certs', mountPath: '/var/run/secrets/workload-spiffe-credentials' },
      { name: 'istiod-ca-cert', mountPath: '/var/run/secrets/istio' },
      { name: 'istio-ca-crl', mountPath: '/var/run/secrets/istio/crl' },
      { name: 'istio-data', mountPath: '/var/lib/istio/data' },
      // SDS channel between the agent and Envoy.
      { name: 'istio-envoy', mountPath: '/etc/istio/proxy' },
      { name: 'istio-token', mountPath: '/var/run/secrets/tokens' },
      { name: 'istio-podinfo', mountPath: '/etc/istio/pod' },
    ],
  };
}

// With the CNI plugin redirecting traffic, the init container only checks that the redirect works.
function validationContainer(p: InjectionProps): Record<string, unknown> {
  return {
    name: 'istio-validation',
    image: IMAGE,
    args: [
      'istio-iptables', '-p', '15001', '-z', '15006', '-u', '1337', '-m', INTERCEPTION,
      '-i', ann('traffic.sidecar.istio.io/includeOutboundIPRanges', '*'),
      '-x', ann('traffic.sidecar.istio.io/excludeOutboundIPRanges', ''),
      '-b', ann('traffic.sidecar.istio.io/includeInboundPorts', '*'),
      '-d', `15090,15021,${EXCLUDE_INBOUND}`,
      `--log_output_level=${ann('sidecar.istio.io/agentLogLevel', 'default:info')}`,
      '--run-validation', '--skip-rule-apply',
    ],
    resources: { requests: { ...p.initResources.requests }, ...(p.initResources.limits ? { limits: { ...p.initResources.limits } } : {}) },
    securityContext: { ...restrictedContainer({ runAsUser: 1337, runAsGroup: 1337 }), privileged: false },
  };
}

function proxyVolumes(): unknown[] {
  return [
    { name: 'workload-socket', emptyDir: {} },
    { name: 'credential-socket', emptyDir: {} },
    { name: 'workload-certs', emptyDir: {} },
    { name: 'istio-envoy', emptyDir: { medium: 'Memory' } },
    { name: 'istio-data', emptyDir: {} },
    { name: 'istio-podinfo', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' } }] } },
    { name: 'istio-token', projected: { sources: [{ serviceAccountToken: { path: 'istio-token', expirationSeconds: 43200, audience: 'istio-ca' } }] } },
    { name: 'istiod-ca-cert', configMap: { name: 'istio-ca-root-cert' } },
    { name: 'istio-ca-crl', configMap: { name: 'istio-ca-crl', optional: true } },
  ];
}

function render(p: InjectionProps, patch: Record<string, unknown>): string {
  return `${header(p.proxyImage)}\n${stringify(patch, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 0 })}`;
}

/** `sidecar`: a native-sidecar proxy for app pods, with traffic redirected by the CNI plugin. */
export function sidecarTemplate(p: InjectionProps): string {
  return render(p, {
    metadata: {
      labels: { 'security.istio.io/tlsMode': label('security.istio.io/tlsMode', ['`istio`']), ...canonicalLabels() },
      annotations: {
        'istio.io/rev': '{{ .Revision | default `default` }}',
        ...defaultContainerAnnotations(),
        // The CNI plugin reads the redirect settings from these.
        'sidecar.istio.io/interceptionMode': INTERCEPTION,
        'traffic.sidecar.istio.io/includeOutboundIPRanges': ann('traffic.sidecar.istio.io/includeOutboundIPRanges', '*'),
        'traffic.sidecar.istio.io/excludeOutboundIPRanges': ann('traffic.sidecar.istio.io/excludeOutboundIPRanges', ''),
        'traffic.sidecar.istio.io/includeInboundPorts': ann('traffic.sidecar.istio.io/includeInboundPorts', '*'),
        'traffic.sidecar.istio.io/excludeInboundPorts': EXCLUDE_INBOUND,
        'traffic.sidecar.istio.io/includeOutboundPorts': ann('traffic.sidecar.istio.io/includeOutboundPorts', ''),
        'traffic.sidecar.istio.io/excludeOutboundPorts': ann('traffic.sidecar.istio.io/excludeOutboundPorts', ''),
      },
    },
    spec: { initContainers: [validationContainer(p), proxyContainer(p, 'sidecar')], volumes: proxyVolumes() },
  });
}

/** `gateway`: the proxy of a gateway Deployment that asks for injection (`inject.istio.io/templates: gateway`). */
export function gatewayTemplate(p: InjectionProps): string {
  return render(p, {
    metadata: {
      labels: canonicalLabels(),
      annotations: { 'istio.io/rev': '{{ .Revision | default `default` }}', ...defaultContainerAnnotations() },
    },
    spec: {
      // Lets Envoy bind ports 80 and 443 without root.
      securityContext: { sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] },
      containers: [proxyContainer(p, 'router')],
      volumes: proxyVolumes(),
    },
  });
}

/** The injector's `config`: which template applies by default, and the templates. */
export function injectorConfig(p: InjectionProps): string {
  return stringify({
    defaultTemplates: ['sidecar'],
    policy: 'enabled',
    alwaysInjectSelector: [],
    neverInjectSelector: [],
    injectedAnnotations: {},
    // An istiod too old for per-template config fails loudly on this instead of injecting wrongly.
    template: '{{ Template_Version_And_Istio_Version_Mismatched_Check_Installation }}',
    templates: { sidecar: sidecarTemplate(p), gateway: gatewayTemplate(p) },
  }, { lineWidth: 0 }).trimEnd();
}
