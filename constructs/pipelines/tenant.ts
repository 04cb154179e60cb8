import { k8s } from 'cdk8s-plus-28';
import { stringify } from 'yaml';
import { restrictedContainer, restrictedPod } from '../core/security';
import { fromSecret } from '../core/env';
import { ARTIFACT_SECRET, NAMESPACE, TENANT_RUNNER } from './names';
import { ARTIFACT_KEY_SUFFIX, artifactRepository, ObjectStoreWiring } from './settings';

/** A Kubernetes object as the profile hook returns it. */
export interface TenantObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
  readonly [field: string]: unknown;
}

/** What decides the objects of a tenant namespace. */
export interface TenantOptions {
  readonly store: ObjectStoreWiring;
  /** Run the artifact proxy in each namespace. */
  readonly artifactsProxy: boolean;
  /** The frontend image the artifact proxy runs (from the catalog, through the mirror). */
  readonly frontendImage: string;
  readonly proxyResources: k8s.ResourceRequirements;
  /** Keep Istio's sidecar out of the artifact proxy. @default false */
  readonly disableIstioSidecar?: boolean;
  /** Write the cluster domain into `kfp-launcher` (KFP 2.16 and later read it). */
  readonly launcherClusterDomain: boolean;
}

const CLUSTER_DOMAIN = 'svc.cluster.local';

// The hook writes JSON, so quantities are spelled out.
function plainResources(r: k8s.ResourceRequirements): Record<string, Record<string, string>> {
  const plain = (m?: Record<string, k8s.Quantity>) => Object.fromEntries(Object.entries(m ?? {}).map(([k, q]) => [k, String(q.value)]));
  return { requests: plain(r.requests), ...(r.limits ? { limits: plain(r.limits) } : {}) };
}
const PROXY = 'ml-pipeline-ui-artifact';

/** The launcher's object-store settings for stores other than the in-cluster one. */
function launcherProviders(store: ObjectStoreWiring): Record<string, string> {
  if (store.kind === 'seaweedfs') return {};
  if (store.kind === 'gcs') return { providers: stringify({ gs: { default: { credentials: { fromEnv: true } } } }) };
  const credentials = store.tenantCredentials === 'none'
    ? { fromEnv: true }
    : { fromEnv: false, secretRef: { secretName: ARTIFACT_SECRET, accessKeyKey: 'accesskey', secretKeyKey: 'secretkey' } };
  const endpoint = store.kind === 's3' ? {} : { endpoint: `${store.secure ? 'https' : 'http'}://${store.host}:${store.port}`, disableSSL: !store.secure };
  return { providers: stringify({ s3: { default: { ...endpoint, region: store.region, credentials } } }) };
}

/**
 * The objects the profile hook keeps in a tenant namespace labelled
 * `pipelines.kubeflow.org/enabled: "true"`: launcher and metadata settings, Argo's artifact
 * repository, and the artifact proxy when enabled. Object-store keys are added at run time
 * (minted per namespace or copied), never here.
 */
export function tenantObjects(namespace: string, o: TenantOptions): TenantObject[] {
  const { store } = o;
  const meta = (name: string, extra: Partial<TenantObject['metadata']> = {}) => ({ name, namespace, ...extra });
  const keyFormat = `private-artifacts/${namespace}/${ARTIFACT_KEY_SUFFIX}`;
  const out: TenantObject[] = [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('kfp-launcher'),
      data: {
        defaultPipelineRoot: `${store.rootScheme}://${store.bucket}/private-artifacts/${namespace}/v2/artifacts`,
        ...(o.launcherClusterDomain ? { clusterDomain: `.${CLUSTER_DOMAIN}` } : {}),
        ...launcherProviders(store),
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('metadata-grpc-configmap'),
      data: { METADATA_GRPC_SERVICE_HOST: `metadata-grpc-service.${NAMESPACE}`, METADATA_GRPC_SERVICE_PORT: '8080' },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('artifact-repositories', { annotations: { 'workflows.argoproj.io/default-artifact-repository': 'default-namespaced' } }),
      data: { 'default-namespaced': JSON.stringify(artifactRepository(store, keyFormat, store.tenantCredentials === 'none' ? undefined : ARTIFACT_SECRET)) },
    },
  ];
  if (!o.artifactsProxy) return out;

  const labels = { app: PROXY };
  const keys = store.tenantCredentials === 'none'
    ? []
    : (['MINIO_ACCESS_KEY', 'MINIO_SECRET_KEY'] as const).map((name, i) => fromSecret(name, { name: ARTIFACT_SECRET, key: i ? 'secretkey' : 'accesskey' }));
  out.push(
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(PROXY, { labels }),
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels, ...(o.disableIstioSidecar ? { annotations: { 'sidecar.istio.io/inject': 'false' } } : {}) },
          spec: {
            serviceAccountName: TENANT_RUNNER,
            securityContext: restrictedPod(),
            containers: [{
              name: PROXY,
              image: o.frontendImage,
              imagePullPolicy: 'IfNotPresent',
              ports: [{ containerPort: 3000 }],
              env: [
                ...keys,
                { name: 'ML_PIPELINE_SERVICE_HOST', value: `ml-pipeline.${NAMESPACE}.${CLUSTER_DOMAIN}` },
                { name: 'ML_PIPELINE_SERVICE_PORT', value: '8888' },
                { name: 'FRONTEND_SERVER_NAMESPACE', value: namespace },
                { name: 'CLUSTER_DOMAIN', value: `.${CLUSTER_DOMAIN}` },
              ],
              resources: plainResources(o.proxyResources),
              securityContext: restrictedContainer({ runAsUser: 1000, runAsGroup: 0, readOnlyRootFilesystem: false }),
            }],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(PROXY, { labels }),
      // The port name tells Istio the protocol.
      spec: { selector: labels, ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 3000 }] },
    },
  );
  return out;
}

/** A tenant's cloud identity, in the shape of the tenants component's `cloudIdentity` field. */
export interface TenantCloudIdentity {
  readonly awsIamRole?: string;
  readonly awsAnnotateOnly?: boolean;
  readonly gcpServiceAccount?: string;
}

/**
 * The cloud identity every tenant's `default-editor` needs to reach the artifact store (its
 * pipeline pods read and write artifacts): the profile controller's AwsIamForServiceAccount or
 * WorkloadIdentity plugin applies it. None for stores with keys.
 */
export function tenantCloudIdentity(store: ObjectStoreWiring): TenantCloudIdentity | undefined {
  const aws = store.identityAnnotations['eks.amazonaws.com/role-arn'];
  const gcp = store.identityAnnotations['iam.gke.io/gcp-service-account'];
  // The role's trust policy is the platform engineer's (it trusts the API server and UI too).
  if (aws) return { awsIamRole: aws, awsAnnotateOnly: true };
  if (gcp) return { gcpServiceAccount: gcp };
  return undefined;
}
