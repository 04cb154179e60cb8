import { JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { z } from 'zod';
import { ComponentContext, resolveContext } from '../core/context';
import { selectorLabels } from '../core/labels';
import { restrictedContainer } from '../core/security';
import { deployment as workload, statefulSet } from '../core/workload';
import { fromSecret } from '../core/env';
import { modelCatalogOptions, performanceMetricsSchema } from './config';
import { CATALOG, NAMESPACE } from './names';
import { postgresPod, postgresVolume } from './postgres';

export interface ModelCatalogProps extends ComponentContext {
  /** Password of the catalog's PostgreSQL; the platform generates one and keeps it in its secret store. */
  readonly databasePassword: string;
  /** `components.hub.modelCatalog.database` (docs/configuration.md): the PostgreSQL volume. */
  readonly volume?: Readonly<z.input<typeof modelCatalogOptions.shape.database>>;
  /** `components.hub.modelCatalog.sources`: the server's `sources.yaml`. */
  readonly sources?: Readonly<z.input<typeof modelCatalogOptions.shape.sources>>;
  /** `components.hub.modelCatalog.catalogFiles`: more files of the sources ConfigMap. */
  readonly catalogFiles?: Readonly<z.input<typeof modelCatalogOptions.shape.catalogFiles>>;
  /** `components.hub.modelCatalog.performanceMetrics`: the server's performance-metrics folder. */
  readonly performanceMetrics?: PerformanceMetrics;
}

/** Files by relative path, and a base64 `.tar.gz`, of the catalog's performance-metrics folder. */
export type PerformanceMetrics = Readonly<z.input<typeof performanceMetricsSchema>>;

const DB_USER = 'postgres';
const SOURCES_DIR = '/catalog';
const METRICS_DIR = '/perf-data';
const METRICS_SOURCE = '/demo-perf-data';
const ARCHIVE = 'performance-metrics.tar.gz';
// busybox has no user of its own; nobody, as upstream runs it.
const NOBODY = 65534;

/** ConfigMap keys cannot hold `/`: a file's key is its path with `__` for each `/` (paths have no `__`). */
const keyOf = (path: string) => path.replace(/\//g, '__');

/**
 * The performance-metrics folder is filled before the server starts, as upstream does: the
 * ConfigMap's files appear under `tree/` at their paths (volume items), the archive is
 * unpacked first. The pod has the same shape with or without data, so adding data later
 * is a ConfigMap change, not a new pod template.
 */
const UNPACK = [
  'set -eu',
  `if [ -f ${METRICS_SOURCE}/${ARCHIVE} ]; then tar zxf ${METRICS_SOURCE}/${ARCHIVE} -C /shared; fi`,
  `if [ -d ${METRICS_SOURCE}/tree ]; then cp -RL ${METRICS_SOURCE}/tree/. /shared/; fi`,
].join('\n');

/**
 * Kubeflow Hub's model catalog, one per cluster in `kubeflow`: the catalog server (the Hub
 * server image in `catalog` mode) and its PostgreSQL StatefulSet on a retained volume.
 * The Hugging Face API key Secret is created empty: the server reads it when present
 * (the reference is optional), and a key filled in by the user is never overwritten.
 */
export class ModelCatalog extends Construct {
  constructor(scope: Construct, id: string, props: ModelCatalogProps) {
    super(scope, id);
    const { images, sizing } = resolveContext(props);
    // The schema fills in the defaults; the config's `database` is the props' `volume`.
    const o = z.object(modelCatalogOptions.shape).parse({ ...props, database: props.volume });
    const namespace = NAMESPACE;
    const meta = (name: string, labels?: Readonly<Record<string, string>>) => ({ name, namespace, ...(labels ? { labels: { ...labels } } : {}) });

    new k8s.KubeSecret(this, 'DatabaseSecret', {
      metadata: meta(CATALOG.postgres),
      type: 'Opaque',
      stringData: { POSTGRES_USER: DB_USER, POSTGRES_PASSWORD: props.databasePassword },
    });
    // No data: `kubectl -n kubeflow create secret generic model-catalog-hf-api-key --from-literal=HF_API_KEY=...
    // --dry-run=client -o yaml | kubectl apply -f -` fills it; apply and Pulumi leave data they do not own alone.
    new k8s.KubeSecret(this, 'HfApiKey', { metadata: meta(CATALOG.hfApiKey), type: 'Opaque' });
    new k8s.KubeConfigMap(this, 'Sources', {
      metadata: meta(CATALOG.sources),
      data: { 'sources.yaml': stringify(o.sources), ...o.catalogFiles },
    });

    const files = Object.entries(o.performanceMetrics.files).sort(([a], [b]) => a.localeCompare(b));
    const archive = o.performanceMetrics.archive;
    new k8s.KubeConfigMap(this, 'PerformanceMetrics', {
      metadata: meta(CATALOG.perfData),
      ...(files.length ? { data: Object.fromEntries(files.map(([path, text]) => [keyOf(path), text])) } : {}),
      ...(archive ? { binaryData: { [ARCHIVE]: archive } } : {}),
    });
    const metricItems = [...files.map(([path]) => ({ key: keyOf(path), path: `tree/${path}` })), ...(archive ? [{ key: ARCHIVE, path: ARCHIVE }] : [])];

    const dbLabels = { ...CATALOG.databaseLabels };
    new k8s.KubeService(this, 'DatabaseService', {
      metadata: meta(CATALOG.postgres, { 'app.kubernetes.io/component': 'database', 'app.kubernetes.io/name': 'model-catalog', 'app.kubernetes.io/part-of': 'model-catalog' }),
      spec: { type: 'ClusterIP', selector: selectorLabels(dbLabels), ports: [{ name: 'postgres', port: 5432, protocol: 'TCP' }] },
    });
    postgresVolume(this, namespace, CATALOG.postgres, o.database);
    const pg = postgresPod({
      container: 'postgres',
      image: images.ref('hub/catalog-postgres'),
      claim: CATALOG.postgres,
      volumeName: CATALOG.postgres,
      envFrom: [{ secretRef: { name: CATALOG.postgres } }],
      resources: sizing.resources('large'),
    });
    const db = statefulSet(this, {
      id: 'Database',
      name: CATALOG.postgres,
      namespace,
      labels: { component: CATALOG.server },
      selector: { 'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/part-of': 'model-catalog' },
      podLabels: { ...dbLabels, 'sidecar.istio.io/inject': 'false' },
      podSecurity: pg.securityContext,
      containers: pg.containers,
      volumes: pg.volumes,
    });
    // Upstream's StatefulSet has no serviceName, and the field is immutable: setting one
    // would make an adopted install fail to update.
    db.addJsonPatch(JsonPatch.remove('/spec/serviceName'));

    const labels = { ...CATALOG.serverLabels };
    new k8s.KubeService(this, 'Service', {
      metadata: meta(CATALOG.service, labels),
      spec: { type: 'ClusterIP', selector: selectorLabels({ 'app.kubernetes.io/component': 'server', 'app.kubernetes.io/part-of': 'model-catalog' }), ports: [{ name: 'http-api', port: 8080, protocol: 'TCP', appProtocol: 'http' }] },
    });
    const secretEnv = (name: string, key: string, secret: string = CATALOG.postgres, optional?: boolean) => fromSecret(name, { name: secret, key }, optional);
    const tcp: k8s.Probe = { tcpSocket: { port: k8s.IntOrString.fromString('http-api') }, periodSeconds: 5, timeoutSeconds: 2 };
    workload(this, {
      id: 'Server',
      name: CATALOG.server,
      namespace,
      labels,
      replicas: 1,
      podLabels: { 'sidecar.istio.io/inject': 'true' },
      pod: {
        initContainers: [{
          name: 'perf-data-init',
          image: images.ref('hub/perf-data-init'),
          command: ['/bin/sh', '-c', UNPACK],
          resources: sizing.resources('tiny'),
          securityContext: restrictedContainer({ runAsUser: NOBODY }),
          volumeMounts: [{ mountPath: '/shared', name: 'perf-data' }, { mountPath: METRICS_SOURCE, name: 'demo-perf-data' }],
        }],
      },
      containers: [{
        name: 'catalog',
        image: images.ref('hub/server'),
        command: ['/model-registry', 'catalog'],
        args: [`--performance-metrics=${METRICS_DIR}`, '--listen=0.0.0.0:8080', `--catalogs-path=${SOURCES_DIR}/sources.yaml`],
        env: [
          { name: 'PGHOST', value: CATALOG.postgres },
          secretEnv('PGUSER', 'POSTGRES_USER'),
          secretEnv('PGPASSWORD', 'POSTGRES_PASSWORD'),
          secretEnv('HF_API_KEY', 'HF_API_KEY', CATALOG.hfApiKey, true),
        ],
        ports: [{ containerPort: 8080, name: 'http-api' }],
        livenessProbe: { ...tcp, initialDelaySeconds: 30 },
        readinessProbe: { ...tcp, initialDelaySeconds: 3 },
        resources: sizing.resources('medium'),
        securityContext: restrictedContainer(),
        volumeMounts: [{ mountPath: METRICS_DIR, name: 'perf-data', readOnly: true }, { mountPath: SOURCES_DIR, name: 'sources' }, { mountPath: '/tmp', name: 'tmp' }],
      }],
      volumes: [
        { name: 'demo-perf-data', configMap: { name: CATALOG.perfData, ...(metricItems.length ? { items: metricItems } : {}) } },
        { name: 'perf-data', emptyDir: {} },
        { name: 'sources', configMap: { name: CATALOG.sources } },
        { name: 'tmp', emptyDir: {} },
      ],
    });
  }
}
