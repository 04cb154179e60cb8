/** Upstream's object names and labels of Kubeflow Hub; kept so an upstream install is adopted in place. */

/** Where the cluster-wide parts live: the model catalog and the registry UI. */
export const NAMESPACE = 'kubeflow';

export const CATALOG = {
  server: 'model-catalog-server',
  service: 'model-catalog',
  postgres: 'model-catalog-postgres',
  sources: 'model-catalog-sources',
  hfApiKey: 'model-catalog-hf-api-key',
  /** Upstream's name, kept for adoption; here it holds the site's data, empty by default. */
  perfData: 'model-catalog-demo-perf-data',
  /** Labels of the server's pods and Service selector. */
  serverLabels: { 'app.kubernetes.io/component': 'server', 'app.kubernetes.io/name': 'model-catalog', 'app.kubernetes.io/part-of': 'model-catalog' },
  /** Labels of the database pods. */
  databaseLabels: { 'app.kubernetes.io/component': 'database', 'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/part-of': 'model-catalog' },
} as const;

export const REGISTRY = {
  serverAccount: 'model-registry-server',
  deployment: 'model-registry-deployment',
  service: 'model-registry-service',
  configMap: 'model-registry-configmap',
  dbParameters: 'model-registry-db-parameters',
  dbSecret: 'model-registry-db-secrets',
  db: 'model-registry-db',
  volume: 'metadata-postgres',
  serverLabels: { component: 'model-registry-server' },
  dbLabels: { component: 'db' },
  port: 8080,
} as const;

export const UI = {
  name: 'model-registry-ui',
  service: 'model-registry-ui-service',
  labels: { app: 'model-registry-ui' },
} as const;

/** Postgres images run as the `postgres` user of the Alpine image, as upstream sets. */
export const POSTGRES_UID = 70;
