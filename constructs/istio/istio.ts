import { Construct } from 'constructs';
import { ComponentContext, resolveContext } from '../core/context';
import { IstioNamespace } from './namespace';
import { IstioCni } from './cni';
import { istioCrds } from './crds';
import { allowAllPolicy, httpGateway, IstioGateway } from './gateways';
import { injectedResources } from './injection';
import { Istiod } from './istiod';
import { GatewayTls, KubeflowIstioResources, MeshDefaults } from './kubeflow-resources';
import { ExtAuthzProvider, OAUTH2_PROXY_EXT_AUTHZ } from './mesh';
import { CLUSTER_LOCAL_GATEWAY_NAME, CLUSTER_LOCAL_GATEWAY_SERVICE_ACCOUNT, INGRESS_GATEWAY_SERVICE, INGRESS_GATEWAY_SERVICE_ACCOUNT, ISTIO_NAMESPACE } from './names';
import { controlPlaneRbac } from './rbac';

export interface IstioProps extends ComponentContext {
  /** Type of the `istio-ingressgateway` Service. @default "ClusterIP" */
  readonly gatewayServiceType?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  /** Annotations of the ingress gateway Service (cloud load balancer settings). @default none */
  readonly gatewayServiceAnnotations?: Readonly<Record<string, string>>;
  /** Fixed node ports of the ingress gateway's HTTP and HTTPS ports. @default assigned by Kubernetes */
  readonly gatewayNodePorts?: { readonly http?: number; readonly https?: number };
  /** Host name the Kubeflow gateway answers for. @default "*" */
  readonly host?: string;
  /** HTTPS on the Kubeflow gateway. @default none: HTTP on port 80 */
  readonly tls?: GatewayTls;
  /** Host folder the CNI plugin binaries go to. @default "/opt/cni/bin" */
  readonly cniBinDir?: string;
  /** External authorization servers in the mesh config. @default [oauth2-proxy] */
  readonly extAuthzProviders?: readonly ExtAuthzProvider[];
  /** Upstream's NetworkPolicies in istio-system. @default as the release has them (26.03: yes) */
  readonly networkPolicies?: boolean;
  /** Knative is installed: let its activator reach the gateways. @default true */
  readonly knative?: boolean;
}

/**
 * The Istio service mesh as Kubeflow installs it (upstream `common/istio`): CRDs, istiod
 * with injection and validation webhooks, the CNI node agent, the ingress and cluster-local
 * gateways, and the Kubeflow gateway and roles.
 */
export class Istio extends Construct {
  constructor(scope: Construct, id: string, props: IstioProps = {}) {
    super(scope, id);
    const { images, sizing } = resolveContext(props);
    const chartVersion = images.catalog.features.istioChartVersion;
    const serviceType = props.gatewayServiceType ?? 'ClusterIP';

    istioCrds(this, { chartVersion, trafficExtension: images.catalog.features.istioTrafficExtension });
    new IstioNamespace(this, 'Namespace', {
      networkPolicies: props.networkPolicies ?? images.catalog.features.istioNamespacePolicies,
      exposeGateway: serviceType !== 'ClusterIP',
      knative: props.knative,
    });
    controlPlaneRbac(this, chartVersion, images.catalog.features.istioReaderReadsConfigMaps, images.catalog.features.istioListenerSets);
    new Istiod(this, 'Istiod', {
      images,
      sizing,
      chartVersion,
      extAuthzProviders: props.extAuthzProviders ?? [OAUTH2_PROXY_EXT_AUTHZ],
      injection: {
        proxyImage: images.ref('istio/proxyv2'),
        proxyResources: injectedResources(sizing).proxy,
        initResources: injectedResources(sizing).init,
      },
    });
    new IstioCni(this, 'Cni', { images, sizing, chartVersion, cniBinDir: props.cniBinDir });

    const ingress = { app: INGRESS_GATEWAY_SERVICE, istio: 'ingressgateway' };
    new IstioGateway(this, 'IngressGateway', {
      images, sizing, chartVersion,
      name: INGRESS_GATEWAY_SERVICE,
      istio: ingress.istio,
      serviceAccountName: INGRESS_GATEWAY_SERVICE_ACCOUNT,
      statusPort: { name: 'status-port', port: 15021, targetPort: 15021 },
      ports: [{ name: 'http2', port: 80, targetPort: 8080 }, { name: 'https', port: 443, targetPort: 8443 }],
      serviceType,
      serviceAnnotations: props.gatewayServiceAnnotations,
      nodePorts: { http2: props.gatewayNodePorts?.http, https: props.gatewayNodePorts?.https },
      explicitProtocol: true,
    });
    httpGateway(this, ISTIO_NAMESPACE, INGRESS_GATEWAY_SERVICE, ingress, { release: 'istio' });
    allowAllPolicy(this, INGRESS_GATEWAY_SERVICE, ingress);

    const local = { app: CLUSTER_LOCAL_GATEWAY_NAME, istio: CLUSTER_LOCAL_GATEWAY_NAME };
    new IstioGateway(this, 'ClusterLocalGateway', {
      images, sizing, chartVersion,
      name: CLUSTER_LOCAL_GATEWAY_NAME,
      istio: local.istio,
      serviceAccountName: CLUSTER_LOCAL_GATEWAY_SERVICE_ACCOUNT,
      statusPort: { name: 'status-port', port: 15020, targetPort: 15020 },
      ports: [{ name: 'http2', port: 80, targetPort: 8080 }],
      // Routes to the service the client asked for by SNI, for mTLS passthrough.
      env: [{ name: 'ISTIO_META_ROUTER_MODE', value: 'sni-dnat' }],
    });
    httpGateway(this, ISTIO_NAMESPACE, CLUSTER_LOCAL_GATEWAY_NAME, local, { release: 'istio' });
    allowAllPolicy(this, CLUSTER_LOCAL_GATEWAY_NAME, local);

    new MeshDefaults(this, 'MeshDefaults');
    new KubeflowIstioResources(this, 'Kubeflow', { host: props.host, tls: props.tls });
  }
}
