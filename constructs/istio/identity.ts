import { DEFAULT_GATEWAYS, MeshGateways } from '../core/mesh-policy';
import { IstioConfig } from './config';

/**
 * The mesh's gateways for a platform config: upstream's when the platform installs Istio,
 * the ones named in `components.istio.existing` when the cluster brings its own.
 * The platform calls this once and passes the result to every component.
 */
export function meshGateways(config: IstioConfig): MeshGateways {
  if (!config.external) return DEFAULT_GATEWAYS;
  const { gateway, clusterLocalGateway: local, ingressGateway: ingress } = config.existing;
  return {
    gateway: `${gateway.namespace}/${gateway.name}`,
    clusterLocalGateway: `${local.namespace}/${local.name}`,
    ingress: { namespace: ingress.namespace, service: ingress.service, serviceAccount: ingress.serviceAccount, labels: { app: ingress.app } },
    clusterLocal: { namespace: local.namespace, service: local.name, serviceAccount: `${local.name}-service-account`, labels: { app: local.name, istio: local.name } },
  };
}
