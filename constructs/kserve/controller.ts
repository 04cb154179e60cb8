import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { injectCaFrom } from '../core/certificate';
import { kubeRbacProxy } from '../core/controller';
import { ImageResolver } from '../core/images';
import { restrictedContainer } from '../core/security';
import { Sizing } from '../core/sizing';
import { deployment as workload } from '../core/workload';
import { podNamespaceEnv } from '../core/env';

const int = k8s.IntOrString.fromNumber;
const str = k8s.IntOrString.fromString;
const CERT_DIR = '/tmp/k8s-webhook-server/serving-certs';

export interface KserveControllerOptions {
  readonly namespace: string;
  readonly images: ImageResolver;
  readonly sizing: Sizing;
  /** `app: kserve` and `app.kubernetes.io/name: kserve`. */
  readonly base: Record<string, string>;
  readonly llm: boolean;
  /** The local model controller serves the localmodelcache webhook itself (KServe 0.18). @default false */
  readonly localModelWebhook?: boolean;
  /** Versions of LLMInferenceService the llmisvc webhook validates, newest first. @default ["v1alpha1"] */
  readonly llmVersions?: readonly ('v1alpha1' | 'v1alpha2')[];
}

const probes = (livenessPeriod?: number): Pick<k8s.Container, 'livenessProbe' | 'readinessProbe'> => ({
  livenessProbe: { httpGet: { path: '/healthz', port: int(8081) }, initialDelaySeconds: 30, timeoutSeconds: 5, failureThreshold: 5, ...(livenessPeriod ? { periodSeconds: livenessPeriod } : {}) },
  readinessProbe: { httpGet: { path: '/readyz', port: int(8081) }, initialDelaySeconds: 30, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 5 },
});
const podNamespace = podNamespaceEnv();
const certVolume = (secretName: string) => ({
  volumes: [{ name: 'cert', secret: { secretName, defaultMode: 420 } }],
  mounts: [{ name: 'cert', mountPath: CERT_DIR, readOnly: true }],
});

