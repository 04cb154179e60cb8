import { KUBEFLOW_ISSUER } from '../cert-manager/cert-manager';
import { WireComponent } from '../platform/build';
import { IstioConfig } from './config';
import { Istio } from './istio';
import { GatewayTls } from './kubeflow-resources';
import { ISTIO_LAYERS } from './layers';


function gatewayTls(tls: IstioConfig['gateway']['tls']): GatewayTls | undefined {
  if (!tls.enabled) return undefined;
  const issuer = tls.source === 'selfSigned'
    ? { kind: 'ClusterIssuer' as const, name: KUBEFLOW_ISSUER }
    : tls.source === 'issuer' ? tls.issuer : undefined;
  return { secretName: tls.secretName, httpsRedirect: tls.httpsRedirect, ...(issuer ? { issuer } : {}) };
}

/** Wires Istio to the platform, configured from `components.istio` and the platform layer. */
export const wireIstio: WireComponent = (scope, { config, images, sizing }) => {
  const c = config.components.istio;
  const layer = ISTIO_LAYERS[config.platform];
  new Istio(scope, 'Istio', {
    images,
    sizing,
    gatewayServiceType: c.gateway.serviceType ?? layer.gatewayServiceType,
    gatewayServiceAnnotations: { ...layer.gatewayServiceAnnotations, ...c.gateway.serviceAnnotations },
    gatewayNodePorts: c.gateway.nodePorts,
    host: c.gateway.host,
    tls: gatewayTls(c.gateway.tls),
    cniBinDir: layer.cniBinDir,
    knative: config.components.knative.enabled || config.components.knative.external,
  });
};
