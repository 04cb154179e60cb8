import { IstioConfig } from './config';
import { CLUSTER_LOCAL_GATEWAY, KUBEFLOW_GATEWAY } from './names';

export * from './cni';
export * from './config';
export * from './crds';
export * from './gateways';
export * from './injection';
export * from './istio';
export * from './istiod';
export * from './kubeflow-resources';
export * from './layers';
export * from './mesh';
export * from './names';
export * from './namespace';

/**
 * The gateways other components bind routes to, as `namespace/name`: upstream's, or the
 * ones named in `existing` when the cluster brings its own Istio.
 */
export function istioGateways(config: IstioConfig): { readonly gateway: string; readonly clusterLocalGateway: string } {
  if (!config.external) return { gateway: KUBEFLOW_GATEWAY, clusterLocalGateway: CLUSTER_LOCAL_GATEWAY };
  const { gateway, clusterLocalGateway } = config.existing;
  return { gateway: `${gateway.namespace}/${gateway.name}`, clusterLocalGateway: `${clusterLocalGateway.namespace}/${clusterLocalGateway.name}` };
}
