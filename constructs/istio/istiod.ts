import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ImageResolver } from '../core/images';
import { restrictedContainer } from '../core/security';
import { Sizing } from '../core/sizing';
import { fromField } from '../core/env';
import { deployment } from '../core/workload';
import { InjectionProps, injectorConfig } from './injection';
import { ExtAuthzProvider, injectorValues, meshConfigData } from './mesh';
import { istioLabels, ISTIO_NAMESPACE } from './names';

const ns = ISTIO_NAMESPACE;
const int = (n: number) => k8s.IntOrString.fromNumber(n);

export interface IstiodProps {
  readonly images: ImageResolver;
  readonly sizing: Sizing;
  readonly chartVersion: string;
  readonly extAuthzProviders: readonly ExtAuthzProvider[];
  readonly injection: InjectionProps;
}

/** Istio's charts roll a new pod in before an old one goes (surge 100%). */
export const ISTIO_ROLLOUT: k8s.DeploymentStrategy = { rollingUpdate: { maxSurge: k8s.IntOrString.fromString('100%'), maxUnavailable: k8s.IntOrString.fromString('25%') } };

/** A CPU-based autoscaler like upstream's, with the sizing preset as its floor. */
export function cpuAutoscaler(scope: Construct, name: string, minReplicas: number, labels: Record<string, string>): void {
  new k8s.KubeHorizontalPodAutoscalerV2(scope, `HPA-${name}`, {
    metadata: { name, namespace: ns, labels },
    spec: {
      minReplicas,
      maxReplicas: Math.max(5, minReplicas),
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
    },
  });
}