/** The KServe, local model and LLM controllers with their Services, certificates and the webhooks they serve. */
export function kserveControllers(scope: Construct, o: KserveControllerOptions): void {
  const ns = o.namespace;
  const controlPlane = (name: string) => ({ ...o.base, 'control-plane': name, 'controller-tools.k8s.io': '1.0' });
  const manager = controlPlane('kserve-controller-manager');
  const localmodel = controlPlane('kserve-localmodel-controller-manager');
  const llm = controlPlane('llmisvc-controller-manager');
  const llmLabels = { ...llm, 'app.kubernetes.io/component': 'controller' };
  const kserveCert = certVolume('kserve-webhook-server-cert');

  const deployment = (name: string, labels: Record<string, string>, selector: Record<string, string>, spec: Omit<k8s.PodSpec, 'securityContext'>, annotations: Record<string, string>, replicas = 1) => {
    const { containers, volumes, serviceAccountName, ...pod } = spec;
    return workload(scope, {
      name, namespace: ns, labels, selector, podLabels: labels,
      podAnnotations: { 'kubectl.kubernetes.io/default-container': 'manager', ...annotations },
      replicas: replicas > 1 ? replicas : undefined,
      serviceAccount: serviceAccountName, containers, volumes, pod,
    });
  };

  deployment('kserve-controller-manager', manager, manager, {
    serviceAccountName: 'kserve-controller-manager',
    terminationGracePeriodSeconds: 10,
    containers: [
      {
        name: 'manager', image: o.images.ref('kserve/controller'), command: ['/manager'],
        // Metrics stay on localhost; kube-rbac-proxy serves them with authentication.
        args: ['--metrics-addr=127.0.0.1:8080', '--leader-elect'],
        env: [podNamespace, { name: 'SECRET_NAME', value: 'kserve-webhook-server-cert' }],
        ports: [{ containerPort: 9443, name: 'webhook-server', protocol: 'TCP' }],
        ...probes(),
        resources: o.sizing.resources('medium', 'kserve-controller-manager/manager'),
        securityContext: restrictedContainer(),
        volumeMounts: kserveCert.mounts,
      },
      kubeRbacProxy(o.images.ref('kserve/kube-rbac-proxy'), o.sizing, undefined, 10),
    ],
    volumes: kserveCert.volumes,
    // --leader-elect above; the webhook serves on every replica.
  }, { 'sidecar.istio.io/inject': 'false' }, o.sizing.controllerReplicas);

  const localWebhook = o.localModelWebhook ?? false;
  const localLabels = localWebhook ? { ...localmodel, 'app.kubernetes.io/component': 'localmodel' } : localmodel;
  const localCert = certVolume('localmodel-webhook-server-cert');
  deployment('kserve-localmodel-controller-manager', localLabels, localmodel, {
    serviceAccountName: 'kserve-localmodel-controller-manager',
    terminationGracePeriodSeconds: 10,
    containers: [{
      name: 'manager', image: o.images.ref('kserve/localmodel-controller'), command: ['/manager'], env: [podNamespace],
      // Upstream runs one replica without leader election; a second one (large) must elect a leader.
      ...(o.sizing.controllerReplicas > 1 ? { args: ['--leader-elect'] } : {}),
      ...(localWebhook ? { ...probes(), ports: [{ containerPort: 9443, name: 'webhook-server', protocol: 'TCP' }], volumeMounts: localCert.mounts } : {}),
      resources: o.sizing.resources('small', 'kserve-localmodel-controller-manager/manager'), securityContext: restrictedContainer(),
    }],
    ...(localWebhook ? { volumes: localCert.volumes } : {}),
  }, {}, o.sizing.controllerReplicas);

  const service = (name: string, labels: Record<string, string>, selector: Record<string, string>, ports: k8s.ServicePort[], annotations?: Record<string, string>) =>
    new k8s.KubeService(scope, `Service-${name}`, {
      metadata: { name, namespace: ns, labels, ...(annotations ? { annotations } : {}) },
      spec: { ports, selector },
    });
  service('kserve-controller-manager-metrics-service', manager, manager, [{ name: 'https', port: 8443, targetPort: str('https') }],
    { 'prometheus.io/port': '8443', 'prometheus.io/scheme': 'https', 'prometheus.io/scrape': 'true' });
  service('kserve-controller-manager-service', manager, manager, [{ port: 8443, protocol: 'TCP', targetPort: str('https') }]);
  service('kserve-webhook-server-service', o.base, { ...o.base, 'control-plane': 'kserve-controller-manager' }, [{ port: 443, targetPort: str('webhook-server') }]);
  // Upstream keeps an empty Secret of this name from older releases; kept so an adopted install does not lose it.
  new k8s.KubeSecret(scope, 'Secret-kserve-webhook-server-secret', { metadata: { name: 'kserve-webhook-server-secret', namespace: ns, labels: o.base } });

  new ApiObject(scope, 'Issuer', {
    apiVersion: 'cert-manager.io/v1', kind: 'Issuer',
    metadata: { name: 'selfsigned-issuer', namespace: ns, labels: o.base },
    spec: { selfSigned: {} },
  });
  const certificate = (name: string, service: string, secretName: string, labels = o.base) => new ApiObject(scope, `Certificate-${name}`, {
    apiVersion: 'cert-manager.io/v1', kind: 'Certificate',
    metadata: { name, namespace: ns, labels },
    spec: { commonName: `${service}.${ns}.svc`, dnsNames: [`${service}.${ns}.svc`], issuerRef: { kind: 'Issuer', name: 'selfsigned-issuer' }, secretName },
  });
  certificate('serving-cert', 'kserve-webhook-server-service', 'kserve-webhook-server-cert');
  if (localWebhook) {
    const labels = { ...o.base, 'app.kubernetes.io/component': 'localmodel' };
    service('localmodel-webhook-server-service', labels, { ...o.base, 'control-plane': 'kserve-localmodel-controller-manager' }, [{ port: 443, targetPort: str('webhook-server') }]);
    certificate('localmodel-serving-cert', 'localmodel-webhook-server-service', 'localmodel-webhook-server-cert', labels);
  }

  if (o.llm) {
    const llmCert = certVolume('llmisvc-webhook-server-cert');
    deployment('llmisvc-controller-manager', llmLabels, llm, {
      serviceAccountName: 'llmisvc-controller-manager',
      terminationGracePeriodSeconds: 30,
      containers: [{
        name: 'manager', image: o.images.ref('kserve/llmisvc-controller'), command: ['/manager'],
        args: ['--metrics-addr=127.0.0.1:8443', '--leader-elect'],
        env: [podNamespace],
        ports: [{ containerPort: 9443, name: 'webhook-server', protocol: 'TCP' }, { containerPort: 8443, name: 'metrics', protocol: 'TCP' }],
        ...probes(10),
        resources: o.sizing.resources('small', 'llmisvc-controller-manager/manager'),
        securityContext: restrictedContainer({ runAsUser: 1000 }),
        volumeMounts: llmCert.mounts,
      }],
      volumes: llmCert.volumes,
      // --leader-elect above; the webhook serves on every replica.
    }, {}, o.sizing.controllerReplicas);
    service('llmisvc-controller-manager-service', llmLabels, llm, [{ name: 'https', port: 8443, protocol: 'TCP', targetPort: str('metrics') }]);
    service('llmisvc-webhook-server-service', o.base, { ...o.base, 'control-plane': 'llmisvc-controller-manager' }, [{ port: 443, targetPort: str('webhook-server') }]);
    certificate('llmisvc-serving-cert', 'llmisvc-webhook-server-service', 'llmisvc-webhook-server-cert');
  }
  kserveWebhooks(scope, ns, o.base, { llm: o.llm, localModel: localWebhook, llmVersions: o.llmVersions ?? ['v1alpha1'] });
}

