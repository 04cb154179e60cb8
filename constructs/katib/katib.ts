import { createHash } from 'crypto';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { z } from 'zod';
import { injectCaFrom, serviceDnsNames, WebhookCertificate } from '../core/certificate';
import { ComponentContext, resolveContext } from '../core/context';
import { selectorLabels } from '../core/labels';
import { restrictedContainer } from '../core/security';
import { deployment as workload } from '../core/workload';
import { gatewayOnlyPolicy, serviceHost, virtualService } from '../core/mesh-routes';
import { katibOptions } from './config';
import { katibCrds } from './crds';
import { dbManagerEnv, inClusterMysql, KatibDatabase } from './database';
import { katibConfigYaml } from './katib-config';
import { katibRbac } from './rbac';
import { trialTemplatesData } from './trial-templates';

export interface KatibProps extends ComponentContext {
  /** @default "kubeflow" */
  readonly namespace?: string;
  /** Where trial metrics are kept. */
  readonly database: KatibDatabase;
  /** `components.katib.trialResources` (docs/configuration.md). */
  readonly trialResources?: Readonly<z.input<typeof katibOptions.shape.trialResources>>;
  /** Install the Katib CRDs. @default true */
  readonly crds?: boolean;
  /** Replicas of the stateless UI and DB manager. @default the sizing preset's replicas */
  readonly replicas?: number;
}

const component = (c: string) => ({ 'katib.kubeflow.org/component': c });
const intPort = (n: number) => k8s.IntOrString.fromNumber(n);
const namedPort = (s: string) => k8s.IntOrString.fromString(s);

/** Katib: hyperparameter tuning and NAS with its controller, DB manager, UI and database. */
export class Katib extends Construct {
  /** The `katib-config.yaml` the controller reads. */
  public readonly config: string;

