import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { createHash } from 'crypto';
import { ImageResolver } from '../core/images';
import { Sizing } from '../core/sizing';
import { API_SERVER_CONFIG, apiServerConfig, UI_CONFIG } from './config-maps';
import { INSTALL_CONFIG, KFP_LABELS, kfpApp } from './names';
import { DatabaseWiring, ObjectStoreWiring } from './settings';
import { deployment, env, fromConfigMap, fromField, fromSecret, httpProbe, kfpContainerSecurity, service } from './workload';

export interface KfpServersProps {
  readonly images: ImageResolver;
  readonly sizing: Sizing;
  readonly db: DatabaseWiring;
  readonly store: ObjectStoreWiring;
}

const SAFE_TO_EVICT = { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' };
const install = (name: string, key: string, optional?: boolean) => fromConfigMap(name, INSTALL_CONFIG, key, optional);

/** A short hash of generated config, so pods roll when the ConfigMap they read at start changes. */
export const configHash = (data: unknown): Record<string, string> => ({
  'kubeflow-iac.io/config-hash': createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 16),
});

/** Database settings in the names the API server reads (both its generic and MySQL keys). */
function apiServerDatabase(db: DatabaseWiring): k8s.EnvVar[] {
  return [
    fromSecret('DBCONFIG_USER', db.user),
    fromSecret('DBCONFIG_PASSWORD', db.password),
    install('DBCONFIG_DBNAME', 'pipelineDb'),
    install('DBCONFIG_HOST', 'dbHost'),
    install('DBCONFIG_PORT', 'dbPort'),
    install('DBCONFIG_CONMAXLIFETIME', 'ConMaxLifeTime'),
    install('DB_DRIVER_NAME', 'dbType'),
    fromSecret('DBCONFIG_MYSQLCONFIG_USER', db.user),
    fromSecret('DBCONFIG_MYSQLCONFIG_PASSWORD', db.password),
    install('DBCONFIG_MYSQLCONFIG_DBNAME', 'pipelineDb'),
    install('DBCONFIG_MYSQLCONFIG_HOST', 'mysqlHost'),
    install('DBCONFIG_MYSQLCONFIG_PORT', 'mysqlPort'),
  ];
}

/** Object-store settings of the API server; keys only when the store has static keys. */
function apiServerStore(store: ObjectStoreWiring): { location: k8s.EnvVar[]; keys: k8s.EnvVar[] } {
  return {
    location: [
      env('OBJECTSTORECONFIG_SECURE', store.secure),
      install('OBJECTSTORECONFIG_BUCKETNAME', 'bucketName'),
      env('OBJECTSTORECONFIG_HOST', store.host),
      env('OBJECTSTORECONFIG_PORT', store.port),
      ...(store.kind === 'seaweedfs' ? [] : [env('OBJECTSTORECONFIG_REGION', store.region)]),
    ],
    keys: store.keys ? [fromSecret('OBJECTSTORECONFIG_ACCESSKEY', store.keys.accessKey), fromSecret('OBJECTSTORECONFIG_SECRETACCESSKEY', store.keys.secretKey)] : [],
  };
}

/** How the UI reads artifacts: upstream's MinIO settings, or AWS settings for S3 stores. */
function uiStore(store: ObjectStoreWiring): k8s.EnvVar[] {
  const minioKeys = store.keys ? [fromSecret('MINIO_ACCESS_KEY', store.keys.accessKey), fromSecret('MINIO_SECRET_KEY', store.keys.secretKey)] : [];
  if (store.kind === 'seaweedfs' || store.kind === 'gcs') return [fromField('MINIO_NAMESPACE', 'metadata.namespace'), ...minioKeys];
  return [
    fromField('MINIO_NAMESPACE', 'metadata.namespace'),
    ...minioKeys,
    env('AWS_REGION', store.region),
    env('AWS_S3_ENDPOINT', store.kind === 's3' ? store.host : `${store.host}:${store.port}`),
    env('AWS_SSL', store.secure),
    ...(store.keys ? [fromSecret('AWS_ACCESS_KEY_ID', store.keys.accessKey), fromSecret('AWS_SECRET_ACCESS_KEY', store.keys.secretKey)] : []),
  ];
}

const tokenVolume = (name: string): k8s.Volume => ({
  name,
  projected: { sources: [{ serviceAccountToken: { audience: 'pipelines.kubeflow.org', expirationSeconds: 3600, path: name } }] },
});

