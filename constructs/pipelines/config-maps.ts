import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { ImageResolver } from '../core/images';
import { DatabaseNames } from './config';
import { BASE_LABELS, INSTALL_CONFIG, KFP_LABELS, TENANT_RUNNER } from './names';
import { DatabaseWiring, ObjectStoreWiring } from './settings';
import { configMap } from './workload';

export interface InstallConfigProps {
  readonly images: ImageResolver;
  readonly db: DatabaseWiring;
  readonly databaseNames: DatabaseNames;
  readonly store: ObjectStoreWiring;
  readonly artifactsProxy: boolean;
  readonly artifactRetentionDays: number;
}

export const API_SERVER_CONFIG = 'pipeline-api-server-config';
export const ENVOY_CONFIG = 'metadata-envoy-configmap';
export const UI_CONFIG = 'ml-pipeline-ui-configmap';

/** The API server's settings (multi-user: runs as the tenant's default-editor). */
export function apiServerConfig(): Record<string, string> {
  return {
    DEFAULTPIPELINERUNNERSERVICEACCOUNT: TENANT_RUNNER,
    MULTIUSER: 'true',
    VISUALIZATIONSERVICE_NAME: 'ml-pipeline-visualizationserver',
    VISUALIZATIONSERVICE_PORT: '8888',
  };
}

/** Envoy in front of ML Metadata: gRPC-web for the UI, with CORS. */
function envoyConfig(): string {
  const typed = (type: string, rest: Record<string, unknown> = {}) => ({ '@type': `type.googleapis.com/${type}`, ...rest });
  const cors = typed('envoy.extensions.filters.http.cors.v3.CorsPolicy', {
    allow_origin_string_match: [{ safe_regex: { regex: '.*' } }],
    allow_methods: 'GET, PUT, DELETE, POST, OPTIONS',
    allow_headers: 'keep-alive,user-agent,cache-control,content-type,content-transfer-encoding,custom-header-1,x-accept-content-transfer-encoding,x-accept-response-streaming,x-user-agent,x-grpc-web,grpc-timeout',
    max_age: '1728000',
    expose_headers: 'custom-header-1,grpc-status,grpc-message',
  });
  const filter = (name: string, type: string) => ({ name, typed_config: typed(type) });
  return stringify({
    admin: {
      access_log: { name: 'admin_access', typed_config: typed('envoy.extensions.access_loggers.file.v3.FileAccessLog', { path: '/tmp/admin_access.log' }) },
      address: { socket_address: { address: '0.0.0.0', port_value: 9901 } },
    },
    static_resources: {
      listeners: [{
        name: 'listener_0',
        address: { socket_address: { address: '0.0.0.0', port_value: 9090 } },
        filter_chains: [{
          filters: [{
            name: 'envoy.filters.network.http_connection_manager',
            typed_config: typed('envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager', {
              codec_type: 'auto',
              stat_prefix: 'ingress_http',
              route_config: {
                name: 'local_route',
                virtual_hosts: [{
                  name: 'local_service',
                  domains: ['*'],
                  routes: [{
                    match: { prefix: '/' },
                    route: { cluster: 'metadata-cluster', max_stream_duration: { grpc_timeout_header_max: '0s' } },
                    typed_per_filter_config: { 'envoy.filter.http.cors': cors },
                  }],
                }],
              },
              http_filters: [
                filter('envoy.filters.http.grpc_web', 'envoy.extensions.filters.http.grpc_web.v3.GrpcWeb'),
                filter('envoy.filters.http.cors', 'envoy.extensions.filters.http.cors.v3.Cors'),
                filter('envoy.filters.http.router', 'envoy.extensions.filters.http.router.v3.Router'),
              ],
            }),
          }],
        }],
      }],
      clusters: [{
        name: 'metadata-cluster',
        connect_timeout: '30.0s',
        type: 'logical_dns',
        typed_extension_protocol_options: {
          'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': typed('envoy.extensions.upstreams.http.v3.HttpProtocolOptions', { explicit_http_config: { http2_protocol_options: {} } }),
        },
        lb_policy: 'round_robin',
        load_assignment: {
          cluster_name: 'metadata-grpc',
          endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: 'metadata-grpc-service', port_value: 8080 } } } }] }],
        },
      }],
    },
  });
}

/** The install settings every server reads, and the smaller ConfigMaps beside it. */
export class InstallConfig extends Construct {
  constructor(scope: Construct, id: string, props: InstallConfigProps) {
    super(scope, id);
    const { db, store, images } = props;
    const f = images.catalog.features;
    const version = images.catalog.versions.pipelines;
    configMap(this, INSTALL_CONFIG, KFP_LABELS, {
      ARTIFACT_RETENTION_DAYS: String(props.artifactRetentionDays),
      ARTIFACTS_PROXY_ENABLED: String(props.artifactsProxy),
      // Off, as upstream: v1 pipelines still run everywhere.
      ...(f.kfpV1PipelineGate ? { BLOCK_V1_PIPELINES: 'false' } : {}),
      ConMaxLifeTime: '120s',
      DEFAULT_CACHE_STALENESS: '',
      LOG_LEVEL: 'info',
      MAXIMUM_CACHE_STALENESS: '',
      ...(f.kfpV1PipelineGate ? { V1_ALLOWED_NAMESPACES: '' } : {}),
      appName: 'pipeline',
      appVersion: version,
      autoUpdatePipelineDefaultVersion: 'true',
      bucketName: store.bucket,
      cacheDb: props.databaseNames.cache,
      cacheImage: images.ref('pipelines/cache-image'),
      cacheNodeRestrictions: 'false',
      cronScheduleTimezone: 'UTC',
      dbHost: db.host,
      dbPort: String(db.port),
      dbType: 'mysql',
      defaultPipelineRoot: '',
      ...(f.kfpDefaultPipelineSecurityContext ? { defaultSecurityContextRunAsGroup: '', defaultSecurityContextRunAsNonRoot: '', defaultSecurityContextRunAsUser: '' } : {}),
      mlmdDb: props.databaseNames.metadata,
      mysqlHost: db.host,
      mysqlPort: String(db.port),
      pipelineDb: props.databaseNames.pipelines,
    });
    configMap(this, API_SERVER_CONFIG, KFP_LABELS, apiServerConfig());
    configMap(this, 'kfp-launcher', KFP_LABELS, { defaultPipelineRoot: '' });
    configMap(this, UI_CONFIG, KFP_LABELS, { 'viewer-pod-template.json': JSON.stringify({ spec: { serviceAccountName: TENANT_RUNNER } }, null, 4) });
    configMap(this, 'metadata-grpc-configmap', { ...BASE_LABELS, component: 'metadata-grpc-server' }, { METADATA_GRPC_SERVICE_HOST: 'metadata-grpc-service', METADATA_GRPC_SERVICE_PORT: '8080' });
    configMap(this, ENVOY_CONFIG, BASE_LABELS, { 'envoy-config.yaml': envoyConfig() });
    if (f.kfpPublicVersionConfigMap) configMap(this, 'kubeflow-pipelines-public', KFP_LABELS, { kubeflow_pipelines_version: `v${version}` });
  }
}
