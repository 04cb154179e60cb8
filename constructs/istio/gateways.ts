import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ImageResolver } from '../core/images';
import { authorizationPolicy } from '../core/mesh-policy';
import { restrictedContainer, restrictedPod } from '../core/security';
import { Sizing } from '../core/sizing';
import { fromField } from '../core/env';
import { deployment } from '../core/workload';
import { cpuAutoscaler, ISTIO_ROLLOUT } from './istiod';
import { ISTIOD_ADDRESS, TRUST_DOMAIN } from './mesh';
import { istioLabels, ISTIO_NAMESPACE } from './names';
import { gatewayRbac } from './rbac';

const ns = ISTIO_NAMESPACE;
const int = (n: number) => k8s.IntOrString.fromNumber(n);

/** One port of a gateway: where the Service listens and where Envoy does. */
export interface GatewayPort {
  readonly name: string;
  readonly port: number;
  readonly targetPort: number;
}

export interface IstioGatewayProps {
  readonly images: ImageResolver;
  readonly sizing: Sizing;
  readonly chartVersion: string;
  /** Deployment and Service name. */
  readonly name: string;
  /** Value of the `istio` label, which Gateways select. */
  readonly istio: string;
  readonly serviceAccountName: string;
  readonly ports: readonly GatewayPort[];
  /** The status port Envoy's readiness endpoint listens on, as the Service exposes it. */
  readonly statusPort: GatewayPort;
  /** @default "ClusterIP" */
  readonly serviceType?: string;
  /** @default none */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
  /** Fixed node ports by port name, for NodePort and LoadBalancer Services. @default assigned by Kubernetes */
  readonly nodePorts?: Readonly<Record<string, number | undefined>>;
  /** Environment set before the common proxy environment. @default none */
  readonly env?: readonly k8s.EnvVar[];
  /** Write `protocol: TCP` on the Service ports, as upstream's ingress gateway does. @default false */
  readonly explicitProtocol?: boolean;
}

/**
 * An Envoy gateway Deployment of Istio's `istio-ingress` chart: the ingress gateway and
 * the cluster-local gateway are both instances.
 */
