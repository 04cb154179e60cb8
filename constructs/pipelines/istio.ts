import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { authorizationPolicy, gatewayFrom, ingressPrincipal, MeshGateways } from '../core/mesh-policy';
import { BASE_LABELS, KFP_CLIENTS, KFP_LABELS, Labels, NAMESPACE } from './names';

const principal = (account: string, namespace = NAMESPACE) => `cluster.local/ns/${namespace}/sa/${account}`;
const fromAccounts = (accounts: readonly string[]) => ({ from: [{ source: { principals: accounts.map((a) => principal(a)) } }] });

export interface KfpIstioProps {
  /** The gateway the UI routes bind to and whose identity may call the UI. */
  readonly gateways: MeshGateways;
  /** The in-cluster MySQL is installed. */
  readonly mysql: boolean;
  /** The in-cluster SeaweedFS is installed. */
  readonly seaweedfs: boolean;
}

/** Mesh policies: mTLS to every KFP server, routes on the Kubeflow gateway, and who may call whom. */
export class KfpIstio extends Construct {
  constructor(scope: Construct, id: string, props: KfpIstioProps) {
    super(scope, id);
    const mtls = (name: string, host: string, labels: Labels) =>
      new ApiObject(this, `DestinationRule-${name}`, {
        apiVersion: 'networking.istio.io/v1alpha3',
        kind: 'DestinationRule',
        metadata: { name, namespace: NAMESPACE, labels: { ...labels } },
        spec: { host: `${host}.${NAMESPACE}.svc.cluster.local`, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } },
      });
    mtls('metadata-grpc-service', 'metadata-grpc-service', BASE_LABELS);
    mtls('ml-pipeline', 'ml-pipeline', KFP_LABELS);
    mtls('ml-pipeline-ui', 'ml-pipeline-ui', KFP_LABELS);
    mtls('ml-pipeline-visualizationserver', 'ml-pipeline-visualizationserver', KFP_LABELS);
    if (props.mysql) mtls('ml-pipeline-mysql', 'mysql', BASE_LABELS);
    if (props.seaweedfs) mtls('ml-pipeline-seaweedfs', 'seaweedfs', BASE_LABELS);

    const route = (name: string, labels: Labels, prefix: string, host: string, port: number, extra: Record<string, unknown> = {}) =>
      new ApiObject(this, `VirtualService-${name}`, {
        apiVersion: 'networking.istio.io/v1alpha3',
        kind: 'VirtualService',
        metadata: { name, namespace: NAMESPACE, labels: { ...labels } },
        spec: {
          gateways: [gatewayFrom(NAMESPACE, props.gateways.gateway)],
          hosts: ['*'],
          http: [{ match: [{ uri: { prefix } }], rewrite: { uri: prefix }, route: [{ destination: { host: `${host}.${NAMESPACE}.svc.cluster.local`, port: { number: port } } }], ...extra }],
        },
      });
    route('metadata-grpc', BASE_LABELS, '/ml_metadata', 'metadata-envoy-service', 9090);
    route('ml-pipeline-ui', KFP_LABELS, '/pipeline', 'ml-pipeline-ui', 80, { timeout: '300s' });

    const allow = (name: string, labels: Labels, select: Labels, rules: readonly Record<string, unknown>[], action?: 'ALLOW') =>
      authorizationPolicy(this, `AuthorizationPolicy-${name}`, { name, namespace: NAMESPACE, labels: { ...labels } },
        { ...(action ? { action } : {}), selector: { matchLabels: { ...select } }, rules: [...rules] });
    allow('metadata-grpc-service', BASE_LABELS, { component: 'metadata-grpc-server' }, [{}], 'ALLOW');
    // The API server takes user requests (with the user header) and calls from KFP's own servers.
    allow('ml-pipeline', KFP_LABELS, { app: 'ml-pipeline' }, [fromAccounts(KFP_CLIENTS), { when: [{ key: 'request.headers[kubeflow-userid]', notValues: ['*'] }] }]);
    allow('ml-pipeline-ui', KFP_LABELS, { app: 'ml-pipeline-ui' }, [
      { from: [{ source: { principals: [ingressPrincipal(props.gateways)] } }] },
      { when: [{ key: 'request.headers[authorization]', values: ['*'] }, { key: 'request.headers[kubeflow-userid]', notValues: ['*'] }] },
    ]);
    allow('ml-pipeline-visualizationserver', KFP_LABELS, { app: 'ml-pipeline-visualizationserver' }, [fromAccounts(KFP_CLIENTS)]);
    if (props.mysql) allow('mysql', BASE_LABELS, { app: 'mysql' }, [fromAccounts([...KFP_CLIENTS, 'metadata-grpc-server'])]);
    if (props.seaweedfs) {
      allow('seaweedfs-service', BASE_LABELS, { app: 'seaweedfs' }, [fromAccounts(['ml-pipeline']), fromAccounts(['ml-pipeline-ui']), {}], 'ALLOW');
    }
    allow('service-cache-server', KFP_LABELS, { app: 'cache-server' }, [{}]);
  }
}
