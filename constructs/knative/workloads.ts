import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ImageResolver } from '../core/images';
import { restrictedContainer } from '../core/security';
import { deployment } from '../core/workload';
import { ResourceClass, Sizing } from '../core/sizing';
import { env, fromField } from '../core/env';
import { KNATIVE_NAMESPACE, NET_ISTIO } from './names';

type Labels = (component?: string, extra?: Record<string, string>) => Record<string, string>;
const int = k8s.IntOrString.fromNumber;
const str = k8s.IntOrString.fromString;

const CONFIG_ENV = [env('CONFIG_LOGGING_NAME', 'config-logging'), env('CONFIG_OBSERVABILITY_NAME', 'config-observability')];
const port = (name: string, containerPort: number): k8s.ContainerPort => ({ name, containerPort });
const BASE_PORTS = [port('metrics', 9090), port('profiling', 8008)];
const healthProbes = (): Pick<k8s.Container, 'livenessProbe' | 'readinessProbe'> => ({
  livenessProbe: { httpGet: { path: '/health', port: str('probes'), scheme: 'HTTP' }, periodSeconds: 5, failureThreshold: 6 },
  readinessProbe: { httpGet: { path: '/readiness', port: str('probes'), scheme: 'HTTP' }, periodSeconds: 5, failureThreshold: 3 },
});
const webhookProbes = (readinessFailure?: number): Pick<k8s.Container, 'livenessProbe' | 'readinessProbe'> => ({
  livenessProbe: { httpGet: { port: int(8443), scheme: 'HTTPS' }, initialDelaySeconds: 20, periodSeconds: 10, failureThreshold: 6 },
  readinessProbe: { httpGet: { port: int(8443), scheme: 'HTTPS' }, periodSeconds: 1, ...(readinessFailure ? { failureThreshold: readinessFailure } : {}) },
});

interface Server {
  readonly name: string;
  readonly component: string;
  readonly container: string;
  readonly image: string;
  readonly selector: Record<string, string>;
  readonly serviceAccount: 'activator' | 'controller';
  readonly env: k8s.EnvVar[];
  readonly ports: k8s.ContainerPort[];
  readonly probes: Pick<k8s.Container, 'livenessProbe' | 'readinessProbe'>;
  readonly size: ResourceClass;
  readonly antiAffinity?: boolean;
  readonly extraLabels?: Record<string, string>;
  readonly spec?: Partial<k8s.PodSpec>;
  readonly deployment?: Partial<k8s.DeploymentSpec>;
}

export interface KnativeWorkloadOptions {
  readonly images: ImageResolver;
  readonly sizing: Sizing;
  /** Knative before 1.19 names its metrics domain in env. */
  readonly metricsDomainEnv: boolean;
}