/** istiod: the control plane (config distribution, certificates, sidecar injection, validation). */
export class Istiod extends Construct {
  constructor(scope: Construct, id: string, props: IstiodProps) {
    super(scope, id);
    const v = props.chartVersion;
    const pilot = (extra: Record<string, string> = {}) => istioLabels('istiod', 'istiod', v, { operator: 'Pilot', extra });
    const selector = { istio: 'pilot' };

    new k8s.KubeConfigMap(this, 'Mesh', { metadata: { name: 'istio', namespace: ns, labels: pilot() }, data: meshConfigData(props.extAuthzProviders) });
    const values = JSON.stringify(injectorValues({ proxyImage: props.injection.proxyImage, sidecarResources: props.injection.proxyResources, initResources: props.injection.initResources }), null, 2);
    new k8s.KubeConfigMap(this, 'Injector', {
      metadata: { name: 'istio-sidecar-injector', namespace: ns, labels: pilot() },
      data: {
        config: injectorConfig(props.injection),
        values,
      },
    });
    new k8s.KubeConfigMap(this, 'Values', {
      metadata: {
        name: 'values',
        namespace: ns,
        labels: pilot(),
        annotations: { 'kubernetes.io/description': 'The settings this Istio was installed with, for debugging and tools such as istioctl; changing them has no effect.' },
      },
      data: { 'merged-values': values },
    });

    new k8s.KubeService(this, 'Service', {
      metadata: { name: 'istiod', namespace: ns, labels: pilot({ app: 'istiod', istio: 'pilot' }) },
      spec: {
        ports: [
          { name: 'grpc-xds', port: 15010, protocol: 'TCP' },
          { name: 'https-dns', port: 15012, protocol: 'TCP' },
          { name: 'https-webhook', port: 443, protocol: 'TCP', targetPort: int(15017) },
          { name: 'http-monitoring', port: 15014, protocol: 'TCP' },
        ],
        selector: { app: 'istiod', istio: 'pilot' },
      },
    });

    const podLabels: Record<string, string> = { ...pilot({ app: 'istiod', istio: 'pilot' }), 'istio.io/dataplane-mode': 'none', 'sidecar.istio.io/inject': 'false' };
    const { release: _release, ...templateLabels } = podLabels;
    deployment(this, {
      id: 'Deployment',
      name: 'istiod',
      namespace: ns,
      labels: pilot({ app: 'istiod', istio: 'pilot' }),
      selector,
      podLabels: templateLabels,
      podAnnotations: { 'prometheus.io/port': '15014', 'prometheus.io/scrape': 'true', 'sidecar.istio.io/inject': 'false' },
      strategy: ISTIO_ROLLOUT,
      serviceAccount: 'istiod',
      // istiod must run before the CNI agent is ready on a node: it serves the agent's config.
      pod: { tolerations: [{ key: 'cni.istio.io/not-ready', operator: 'Exists' }] },
      containers: [{
        name: 'discovery',
        image: props.images.ref('istio/pilot'),
        args: ['discovery', '--monitoringAddr=:15014', '--log_output_level=default:info', '--domain', 'cluster.local', '--keepaliveMaxServerConnectionAge', '30m'],
        env: [
          { name: 'PILOT_JWT_PUB_KEY_REFRESH_INTERVAL', value: '1m' },
          { name: 'ENABLE_DEBUG_ON_HTTP', value: 'false' },
          // The sidecar template injects native sidecars (init containers that keep running).
          { name: 'ENABLE_NATIVE_SIDECARS', value: 'true' },
          { name: 'REVISION', value: 'default' },
          { name: 'PILOT_CERT_PROVIDER', value: 'istiod' },
          fromField('POD_NAME', 'metadata.name', 'v1'),
          fromField('POD_NAMESPACE', 'metadata.namespace', 'v1'),
          fromField('SERVICE_ACCOUNT', 'spec.serviceAccountName', 'v1'),
          { name: 'KUBECONFIG', value: '/var/run/secrets/remote/config' },
          { name: 'CA_TRUSTED_NODE_ACCOUNTS', value: `${ns}/ztunnel` },
          { name: 'PILOT_TRACE_SAMPLING', value: '1' },
          { name: 'PILOT_ENABLE_ANALYSIS', value: 'false' },
          { name: 'CLUSTER_ID', value: 'Kubernetes' },
          { name: 'GOMAXPROCS', valueFrom: { resourceFieldRef: { divisor: k8s.Quantity.fromString('1'), resource: 'limits.cpu' } } },
          { name: 'PLATFORM', value: '' },
        ],
        ports: [
          { containerPort: 8080, name: 'http-debug', protocol: 'TCP' },
          { containerPort: 15010, name: 'grpc-xds', protocol: 'TCP' },
          { containerPort: 15012, name: 'tls-xds', protocol: 'TCP' },
          { containerPort: 15017, name: 'https-webhooks', protocol: 'TCP' },
          { containerPort: 15014, name: 'http-monitoring', protocol: 'TCP' },
        ],
        readinessProbe: { httpGet: { path: '/ready', port: int(8080) }, initialDelaySeconds: 1, periodSeconds: 3, timeoutSeconds: 5 },
        resources: props.sizing.resources('large', 'istiod/discovery'),
        securityContext: restrictedContainer(),
        volumeMounts: [
          { mountPath: '/var/run/secrets/tokens', name: 'istio-token', readOnly: true },
          { mountPath: '/var/run/secrets/istio-dns', name: 'local-certs' },
          { mountPath: '/etc/cacerts', name: 'cacerts', readOnly: true },
          { mountPath: '/var/run/secrets/remote', name: 'istio-kubeconfig', readOnly: true },
          { mountPath: '/var/run/secrets/istiod/tls', name: 'istio-csr-dns-cert', readOnly: true },
          { mountPath: '/var/run/secrets/istiod/ca', name: 'istio-csr-ca-configmap', readOnly: true },
        ],
      }],
      volumes: [
        { name: 'local-certs', emptyDir: { medium: 'Memory' } },
        { name: 'istio-token', projected: { sources: [{ serviceAccountToken: { audience: 'istio-ca', expirationSeconds: 43200, path: 'istio-token' } }] } },
        // Optional: a plugged-in CA (`cacerts`), a remote cluster's kubeconfig, istio-csr certificates.
        { name: 'cacerts', secret: { secretName: 'cacerts', optional: true } },
        { name: 'istio-kubeconfig', secret: { secretName: 'istio-kubeconfig', optional: true } },
        { name: 'istio-csr-dns-cert', secret: { secretName: 'istiod-tls', optional: true } },
        { name: 'istio-csr-ca-configmap', configMap: { name: 'istio-ca-root-cert', defaultMode: 420, optional: true } },
      ],
    });
    const { app: _app, istio: _istio, ...hpaLabels } = pilot({ app: 'istiod' });
    cpuAutoscaler(this, 'istiod', props.sizing.replicas, { app: 'istiod', ...hpaLabels });
    this.webhooks(pilot);
  }