  constructor(scope: Construct, id: string, props: KatibProps) {
    super(scope, id);
    const { images, sizing, gateways } = resolveContext(props);
    const namespace = props.namespace ?? 'kubeflow';
    const replicas = props.replicas ?? sizing.replicas;
    // The schema fills in the defaults of the options the platform config has.
    const { trialResources } = z.object({ trialResources: katibOptions.shape.trialResources }).parse(props);
    if (props.crds ?? true) katibCrds(this);
    // More than one controller replica (large) must elect a leader: only one may reconcile.
    const leaderElection = sizing.controllerReplicas > 1;
    this.config = katibConfigYaml(images, { trialResources, leaderElection });

    for (const sa of ['katib-controller', 'katib-ui']) new k8s.KubeServiceAccount(this, `ServiceAccount-${sa}`, { metadata: { name: sa, namespace } });
    katibRbac(this, namespace, leaderElection);
    new k8s.KubeConfigMap(this, 'Config', { metadata: { name: 'katib-config', namespace }, data: { 'katib-config.yaml': this.config } });
    new k8s.KubeConfigMap(this, 'TrialTemplates', {
      metadata: { name: 'trial-templates', namespace, labels: component('trial-templates') },
      data: trialTemplatesData(images),
    });
    if (props.database.kind === 'in-cluster') inClusterMysql(this, namespace, props.database, images, sizing);

    const service = (name: string, c: string, ports: k8s.ServicePort[], annotations?: Record<string, string>, type?: string) =>
      new k8s.KubeService(this, `Service-${name}`, {
        metadata: { name, namespace, labels: component(c), ...(annotations ? { annotations } : {}) },
        spec: { ...(type ? { type } : {}), selector: selectorLabels(component(c)), ports },
      });
    const prometheus = { 'prometheus.io/port': '8080', 'prometheus.io/scrape': 'true' };
    service('katib-controller', 'controller', [
      { name: 'webhook', port: 443, protocol: 'TCP', targetPort: intPort(8443) },
      { name: 'metrics', port: 8080, targetPort: intPort(8080) },
      { name: 'healthz', port: 18080, targetPort: intPort(18080) },
    ], { ...prometheus, 'prometheus.io/scheme': 'http' });
    service('katib-db-manager', 'db-manager', [{ name: 'api', port: 6789, protocol: 'TCP' }], undefined, 'ClusterIP');
    service('katib-ui', 'ui', [{ name: 'ui', port: 80, protocol: 'TCP', targetPort: intPort(8080) }], undefined, 'ClusterIP');

    const deployment = (name: string, c: string, n: number, container: k8s.Container, pod: Partial<k8s.PodSpec> & { annotations?: Record<string, string>; sidecar?: boolean } = {}) => {
      const { annotations, sidecar, serviceAccountName, volumes, ...spec } = pod;
      workload(this, {
        name, namespace, labels: component(c), replicas: n,
        podLabels: { 'sidecar.istio.io/inject': String(sidecar ?? false) }, podAnnotations: annotations,
        serviceAccount: serviceAccountName, containers: [container], volumes, pod: spec,
      });
    };
    const coreNamespace = { name: 'KATIB_CORE_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } };
    const cert = 'katib-webhook-cert';
    deployment('katib-controller', 'controller', sizing.controllerReplicas, {
      name: 'katib-controller',
      image: images.ref('katib/katib-controller'),
      command: ['./katib-controller'],
      args: ['--katib-config=/katib-config.yaml'],
      env: [coreNamespace],
      ports: [
        { containerPort: 8443, name: 'webhook', protocol: 'TCP' },
        { containerPort: 8080, name: 'metrics', protocol: 'TCP' },
        { containerPort: 18080, name: 'healthz', protocol: 'TCP' },
      ],
      livenessProbe: { httpGet: { path: '/healthz', port: namedPort('healthz') } },
      readinessProbe: { httpGet: { path: '/readyz', port: namedPort('healthz') } },
      resources: sizing.resources('medium'),
      securityContext: restrictedContainer({ runAsUser: 1000 }),
      volumeMounts: [
        { mountPath: '/tmp/cert', name: 'cert', readOnly: true },
        { mountPath: '/katib-config.yaml', name: 'katib-config', readOnly: true, subPath: 'katib-config.yaml' },
      ],
    }, {
      serviceAccountName: 'katib-controller',
      // A subPath mount never sees ConfigMap updates; the hash restarts the controller instead.
      annotations: { ...prometheus, 'kubeflow-iac.io/config-hash': createHash('sha256').update(this.config).digest('hex').slice(0, 16) },
      volumes: [
        { name: 'cert', secret: { secretName: cert, defaultMode: 420 } },
        { name: 'katib-config', configMap: { name: 'katib-config' } },
      ],
    });
    deployment('katib-db-manager', 'db-manager', replicas, {
      name: 'katib-db-manager',
      image: images.ref('katib/katib-db-manager'),
      command: ['./katib-db-manager'],
      env: dbManagerEnv(props.database),
      ports: [{ containerPort: 6789, name: 'api' }],
      livenessProbe: { grpc: { port: 6789 }, initialDelaySeconds: 10, periodSeconds: 60, failureThreshold: 5 },
      resources: sizing.resources('small'),
      securityContext: restrictedContainer({ runAsUser: 1000 }),
    });
    deployment('katib-ui', 'ui', replicas, {
      name: 'katib-ui',
      image: images.ref('katib/katib-ui'),
      command: ['./katib-ui'],
      args: ['--port=8080'],
      env: [coreNamespace, { name: 'APP_DISABLE_AUTH', value: 'false' }],
      ports: [{ containerPort: 8080, name: 'ui' }],
      resources: sizing.resources('small'),
      securityContext: restrictedContainer({ runAsUser: 1000 }),
    }, { serviceAccountName: 'katib-ui', sidecar: true });

    new WebhookCertificate(this, 'WebhookCertificate', {
      namespace,
      issuer: 'katib-selfsigned-issuer',
      certificate: cert,
      secretName: cert,
      commonName: `katib-controller.${namespace}.svc`,
      dnsNames: serviceDnsNames('katib-controller', namespace),
      isCA: true,
    });
    this.webhooks(namespace, cert);

    virtualService(this, { namespace, name: 'katib-ui', prefix: '/katib/', rewrite: '/katib/', host: serviceHost('katib-ui', namespace), port: 80, gateways });
    gatewayOnlyPolicy(this, gateways, namespace, 'katib-ui', component('ui'));
  }

  private webhooks(namespace: string, cert: string): void {
    const client = (path: string) => ({ service: { name: 'katib-controller', namespace, path } });
    const experiments = { apiGroups: ['kubeflow.org'], apiVersions: ['v1beta1'], operations: ['CREATE', 'UPDATE'], resources: ['experiments'] };
    const metadata = { name: 'katib.kubeflow.org', annotations: injectCaFrom(namespace, cert) };
    new k8s.KubeMutatingWebhookConfiguration(this, 'MutatingWebhook', {
      metadata,
      webhooks: [
        { name: 'defaulter.experiment.katib.kubeflow.org', admissionReviewVersions: ['v1'], clientConfig: client('/mutate-experiment'), rules: [experiments], sideEffects: 'None' },
        {
          // Injects the metrics collector sidecar into trial pods of namespaces that opt in.
          name: 'mutator.pod.katib.kubeflow.org',
          admissionReviewVersions: ['v1'],
          clientConfig: client('/mutate-pod'),
          matchConditions: [{ name: 'exclude-katib-controller', expression: `request.userInfo.username != "system:serviceaccount:${namespace}:katib-controller"` }],
          namespaceSelector: { matchLabels: { 'katib.kubeflow.org/metrics-collector-injection': 'enabled' } },
          rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }],
          sideEffects: 'None',
        },
      ],
    });
    new k8s.KubeValidatingWebhookConfiguration(this, 'ValidatingWebhook', {
      metadata,
      webhooks: [{ name: 'validator.experiment.katib.kubeflow.org', admissionReviewVersions: ['v1'], clientConfig: client('/validate-experiment'), rules: [experiments], sideEffects: 'None' }],
    });
  }
}
