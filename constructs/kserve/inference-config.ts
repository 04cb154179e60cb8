import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ImageResolver } from '../core/images';

/** How KServe deploys InferenceServices by default. */
export type DeploymentMode = 'Serverless' | 'RawDeployment';

/** Requests and limits of a container KServe injects, as inferenceservice-config writes them. */
interface InjectedResources {
  readonly cpuRequest: string;
  readonly cpuLimit: string;
  readonly memoryRequest: string;
  readonly memoryLimit: string;
}

/** Routing of InferenceServices (`ingress` key). */
export interface KserveIngress {
  /** Gateway external traffic enters through, `namespace/name`. */
  readonly ingressGateway: string;
  /** Gateway of cluster-local traffic, `namespace/name`, and the host of its Service. */
  readonly localGateway: string;
  readonly localGatewayService: string;
  /** Domain of InferenceService hosts. */
  readonly ingressDomain: string;
  readonly urlScheme: 'http' | 'https';
}

export interface InferenceServiceConfigProps {
  readonly images: ImageResolver;
  readonly deploymentMode: DeploymentMode;
  readonly ingress: KserveIngress;
  /** Let InferenceServices use models cached on nodes by the local model controller. */
  readonly localModelCache: boolean;
  /** Mount models from OCI images as sidecars (modelcars). */
  readonly modelcar: boolean;
}

const injected = (cpuRequest: string, memoryRequest: string, cpuLimit = '1', memoryLimit = '1Gi'): InjectedResources =>
  ({ cpuRequest, cpuLimit, memoryRequest, memoryLimit });
const SIDECAR = injected('100m', '100Mi');

/** Splits `repo[:tag]` into the two fields the explainer config wants; KServe joins them again. */
function imageAndVersion(ref: string): { image: string; defaultImageVersion: string } {
  const colon = ref.lastIndexOf(':');
  return colon > ref.lastIndexOf('/') ? { image: ref.slice(0, colon), defaultImageVersion: ref.slice(colon + 1) } : { image: ref, defaultImageVersion: 'latest' };
}

/** The settings of inferenceservice-config, by data key, as typed objects. */
export function inferenceServiceConfig(p: InferenceServiceConfigProps): Record<string, object> {
  const agent = p.images.ref('kserve/agent');
  const storageInitializer = p.images.ref('kserve/storage-initializer');
  const f = p.images.catalog.features;
  return {
    agent: { image: agent, ...SIDECAR },
    ...(f.kserveAutoscalerWindows ? { autoscaler: { scaleUpStabilizationWindowSeconds: '0', scaleDownStabilizationWindowSeconds: '300' } } : {}),
    batcher: { image: agent, ...injected('1', '1Gi'), maxBatchSize: '32', maxLatency: '5000' },
    credentials: {
      storageSpecSecretName: 'storage-config',
      storageSecretNameAnnotation: 'serving.kserve.io/storageSecretName',
      gcs: { gcsCredentialFileName: 'gcloud-application-credentials.json' },
      s3: {
        s3AccessKeyIDName: 'AWS_ACCESS_KEY_ID',
        s3SecretAccessKeyName: 'AWS_SECRET_ACCESS_KEY',
        ...Object.fromEntries(['s3Endpoint', 's3UseHttps', 's3Region', 's3VerifySSL', 's3UseVirtualBucket', 's3UseAccelerate', 's3UseAnonymousCredential', 's3CABundle'].map((k) => [k, ''])),
      },
    },
    deploy: { defaultDeploymentMode: p.deploymentMode },
    explainers: { art: imageAndVersion(p.images.ref('kserve/art-explainer')) },
    inferenceService: { resource: injected('1', '2Gi', '1', '2Gi') },
    ingress: {
      enableGatewayApi: false,
      kserveIngressGateway: 'kserve/kserve-ingress-gateway',
      ingressGateway: p.ingress.ingressGateway,
      localGateway: p.ingress.localGateway,
      localGatewayService: p.ingress.localGatewayService,
      ingressDomain: p.ingress.ingressDomain,
      // Raw deployments get a Kubernetes Ingress of this class.
      ingressClassName: 'istio',
      domainTemplate: '{{ .Name }}-{{ .Namespace }}.{{ .IngressDomain }}',
      urlScheme: p.ingress.urlScheme,
      disableIstioVirtualHost: false,
      disableIngressCreation: false,
      ...(f.kservePathRouting ? { pathTemplate: '/serving/{{ .Namespace }}/{{ .Name }}' } : {}),
    },
    localModel: { enabled: p.localModelCache, jobNamespace: 'kserve-localmodel-jobs', defaultJobImage: storageInitializer, fsGroup: 1000 },
    logger: { image: agent, ...SIDECAR, defaultUrl: 'http://default-broker' },
    metricsAggregator: { enableMetricAggregation: 'false', enablePrometheusScraping: 'false' },
    opentelemetryCollector: {
      scrapeInterval: '5s',
      metricReceiverEndpoint: 'keda-otel-scaler.keda.svc:4317',
      metricScalerEndpoint: 'keda-otel-scaler.keda.svc:4318',
      ...(f.kserveCollectorResources ? { resource: injected('200m', '512Mi', '1', '2Gi') } : {}),
    },
    router: { image: p.images.ref('kserve/router'), ...SIDECAR, imagePullPolicy: 'IfNotPresent' },
    security: { autoMountServiceAccountToken: true },
    storageInitializer: {
      image: storageInitializer,
      ...SIDECAR,
      caBundleConfigMapName: '',
      caBundleVolumeMountPath: '/etc/ssl/custom-certs',
      ...(f.kserveDirectPvcMountFlag ? { enableDirectPvcVolumeMount: true } : {}),
      enableModelcar: p.modelcar,
      cpuModelcar: '10m',
      memoryModelcar: '15Mi',
      uidModelcar: 1010,
    },
  };
}

/** The `inferenceservice-config` ConfigMap the controller and its webhook read. */
export function inferenceServiceConfigMap(scope: Construct, namespace: string, labels: Record<string, string>, p: InferenceServiceConfigProps): k8s.KubeConfigMap {
  const values = inferenceServiceConfig(p);
  return new k8s.KubeConfigMap(scope, 'ConfigMap-inferenceservice-config', {
    metadata: { name: 'inferenceservice-config', namespace, labels },
    data: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, JSON.stringify(v, null, 2)])),
  });
}