  private webhooks(pilot: (extra?: Record<string, string>) => Record<string, string>): void {
    const service = { name: 'istiod', namespace: ns, path: '/inject', port: 443 };
    const notDisabled: k8s.LabelSelectorRequirement = { key: 'sidecar.istio.io/inject', operator: 'NotIn', values: ['false'] };
    const has = (key: string, ...values: string[]): k8s.LabelSelectorRequirement =>
      values.length ? { key, operator: 'In', values } : { key, operator: 'DoesNotExist' };
    // Four ways a pod asks for a sidecar: its namespace or itself, by revision label or by istio-injection.
    const inject = (name: string, namespace: k8s.LabelSelectorRequirement[], object: k8s.LabelSelectorRequirement[]): k8s.MutatingWebhook => ({
      name,
      admissionReviewVersions: ['v1'],
      clientConfig: { service },
      failurePolicy: 'Fail',
      namespaceSelector: { matchExpressions: namespace },
      objectSelector: { matchExpressions: object },
      reinvocationPolicy: 'Never',
      rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }],
      sideEffects: 'None',
    });
    // istiod writes the CA bundle into both configurations itself.
    new k8s.KubeMutatingWebhookConfiguration(this, 'Injector-Webhook', {
      metadata: { name: 'istio-sidecar-injector', labels: { app: 'sidecar-injector', ...pilot() } },
      webhooks: [
        inject('rev.namespace.sidecar-injector.istio.io', [has('istio.io/rev', 'default'), has('istio-injection')], [notDisabled]),
        inject('rev.object.sidecar-injector.istio.io', [has('istio.io/rev'), has('istio-injection')], [notDisabled, has('istio.io/rev', 'default')]),
        inject('namespace.sidecar-injector.istio.io', [has('istio-injection', 'enabled')], [notDisabled]),
        inject('object.sidecar-injector.istio.io', [has('istio-injection'), has('istio.io/rev')], [has('sidecar.istio.io/inject', 'true'), has('istio.io/rev')]),
      ],
    });
    const { 'install.operator.istio.io/owning-resource': _o, 'operator.istio.io/component': _c, ...validatorLabels } = pilot();
    new k8s.KubeValidatingWebhookConfiguration(this, 'Validator-Webhook', {
      metadata: { name: `istio-validator-${ns}`, labels: { app: 'istiod', istio: 'istiod', ...validatorLabels } },
      webhooks: [{
        name: 'rev.validation.istio.io',
        admissionReviewVersions: ['v1'],
        clientConfig: { service: { name: 'istiod', namespace: ns, path: '/validate' } },
        // istiod switches this to Fail once it serves; Ignore lets the first install through.
        failurePolicy: 'Ignore',
        objectSelector: { matchExpressions: [has('istio.io/rev', 'default')] },
        rules: [{ apiGroups: ['security.istio.io', 'networking.istio.io', 'telemetry.istio.io', 'extensions.istio.io'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE'], resources: ['*'] }],
        sideEffects: 'None',
      }],
    });
  }
}
