import { Construct } from 'constructs';
import { Crd, PrinterColumn } from '../core/crd';
import { array, boolean, embedded, enumOf, integer, nameRef, object, Schema, string } from '../core/schema';

const ready = (jsonPathQuote: "'" | '"' = "'"): PrinterColumn[] => [
  { name: 'Ready', type: 'string', jsonPath: `.status.conditions[?(@.type==${jsonPathQuote}Ready${jsonPathQuote})].status` },
  { name: 'Reason', type: 'string', jsonPath: `.status.conditions[?(@.type==${jsonPathQuote}Ready${jsonPathQuote})].reason` },
];
const col = (name: string, jsonPath: string, type: PrinterColumn['type'] = 'string'): PrinterColumn => ({ name, type, jsonPath });
const int64 = () => integer({ format: 'int64' });

// The pod-level fields Knative adds to a PodSpec; the PodSpec itself is embedded.
const revisionSpec = (): Schema =>
  object(
    {
      containerConcurrency: int64(),
      timeoutSeconds: int64(),
      responseStartTimeoutSeconds: int64(),
      idleTimeoutSeconds: int64(),
      serviceAccountName: string(),
      containers: array(embedded()),
      initContainers: array(embedded()),
      volumes: array(embedded()),
    },
    { required: ['containers'], 'x-kubernetes-preserve-unknown-fields': true },
  );
const template = () => object({ metadata: embedded(), spec: revisionSpec() });
const traffic = () =>
  array(object({ configurationName: string(), latestRevision: boolean(), percent: int64(), revisionName: string(), tag: string(), url: string() }));
const objectRef = () => object({ apiVersion: string(), kind: string(), name: string(), namespace: string() }, { required: ['kind', 'name'] });

interface KnativeCrd {
  readonly group: 'serving.knative.dev' | 'networking.internal.knative.dev' | 'autoscaling.internal.knative.dev' | 'caching.internal.knative.dev';
  readonly kind: string;
  readonly version: string;
  readonly spec: Schema;
  readonly scope?: 'Cluster';
  /** @default kind + 's' */
  readonly plural?: string;
  readonly shortNames?: string[];
  readonly columns?: PrinterColumn[];
  /** Extra metadata labels (duck types, networking component). */
  readonly labels?: Record<string, string>;
  /** Upstream gives it a status subresource without a status schema. @default false */
  readonly noStatusSchema?: boolean;
}

const networking = { 'app.kubernetes.io/component': 'networking' };
const CATEGORIES: Record<KnativeCrd['group'], string[]> = {
  'serving.knative.dev': ['all', 'knative', 'serving'],
  'networking.internal.knative.dev': ['knative-internal', 'networking'],
  'autoscaling.internal.knative.dev': ['knative-internal', 'autoscaling'],
  'caching.internal.knative.dev': ['knative-internal', 'caching'],
};