/** The Knative Serving and net-istio servers: Deployments, Services, HPAs and PDBs. */
export function knativeWorkloads(scope: Construct, labels: Labels, o: KnativeWorkloadOptions): void {
  const ns = KNATIVE_NAMESPACE;
  const metrics = (domain: string) => (o.metricsDomainEnv ? [env('METRICS_DOMAIN', domain)] : []);
  // Knative's controllers elect leaders by default (config-leader-election), so extra replicas
  // take over at once; the webhooks serve on every replica.
  const leaders = o.sizing.controllerReplicas > 1 ? { replicas: o.sizing.controllerReplicas } : undefined;
  const servers: Server[] = [
    {
      name: 'activator', component: 'activator', container: 'activator', image: o.images.ref('knative/activator'), size: 'medium',
      selector: { app: 'activator', role: 'activator' }, serviceAccount: 'activator', antiAffinity: true,
      env: [env('GOGC', '500'), fromField('POD_NAME', 'metadata.name'), fromField('POD_IP', 'status.podIP'), fromField('SYSTEM_NAMESPACE', 'metadata.namespace'), ...CONFIG_ENV, ...metrics('knative.dev/internal/serving')],
      ports: [...BASE_PORTS, port('http1', 8012), port('h2c', 8013)],
      probes: {
        livenessProbe: { httpGet: { port: int(8012) }, initialDelaySeconds: 15, periodSeconds: 10, failureThreshold: 12 },
        readinessProbe: { httpGet: { port: int(8012) }, periodSeconds: 5, failureThreshold: 5 },
      },
      // Long grace: in-flight requests of scaled-to-zero services drain through the activator.
      spec: { terminationGracePeriodSeconds: 600 },
    },
    {
      name: 'autoscaler', component: 'autoscaler', container: 'autoscaler', image: o.images.ref('knative/autoscaler'), size: 'medium',
      selector: { app: 'autoscaler' }, serviceAccount: 'controller', antiAffinity: true,
      env: [fromField('POD_NAME', 'metadata.name'), fromField('POD_IP', 'status.podIP'), fromField('SYSTEM_NAMESPACE', 'metadata.namespace'), ...CONFIG_ENV, ...metrics('knative.dev/serving')],
      ports: [...BASE_PORTS, port('websocket', 8080)],
      probes: { livenessProbe: { httpGet: { port: int(8080) }, failureThreshold: 6 }, readinessProbe: { httpGet: { port: int(8080) } } },
      deployment: { replicas: o.sizing.controllerReplicas, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: int(0) } } },
    },
    {
      name: 'controller', component: 'controller', container: 'controller', image: o.images.ref('knative/controller'), size: 'medium',
      selector: { app: 'controller' }, serviceAccount: 'controller', antiAffinity: true,
      env: [fromField('POD_NAME', 'metadata.name'), fromField('SYSTEM_NAMESPACE', 'metadata.namespace'), ...CONFIG_ENV, ...metrics('knative.dev/internal/serving')],
      ports: [...BASE_PORTS, port('probes', 8080)], probes: healthProbes(), deployment: leaders,
    },
    {
      name: 'net-istio-controller', component: 'net-istio', container: 'controller', image: o.images.ref('knative/net-istio-controller'), size: 'small',
      selector: { app: 'net-istio-controller' }, serviceAccount: 'controller', extraLabels: NET_ISTIO,
      env: [fromField('SYSTEM_NAMESPACE', 'metadata.namespace'), ...CONFIG_ENV, env('ENABLE_SECRET_INFORMER_FILTERING_BY_CERT_UID', 'false'), env('METRICS_DOMAIN', 'knative.dev/net-istio')],
      ports: [...BASE_PORTS, port('probes', 8080)], probes: healthProbes(), deployment: leaders,
    },
    {
      name: 'net-istio-webhook', component: 'net-istio', container: 'webhook', image: o.images.ref('knative/net-istio-webhook'), size: 'small',
      selector: { app: 'net-istio-webhook', role: 'net-istio-webhook' }, serviceAccount: 'controller', extraLabels: NET_ISTIO,
      env: [fromField('SYSTEM_NAMESPACE', 'metadata.namespace'), ...CONFIG_ENV, env('METRICS_DOMAIN', 'knative.dev/net-istio'), env('WEBHOOK_NAME', 'net-istio-webhook'), env('WEBHOOK_PORT', '8443')],
      ports: [...BASE_PORTS, port('https-webhook', 8443)], probes: webhookProbes(3), deployment: leaders,
    },
    {
      name: 'webhook', component: 'webhook', container: 'webhook', image: o.images.ref('knative/webhook'), size: 'small',
      selector: { app: 'webhook', role: 'webhook' }, serviceAccount: 'controller', antiAffinity: true,
      env: [fromField('POD_NAME', 'metadata.name'), fromField('SYSTEM_NAMESPACE', 'metadata.namespace'), ...CONFIG_ENV, env('WEBHOOK_NAME', 'webhook'), env('WEBHOOK_PORT', '8443'), ...metrics('knative.dev/internal/serving')],
      ports: [...BASE_PORTS, port('https-webhook', 8443)], probes: webhookProbes(),
      spec: { terminationGracePeriodSeconds: 300 },
    },
  ];

  for (const s of servers) {
    const app = s.selector.app;
    const affinity: k8s.Affinity | undefined = s.antiAffinity
      ? { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { app } }, topologyKey: 'kubernetes.io/hostname' } }] } }
      : undefined;
    deployment(scope, {
      name: s.name,
      namespace: ns,
      labels: labels(s.component, s.extraLabels),
      selector: s.selector,
      podLabels: { ...labels(s.component), 'sidecar.istio.io/inject': 'true' },
      serviceAccount: s.serviceAccount,
      replicas: s.deployment?.replicas,
      strategy: s.deployment?.strategy,
      containers: [{
        name: s.container,
        image: s.image,
        env: s.env,
        ports: s.ports,
        ...s.probes,
        resources: o.sizing.resources(s.size, `${s.name}/${s.container}`),
        securityContext: restrictedContainer(),
      }],
      pod: { ...(affinity ? { affinity } : {}), ...(s.spec ?? {}) },
    });
  }

  for (const [name, component, max] of [['activator', 'activator', 20], ['webhook', 'webhook', 5]] as const) {
    new k8s.KubeHorizontalPodAutoscalerV2(scope, `Hpa-${name}`, {
      metadata: { name, namespace: ns, labels: labels(component) },
      spec: {
        minReplicas: o.sizing.replicas,
        maxReplicas: max,
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 100 } } }],
      },
    });
  }
}

