import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ImageResolver } from '../core/images';
import { restrictedContainer } from '../core/security';
import { Sizing } from '../core/sizing';
import { ENVOY_CONFIG } from './config-maps';
import { BASE_LABELS, INSTALL_CONFIG } from './names';
import { DatabaseWiring } from './settings';
import { deployment, fromConfigMap, fromSecret, kfpContainerSecurity, service } from './workload';

export interface MetadataProps {
  readonly images: ImageResolver;
  readonly sizing: Sizing;
  readonly db: DatabaseWiring;
  /** gRPC channel arguments of the server (KFP 2.16 raised the message size limits). */
  readonly grpcChannelArguments: string;
}

/** ML Metadata: the gRPC store on MySQL, and Envoy serving it as gRPC-web to the UI. */
export class MlMetadata extends Construct {
  constructor(scope: Construct, id: string, props: MetadataProps) {
    super(scope, id);
    const { images, sizing, db } = props;
    const grpc = { ...BASE_LABELS, component: 'metadata-grpc-server' };
    const tcpProbe = { tcpSocket: { port: k8s.IntOrString.fromString('grpc-api') }, initialDelaySeconds: 3, periodSeconds: 5, timeoutSeconds: 2 };
    deployment(this, {
      name: 'metadata-grpc-deployment',
      labels: grpc,
      replicas: sizing.replicas,
      serviceAccount: 'metadata-grpc-server',
      containers: [{
        name: 'container',
        image: images.ref('pipelines/metadata-server'),
        command: ['/bin/metadata_store_server'],
        args: [
          '--grpc_port=8080',
          '--mysql_config_database=$(MYSQL_DATABASE)',
          '--mysql_config_host=$(MYSQL_HOST)',
          '--mysql_config_port=$(MYSQL_PORT)',
          '--mysql_config_user=$(DBCONFIG_USER)',
          '--mysql_config_password=$(DBCONFIG_PASSWORD)',
          '--enable_database_upgrade=true',
          `--grpc_channel_arguments=${props.grpcChannelArguments}`,
        ],
        env: [
          fromSecret('DBCONFIG_USER', db.user),
          fromSecret('DBCONFIG_PASSWORD', db.password),
          fromConfigMap('MYSQL_DATABASE', INSTALL_CONFIG, 'mlmdDb'),
          fromConfigMap('MYSQL_HOST', INSTALL_CONFIG, 'dbHost'),
          fromConfigMap('MYSQL_PORT', INSTALL_CONFIG, 'dbPort'),
        ],
        ports: [{ name: 'grpc-api', containerPort: 8080 }],
        livenessProbe: tcpProbe,
        readinessProbe: tcpProbe,
        resources: sizing.resources('medium'),
        securityContext: kfpContainerSecurity(),
      }],
    });
    service(this, 'metadata-grpc-service', { app: 'metadata', ...BASE_LABELS }, grpc, [{ name: 'grpc-api', port: 8080 }], { explicitType: true });

    const envoy = { ...BASE_LABELS, component: 'metadata-envoy' };
    deployment(this, {
      name: 'metadata-envoy-deployment',
      labels: envoy,
      replicas: sizing.replicas,
      // Envoy is the mesh's peer here; a sidecar in front of it would break gRPC-web.
      podLabels: { 'sidecar.istio.io/inject': 'false' },
      volumes: [{ name: 'envoy-config', configMap: { name: ENVOY_CONFIG } }],
      containers: [{
        name: 'container',
        image: images.ref('pipelines/metadata-envoy'),
        args: ['/etc/envoy/envoy-config.yaml'],
        ports: [{ name: 'md-envoy', containerPort: 9090 }, { name: 'envoy-admin', containerPort: 9901 }],
        resources: sizing.resources('small'),
        securityContext: restrictedContainer({ runAsUser: 1000, runAsGroup: 0, readOnlyRootFilesystem: false }),
        volumeMounts: [{ name: 'envoy-config', mountPath: '/etc/envoy' }],
      }],
    });
    service(this, 'metadata-envoy-service', { app: 'metadata-envoy', ...BASE_LABELS }, envoy, [{ name: 'md-envoy', port: 9090 }], { explicitType: true });
  }
}