const KNATIVE_CRDS: readonly KnativeCrd[] = [
  {
    group: 'networking.internal.knative.dev', kind: 'Certificate', version: 'v1alpha1', shortNames: ['kcert'], labels: networking, columns: ready('"'),
    spec: object({ dnsNames: array(string()), domain: string(), secretName: string() }, { required: ['dnsNames', 'secretName'] }),
  },
  {
    group: 'networking.internal.knative.dev', kind: 'ClusterDomainClaim', version: 'v1alpha1', scope: 'Cluster', shortNames: ['cdc'], labels: networking, noStatusSchema: true,
    spec: object({ namespace: string() }, { required: ['namespace'] }),
  },
  {
    group: 'serving.knative.dev', kind: 'Configuration', version: 'v1', shortNames: ['config', 'cfg'], labels: { 'duck.knative.dev/podspecable': 'true' },
    columns: [col('LatestCreated', '.status.latestCreatedRevisionName'), col('LatestReady', '.status.latestReadyRevisionName'), ...ready()],
    spec: object({ template: template() }),
  },
  {
    group: 'serving.knative.dev', kind: 'DomainMapping', version: 'v1beta1', shortNames: ['dm'], columns: [col('URL', '.status.url'), ...ready()],
    spec: object({ ref: object({ address: string(), apiVersion: string(), group: string(), kind: string(), name: string(), namespace: string() }, { required: ['kind', 'name'] }), tls: object({ secretName: string() }, { required: ['secretName'] }) }, { required: ['ref'] }),
  },
  {
    group: 'caching.internal.knative.dev', kind: 'Image', version: 'v1alpha1', columns: [col('Image', '.spec.image')],
    spec: object({ image: string(), imagePullSecrets: array(nameRef()), serviceAccountName: string() }, { required: ['image'] }),
  },
  {
    group: 'networking.internal.knative.dev', kind: 'Ingress', plural: 'ingresses', version: 'v1alpha1', shortNames: ['kingress', 'king'], labels: networking, columns: ready(),
    spec: object({
      httpOption: enumOf(['Enabled', 'Redirected']),
      rules: array(object({ hosts: array(string()), http: embedded(), visibility: enumOf(['ExternalIP', 'ClusterLocal']) })),
      tls: array(object({ hosts: array(string()), secretName: string(), secretNamespace: string() })),
    }),
  },
  {
    group: 'autoscaling.internal.knative.dev', kind: 'Metric', version: 'v1alpha1', columns: ready(),
    spec: object({ panicWindow: int64(), scrapeTarget: string(), stableWindow: int64() }, { required: ['panicWindow', 'scrapeTarget', 'stableWindow'] }),
  },
  {
    group: 'autoscaling.internal.knative.dev', kind: 'PodAutoscaler', version: 'v1alpha1', shortNames: ['kpa', 'pa'],
    columns: [col('DesiredScale', '.status.desiredScale', 'integer'), col('ActualScale', '.status.actualScale', 'integer'), ...ready()],
    spec: object({ containerConcurrency: int64(), protocolType: string(), reachability: string(), scaleTargetRef: objectRef() }, { required: ['protocolType', 'scaleTargetRef'] }),
  },
  {
    group: 'serving.knative.dev', kind: 'Revision', version: 'v1', shortNames: ['rev'],
    columns: [
      col('Config Name', ".metadata.labels['serving\\.knative\\.dev/configuration']"),
      col('Generation', ".metadata.labels['serving\\.knative\\.dev/configurationGeneration']"),
      ...ready(),
      col('Actual Replicas', '.status.actualReplicas', 'integer'),
      col('Desired Replicas', '.status.desiredReplicas', 'integer'),
    ],
    spec: revisionSpec(),
  },
  {
    group: 'serving.knative.dev', kind: 'Route', version: 'v1', shortNames: ['rt'], labels: { 'duck.knative.dev/addressable': 'true' },
    columns: [col('URL', '.status.url'), ...ready()],
    spec: object({ traffic: traffic() }),
  },
  {
    group: 'networking.internal.knative.dev', kind: 'ServerlessService', version: 'v1alpha1', shortNames: ['sks'], labels: networking,
    columns: [col('Mode', '.spec.mode'), col('Activators', '.spec.numActivators', 'integer'), col('ServiceName', '.status.serviceName'), col('PrivateServiceName', '.status.privateServiceName'), ...ready()],
    spec: object({ mode: string(), numActivators: integer({ format: 'int32' }), objectRef: objectRef(), protocolType: string() }, { required: ['objectRef', 'protocolType'] }),
  },
  {
    group: 'serving.knative.dev', kind: 'Service', version: 'v1', shortNames: ['kservice', 'ksvc'],
    labels: { 'duck.knative.dev/addressable': 'true', 'duck.knative.dev/podspecable': 'true' },
    columns: [col('URL', '.status.url'), col('LatestCreated', '.status.latestCreatedRevisionName'), col('LatestReady', '.status.latestReadyRevisionName'), ...ready()],
    spec: object({ template: template(), traffic: traffic() }),
  },
];

/** The Knative Serving CRDs, with typed top-level specs and embedded pod templates. */
export function knativeCrds(scope: Construct, baseLabels: Readonly<Record<string, string>>): Crd[] {
  return KNATIVE_CRDS.map((c) => new Crd(scope, `Crd-${c.kind}-${c.group}`, {
    group: c.group,
    kind: c.kind,
    plural: c.plural,
    scope: c.scope ?? 'Namespaced',
    shortNames: c.shortNames,
    categories: CATEGORIES[c.group],
    labels: { ...baseLabels, ...(c.labels ?? {}), 'knative.dev/crd-install': 'true' },
    versions: [{
      name: c.version,
      storage: true,
      spec: c.spec,
      ...(c.noStatusSchema ? { subresources: { status: true } } : { status: embedded() }),
      printerColumns: c.columns,
    }],
  }));
}
