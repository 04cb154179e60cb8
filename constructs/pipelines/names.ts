/** Names and labels of the pipelines component, as upstream has them. */
export const NAMESPACE = 'kubeflow';

/** Every upstream pipelines object carries this label, selectors included. */
export const BASE_LABELS = { 'application-crd-id': 'kubeflow-pipelines' } as const;
/** KFP's own servers and controllers. */
export const KFP_LABELS = {
  'app.kubernetes.io/component': 'ml-pipeline',
  'app.kubernetes.io/name': 'kubeflow-pipelines',
  ...BASE_LABELS,
} as const;

export type Labels = Readonly<Record<string, string>>;

/** `app: <name>` plus the KFP labels: the labels and selector of most KFP workloads. */
export const kfpApp = (app: string): Labels => ({ app, ...KFP_LABELS });

/** The install settings ConfigMap most consumers read from. */
export const INSTALL_CONFIG = 'pipeline-install-config';
/** The object-store credentials Secret upstream names after MinIO. */
export const ARTIFACT_SECRET = 'mlpipeline-minio-artifact';
/** The in-cluster database credentials Secret. */
export const MYSQL_SECRET = 'mysql-secret';
/** The service account tenants' pipelines run as, made by the profile controller. */
export const TENANT_RUNNER = 'default-editor';
/** The bucket upstream creates in the in-cluster store. */
export const DEFAULT_BUCKET = 'mlpipeline';

/** Service accounts that talk to the API server, MySQL and the visualization server. */
export const KFP_CLIENTS = [
  'ml-pipeline',
  'ml-pipeline-ui',
  'ml-pipeline-persistenceagent',
  'ml-pipeline-scheduledworkflow',
  'ml-pipeline-viewer-crd-service-account',
  'kubeflow-pipelines-cache',
] as const;