export interface KnativePdbOptions {
  /** Upstream's minAvailable; Knative 1.19 dropped it from 80% to 0 so drains never block. */
  readonly minAvailable: number | string;
}

export function knativeDisruptionBudgets(scope: Construct, labels: Labels, o: KnativePdbOptions): void {
  for (const app of ['activator', 'webhook']) {
    new k8s.KubePodDisruptionBudget(scope, `Pdb-${app}`, {
      metadata: { name: `${app}-pdb`, namespace: KNATIVE_NAMESPACE, labels: labels(app) },
      spec: {
        minAvailable: typeof o.minAvailable === 'number' ? int(o.minAvailable) : str(o.minAvailable),
        selector: { matchLabels: { app } },
      },
    });
  }
}

/** Services of the servers, and the Service in istio-system that fronts the cluster-local gateway pods. */
export function knativeServices(scope: Construct, labels: Labels, istioNamespace: string, localGatewaySelector: Readonly<Record<string, string>>): void {
  const p = (name: string, portNumber: number, target: number | string): k8s.ServicePort => ({ name, port: portNumber, targetPort: typeof target === 'number' ? int(target) : str(target) });
  const metricsPorts = [p('http-metrics', 9090, 9090), p('http-profiling', 8008, 8008)];
  const services: { name: string; labels: Record<string, string>; selector: Record<string, string>; ports: k8s.ServicePort[]; namespace?: string; clusterIp?: boolean }[] = [
    {
      name: 'activator-service', labels: { app: 'activator', ...labels('activator') }, selector: { app: 'activator' }, clusterIp: true,
      ports: [...metricsPorts, p('http', 80, 8012), p('http2', 81, 8013), p('https', 443, 8112)],
    },
    { name: 'autoscaler', labels: { app: 'autoscaler', ...labels('autoscaler') }, selector: { app: 'autoscaler' }, ports: [...metricsPorts, p('http', 8080, 8080)] },
    { name: 'controller', labels: { app: 'controller', ...labels('controller') }, selector: { app: 'controller' }, ports: metricsPorts },
    {
      name: 'net-istio-webhook', labels: labels('net-istio', { ...NET_ISTIO, role: 'net-istio-webhook' }), selector: { app: 'net-istio-webhook' },
      ports: [p('http-metrics', 9090, 'metrics'), p('http-profiling', 8008, 'profiling'), p('https-webhook', 443, 'https-webhook')],
    },
    { name: 'webhook', labels: { app: 'webhook', ...labels('webhook'), role: 'webhook' }, selector: { app: 'webhook', role: 'webhook' }, ports: [...metricsPorts, p('https-webhook', 443, 8443)] },
    {
      name: 'knative-local-gateway', namespace: istioNamespace, clusterIp: true, selector: { ...localGatewaySelector },
      labels: labels('net-istio', { 'experimental.istio.io/disable-gateway-port-translation': 'true', ...NET_ISTIO }),
      ports: [p('http2', 80, 8081), p('https', 443, 8444)],
    },
  ];
  for (const s of services) {
    new k8s.KubeService(scope, `Service-${s.name}`, {
      metadata: { name: s.name, namespace: s.namespace ?? KNATIVE_NAMESPACE, labels: s.labels },
      spec: { ports: s.ports, selector: s.selector, ...(s.clusterIp ? { type: 'ClusterIP' } : {}) },
    });
  }
  // The webhooks write their serving certificates into these; they start empty.
  for (const [name, component, extra] of [['net-istio-webhook-certs', 'net-istio', NET_ISTIO], ['webhook-certs', 'webhook', {}]] as const) {
    new k8s.KubeSecret(scope, `Secret-${name}`, { metadata: { name, namespace: KNATIVE_NAMESPACE, labels: labels(component, { ...extra }) } });
  }
}