export class IstioGateway extends Construct {
  constructor(scope: Construct, id: string, props: IstioGatewayProps) {
    super(scope, id);
    const { name } = props;
    const selector = { app: name, istio: props.istio };
    const labels = istioLabels('istio-ingress', 'istio-ingressgateway', props.chartVersion, { operator: 'IngressGateways', extra: selector });
    gatewayRbac(this, name, props.serviceAccountName, labels);

    const protocol = props.explicitProtocol ? { protocol: 'TCP' } : {};
    new k8s.KubeService(this, 'Service', {
      metadata: { name, namespace: ns, labels, ...(props.serviceAnnotations && Object.keys(props.serviceAnnotations).length ? { annotations: { ...props.serviceAnnotations } } : {}) },
      spec: {
        ports: [props.statusPort, ...props.ports].map((p) => {
          const nodePort = props.serviceType && props.serviceType !== 'ClusterIP' ? props.nodePorts?.[p.name] : undefined;
          return { name: p.name, port: p.port, ...protocol, targetPort: int(p.targetPort), ...(nodePort ? { nodePort } : {}) };
        }),
        selector,
        type: props.serviceType ?? 'ClusterIP',
      },
    });

    const podLabels = {
      ...labels,
      chart: 'gateways',
      heritage: 'Tiller',
      'istio.io/dataplane-mode': 'none',
      'service.istio.io/canonical-name': name,
      'service.istio.io/canonical-revision': 'latest',
      'sidecar.istio.io/inject': 'false',
    };
    deployment(this, {
      id: 'Deployment',
      name,
      namespace: ns,
      labels: { ...labels, 'istio.io/dataplane-mode': 'none' },
      selector,
      podLabels,
      podAnnotations: {
        'istio.io/rev': 'default',
        'prometheus.io/path': '/stats/prometheus',
        'prometheus.io/port': '15020',
        'prometheus.io/scrape': 'true',
        'sidecar.istio.io/inject': 'false',
      },
      strategy: ISTIO_ROLLOUT,
      serviceAccount: props.serviceAccountName,
      podSecurity: restrictedPod({ runAsUser: 1337, runAsGroup: 1337 }),
      containers: [{
        name: 'istio-proxy',
        image: props.images.ref('istio/proxyv2'),
        args: ['proxy', 'router', '--domain', '$(POD_NAMESPACE).svc.cluster.local', '--proxyLogLevel=warning', '--proxyComponentLogLevel=misc:error', '--log_output_level=default:info'],
        env: [
          ...(props.env ?? []),
          { name: 'PILOT_CERT_PROVIDER', value: 'istiod' },
          { name: 'CA_ADDR', value: ISTIOD_ADDRESS },
          fromField('NODE_NAME', 'spec.nodeName', 'v1'),
          fromField('POD_NAME', 'metadata.name', 'v1'),
          fromField('POD_NAMESPACE', 'metadata.namespace', 'v1'),
          fromField('INSTANCE_IP', 'status.podIP', 'v1'),
          fromField('HOST_IP', 'status.hostIP', 'v1'),
          { name: 'ISTIO_CPU_LIMIT', valueFrom: { resourceFieldRef: { divisor: k8s.Quantity.fromString('1'), resource: 'limits.cpu' } } },
          fromField('SERVICE_ACCOUNT', 'spec.serviceAccountName'),
          { name: 'ISTIO_META_WORKLOAD_NAME', value: name },
          { name: 'ISTIO_META_OWNER', value: `kubernetes://apis/apps/v1/namespaces/${ns}/deployments/${name}` },
          { name: 'ISTIO_META_MESH_ID', value: TRUST_DOMAIN },
          { name: 'TRUST_DOMAIN', value: TRUST_DOMAIN },
          { name: 'ISTIO_META_UNPRIVILEGED_POD', value: 'true' },
          { name: 'ISTIO_META_CLUSTER_ID', value: 'Kubernetes' },
          fromField('ISTIO_META_NODE_NAME', 'spec.nodeName'),
        ],
        ports: [
          ...[props.statusPort, ...props.ports].map((p) => ({ containerPort: p.targetPort, protocol: 'TCP' })),
          { containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' },
        ],
        readinessProbe: {
          httpGet: { path: '/healthz/ready', port: int(15021), scheme: 'HTTP' },
          failureThreshold: 30, initialDelaySeconds: 1, periodSeconds: 2, successThreshold: 1, timeoutSeconds: 1,
        },
        resources: props.sizing.resources('medium', `${name}/istio-proxy`),
        securityContext: { ...restrictedContainer(), privileged: false },
        volumeMounts: [
          { mountPath: '/var/run/secrets/workload-spiffe-uds', name: 'workload-socket' },
          { mountPath: '/var/run/secrets/credential-uds', name: 'credential-socket' },
          { mountPath: '/var/run/secrets/workload-spiffe-credentials', name: 'workload-certs' },
          { mountPath: '/etc/istio/proxy', name: 'istio-envoy' },
          { mountPath: '/etc/istio/config', name: 'config-volume' },
          { mountPath: '/var/run/secrets/istio', name: 'istiod-ca-cert' },
          { mountPath: '/var/run/secrets/tokens', name: 'istio-token', readOnly: true },
          { mountPath: '/var/lib/istio/data', name: 'istio-data' },
          { mountPath: '/etc/istio/pod', name: 'podinfo' },
          { mountPath: '/etc/istio/ingressgateway-certs', name: 'ingressgateway-certs', readOnly: true },
          { mountPath: '/etc/istio/ingressgateway-ca-certs', name: 'ingressgateway-ca-certs', readOnly: true },
        ],
      }],
      volumes: [
        { name: 'workload-socket', emptyDir: {} },
        { name: 'credential-socket', emptyDir: {} },
        { name: 'workload-certs', emptyDir: {} },
        { name: 'istiod-ca-cert', configMap: { name: 'istio-ca-root-cert' } },
        { name: 'podinfo', downwardApi: { items: [{ fieldRef: { fieldPath: 'metadata.labels' }, path: 'labels' }, { fieldRef: { fieldPath: 'metadata.annotations' }, path: 'annotations' }] } },
        { name: 'istio-envoy', emptyDir: {} },
        { name: 'istio-data', emptyDir: {} },
        { name: 'istio-token', projected: { sources: [{ serviceAccountToken: { audience: 'istio-ca', expirationSeconds: 43200, path: 'istio-token' } }] } },
        { name: 'config-volume', configMap: { name: 'istio', optional: true } },
        // Legacy file-mounted certificates; current gateways read credentialName Secrets over SDS.
        { name: 'ingressgateway-certs', secret: { secretName: 'istio-ingressgateway-certs', optional: true } },
        { name: 'ingressgateway-ca-certs', secret: { secretName: 'istio-ingressgateway-ca-certs', optional: true } },
      ],
    });
    cpuAutoscaler(this, name, props.sizing.replicas, labels);
  }
}

/** An Istio Gateway serving plain HTTP on port 80 for any host, as upstream's gateways do. */
export function httpGateway(scope: Construct, namespace: string, name: string, selector: Record<string, string>, labels?: Record<string, string>): ApiObject {
  return new ApiObject(scope, `Gateway-${namespace}-${name}`, {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: { name, namespace, ...(labels ? { labels } : {}) },
    spec: { selector, servers: [{ hosts: ['*'], port: { name: 'http', number: 80, protocol: 'HTTP' } }] },
  });
}

/** Lets every request reach a gateway's pods past the mesh-wide deny; routes decide the rest. */
export function allowAllPolicy(scope: Construct, name: string, matchLabels: Record<string, string>): ApiObject {
  return authorizationPolicy(scope, `AuthorizationPolicy-${name}`, { name, namespace: ns }, { action: 'ALLOW', rules: [{}], selector: { matchLabels } }, 'v1');
}