/** A validating webhook of one KServe resource, served at the controller-runtime path. */
interface Validator {
  readonly resource: string;
  readonly version: 'v1alpha1' | 'v1beta1';
  readonly operations: string[];
  readonly llm?: boolean;
}

const VALIDATORS: readonly Validator[] = [
  { resource: 'clusterservingruntime', version: 'v1alpha1', operations: ['CREATE', 'UPDATE'] },
  { resource: 'inferencegraph', version: 'v1alpha1', operations: ['CREATE', 'UPDATE'] },
  { resource: 'inferenceservice', version: 'v1beta1', operations: ['CREATE', 'UPDATE'] },
  { resource: 'llminferenceservice', version: 'v1alpha1', operations: ['CREATE', 'UPDATE'], llm: true },
  { resource: 'localmodelcache', version: 'v1alpha1', operations: ['CREATE', 'UPDATE', 'DELETE'] },
  { resource: 'servingruntime', version: 'v1alpha1', operations: ['CREATE', 'UPDATE'] },
  { resource: 'trainedmodel', version: 'v1alpha1', operations: ['CREATE', 'UPDATE'] },
];

interface WebhookOptions {
  readonly llm: boolean;
  readonly localModel: boolean;
  readonly llmVersions: readonly string[];
}

function kserveWebhooks(scope: Construct, ns: string, labels: Record<string, string>, w: WebhookOptions): void {
  const client = (service: string, path: string) => ({ service: { name: service, namespace: ns, path } });
  const common = { failurePolicy: 'Fail', sideEffects: 'None' };
  new k8s.KubeMutatingWebhookConfiguration(scope, 'Mutating-inferenceservice', {
    metadata: { name: 'inferenceservice.serving.kserve.io', labels, annotations: injectCaFrom(ns, 'serving-cert') },
    webhooks: [
      {
        ...common, name: 'inferenceservice.kserve-webhook-server.defaulter', admissionReviewVersions: ['v1beta1'],
        clientConfig: client('kserve-webhook-server-service', '/mutate-serving-kserve-io-v1beta1-inferenceservice'),
        rules: [{ apiGroups: ['serving.kserve.io'], apiVersions: ['v1beta1'], operations: ['CREATE', 'UPDATE'], resources: ['inferenceservices'] }],
      },
      {
        // Injects the storage initializer, agent and batcher into predictor pods.
        ...common, name: 'inferenceservice.kserve-webhook-server.pod-mutator', admissionReviewVersions: ['v1beta1'],
        clientConfig: client('kserve-webhook-server-service', '/mutate-pods'),
        namespaceSelector: { matchExpressions: [{ key: 'control-plane', operator: 'DoesNotExist' }] },
        objectSelector: { matchExpressions: [{ key: 'serving.kserve.io/inferenceservice', operator: 'Exists' }] },
        reinvocationPolicy: 'IfNeeded',
        rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }],
      },
    ],
  });
  for (const v of VALIDATORS) {
    if (v.llm && !w.llm) continue;
    const local = v.resource === 'localmodelcache' && w.localModel;
    const service = v.llm ? 'llmisvc-webhook-server-service' : local ? 'localmodel-webhook-server-service' : 'kserve-webhook-server-service';
    const cert = v.llm ? 'llmisvc-serving-cert' : local ? 'localmodel-serving-cert' : 'serving-cert';
    // With two LLM versions served, each has its own validator, named by version.
    const versions = v.llm && w.llmVersions.length > 1 ? w.llmVersions : [v.version];
    new k8s.KubeValidatingWebhookConfiguration(scope, `Validating-${v.resource}`, {
      metadata: { name: `${v.resource}.serving.kserve.io`, labels: local ? { ...labels, 'app.kubernetes.io/component': 'localmodel' } : labels, annotations: injectCaFrom(ns, cert) },
      webhooks: versions.map((version) => ({
        ...common,
        name: versions.length > 1 ? `${v.resource}.kserve-webhook-server.${version}.validator` : `${v.resource}.kserve-webhook-server.validator`,
        admissionReviewVersions: v.llm ? ['v1', 'v1beta1'] : ['v1beta1'],
        clientConfig: client(service, `/validate-serving-kserve-io-${version}-${v.resource}`),
        rules: [{ apiGroups: ['serving.kserve.io'], apiVersions: [version], operations: v.operations, resources: [`${v.resource}s`] }],
      })),
    });
  }
}