/** The API server, UI, persistence agent, scheduled-workflow and viewer controllers, visualization server and metadata writer. */
export class KfpServers extends Construct {
  constructor(scope: Construct, id: string, props: KfpServersProps) {
    super(scope, id);
    const { images, sizing, db, store } = props;
    const f = images.catalog.features;
    const securityContext = kfpContainerSecurity();
    const objectStore = apiServerStore(store);

    deployment(this, {
      name: 'ml-pipeline',
      labels: kfpApp('ml-pipeline'),
      replicas: sizing.replicas,
      podAnnotations: { ...SAFE_TO_EVICT, ...configHash(apiServerConfig()) },
      serviceAccount: 'ml-pipeline',
      containers: [{
        name: 'ml-pipeline-api-server',
        image: images.ref('pipelines/api-server'),
        imagePullPolicy: 'IfNotPresent',
        envFrom: [{ configMapRef: { name: API_SERVER_CONFIG } }],
        env: [
          env('KUBEFLOW_USERID_HEADER', 'kubeflow-userid'),
          env('KUBEFLOW_USERID_PREFIX', ''),
          env('PUBLISH_LOGS', true),
          env('LOG_LEVEL', 'info'),
          env('PIPELINE_LOG_LEVEL', 1),
          install('AUTO_UPDATE_PIPELINE_DEFAULT_VERSION', 'autoUpdatePipelineDefaultVersion'),
          fromField('POD_NAMESPACE', 'metadata.namespace'),
          ...(f.kfpClusterDomain ? [env('CLUSTER_DOMAIN', 'cluster.local')] : []),
          ...objectStore.location,
          ...apiServerDatabase(db),
          ...objectStore.keys,
          // The driver and launcher run in every pipeline pod; the API server writes their images into the workflows.
          env('V2_DRIVER_IMAGE', images.ref('pipelines/driver')),
          env('V2_LAUNCHER_IMAGE', images.ref('pipelines/launcher')),
          env('COMPILED_PIPELINE_SPEC_PATCH', '{}'),
          ...(f.kfpDefaultPipelineSecurityContext
            ? [
              install('DEFAULT_SECURITY_CONTEXT_RUN_AS_USER', 'defaultSecurityContextRunAsUser', true),
              install('DEFAULT_SECURITY_CONTEXT_RUN_AS_GROUP', 'defaultSecurityContextRunAsGroup', true),
              install('DEFAULT_SECURITY_CONTEXT_RUN_AS_NON_ROOT', 'defaultSecurityContextRunAsNonRoot', true),
            ]
            : []),
          ...(f.kfpV1PipelineGate ? [install('BLOCK_V1_PIPELINES', 'BLOCK_V1_PIPELINES', true), install('V1_ALLOWED_NAMESPACES', 'V1_ALLOWED_NAMESPACES', true)] : []),
        ],
        ports: [{ name: 'http', containerPort: 8888 }, { name: 'grpc', containerPort: 8887 }],
        livenessProbe: httpProbe('/apis/v1beta1/healthz', 8888),
        readinessProbe: httpProbe('/apis/v1beta1/healthz', 8888),
        startupProbe: { httpGet: { path: '/apis/v1beta1/healthz', port: k8s.IntOrString.fromNumber(8888) }, failureThreshold: 12, periodSeconds: 5, timeoutSeconds: 2 },
        resources: sizing.resources('large', 'ml-pipeline/ml-pipeline-api-server'),
        securityContext,
      }],
    });
    service(this, 'ml-pipeline', KFP_LABELS, kfpApp('ml-pipeline'), [{ name: 'http', port: 8888 }, { name: 'grpc', port: 8887 }], {
      annotations: { 'prometheus.io/port': '8888', 'prometheus.io/scheme': 'http', 'prometheus.io/scrape': 'true' },
    });

    deployment(this, {
      name: 'ml-pipeline-ui',
      labels: kfpApp('ml-pipeline-ui'),
      replicas: sizing.replicas,
      podAnnotations: SAFE_TO_EVICT,
      serviceAccount: 'ml-pipeline-ui',
      volumes: [{ name: 'config-volume', configMap: { name: UI_CONFIG } }],
      containers: [{
        name: 'ml-pipeline-ui',
        image: images.ref('pipelines/frontend'),
        imagePullPolicy: 'IfNotPresent',
        env: [
          env('VIEWER_TENSORBOARD_POD_TEMPLATE_SPEC_PATH', '/etc/config/viewer-pod-template.json'),
          env('DEPLOYMENT', 'KUBEFLOW'),
          env('ARTIFACTS_SERVICE_PROXY_NAME', 'ml-pipeline-ui-artifact'),
          env('ARTIFACTS_SERVICE_PROXY_PORT', 80),
          install('ARTIFACTS_SERVICE_PROXY_ENABLED', 'ARTIFACTS_PROXY_ENABLED', true),
          env('ENABLE_AUTHZ', true),
          env('KUBEFLOW_USERID_HEADER', 'kubeflow-userid'),
          env('KUBEFLOW_USERID_PREFIX', ''),
          ...uiStore(store),
          env('ALLOW_CUSTOM_VISUALIZATIONS', true),
          fromField('FRONTEND_SERVER_NAMESPACE', 'metadata.namespace'),
          env('ARGO_ARCHIVE_LOGS', true),
          env('DISABLE_GKE_METADATA', true),
          ...(f.kfpClusterDomain ? [install('CLUSTER_DOMAIN', 'CLUSTER_DOMAIN', true)] : []),
        ],
        ports: [{ containerPort: 3000 }],
        livenessProbe: httpProbe('/apis/v1beta1/healthz', 3000),
        readinessProbe: httpProbe('/apis/v1beta1/healthz', 3000),
        resources: sizing.resources('medium', 'ml-pipeline-ui/ml-pipeline-ui'),
        securityContext,
        volumeMounts: [{ name: 'config-volume', mountPath: '/etc/config', readOnly: true }],
      }],
    });
    service(this, 'ml-pipeline-ui', kfpApp('ml-pipeline-ui'), kfpApp('ml-pipeline-ui'), [{ name: 'http', port: 80, target: 3000 }]);

    deployment(this, {
      name: 'ml-pipeline-persistenceagent',
      labels: kfpApp('ml-pipeline-persistenceagent'),
      podAnnotations: SAFE_TO_EVICT,
      serviceAccount: 'ml-pipeline-persistenceagent',
      volumes: [tokenVolume('persistenceagent-sa-token')],
      containers: [{
        name: 'ml-pipeline-persistenceagent',
        image: images.ref('pipelines/persistence-agent'),
        imagePullPolicy: 'IfNotPresent',
        env: [env('NAMESPACE', ''), env('TTL_SECONDS_AFTER_WORKFLOW_FINISH', 86400), env('NUM_WORKERS', 2), env('LOG_LEVEL', 'info')],
        resources: sizing.resources('medium', 'ml-pipeline-persistenceagent/ml-pipeline-persistenceagent'),
        securityContext,
        volumeMounts: [{ name: 'persistenceagent-sa-token', mountPath: '/var/run/secrets/kubeflow/tokens' }],
      }],
    });

    deployment(this, {
      name: 'ml-pipeline-scheduledworkflow',
      labels: kfpApp('ml-pipeline-scheduledworkflow'),
      podAnnotations: SAFE_TO_EVICT,
      serviceAccount: 'ml-pipeline-scheduledworkflow',
      volumes: [tokenVolume('scheduledworkflow-sa-token')],
      containers: [{
        name: 'ml-pipeline-scheduledworkflow',
        image: images.ref('pipelines/scheduled-workflow-controller'),
        imagePullPolicy: 'IfNotPresent',
        env: [
          env('NAMESPACE', ''),
          ...(f.kfpScheduledWorkflowMetrics ? [env('METRICS_PORT', 9090), env('CLIENT_QPS', 10), env('RESYNC_INTERVAL_SECONDS', 30), env('CLIENT_BURST', 20)] : []),
          env('LOG_LEVEL', 'info'),
          install('CRON_SCHEDULE_TIMEZONE', 'cronScheduleTimezone'),
        ],
        ...(f.kfpScheduledWorkflowMetrics ? { ports: [{ name: 'http', containerPort: 9090 }] } : {}),
        resources: sizing.resources('small'),
        securityContext,
        volumeMounts: [{ name: 'scheduledworkflow-sa-token', mountPath: '/var/run/secrets/kubeflow/tokens' }],
      }],
    });

    deployment(this, {
      name: 'ml-pipeline-viewer-crd',
      labels: kfpApp('ml-pipeline-viewer-crd'),
      podAnnotations: SAFE_TO_EVICT,
      serviceAccount: 'ml-pipeline-viewer-crd-service-account',
      containers: [{
        name: 'ml-pipeline-viewer-crd',
        image: images.ref('pipelines/viewer-crd-controller'),
        imagePullPolicy: 'IfNotPresent',
        env: [env('NAMESPACE', ''), env('MAX_NUM_VIEWERS', 50)],
        resources: sizing.resources('small'),
        securityContext,
      }],
    });

    deployment(this, {
      name: 'ml-pipeline-visualizationserver',
      labels: kfpApp('ml-pipeline-visualizationserver'),
      replicas: sizing.replicas,
      podAnnotations: SAFE_TO_EVICT,
      serviceAccount: 'ml-pipeline-visualizationserver',
      containers: [{
        name: 'ml-pipeline-visualizationserver',
        image: images.ref('pipelines/visualization-server'),
        imagePullPolicy: 'IfNotPresent',
        ports: [{ name: 'http', containerPort: 8888 }],
        livenessProbe: httpProbe('/', 8888),
        readinessProbe: httpProbe('/', 8888),
        resources: sizing.resources('large', 'ml-pipeline-visualizationserver/ml-pipeline-visualizationserver'),
        securityContext,
      }],
    });
    service(this, 'ml-pipeline-visualizationserver', KFP_LABELS, kfpApp('ml-pipeline-visualizationserver'), [{ name: 'http', port: 8888 }]);

    deployment(this, {
      name: 'metadata-writer',
      labels: kfpApp('metadata-writer'),
      serviceAccount: 'kubeflow-pipelines-metadata-writer',
      containers: [{
        name: 'main',
        image: images.ref('pipelines/metadata-writer'),
        env: [env('NAMESPACE_TO_WATCH', '')],
        resources: sizing.resources('small'),
        securityContext,
      }],
    });
  }
}
