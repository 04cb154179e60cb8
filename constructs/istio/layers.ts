import { PlatformName } from '../config/schema';
import { GatewayServiceType } from './config';

/** What Istio does differently on each platform. */
export interface IstioLayer {
  /** Type of the ingress gateway Service. */
  readonly gatewayServiceType: GatewayServiceType;
  /** Annotations of the ingress gateway Service (cloud load balancer settings). */
  readonly gatewayServiceAnnotations: Readonly<Record<string, string>>;
  /** Host folder the CNI node agent installs its plugin binaries into. */
  readonly cniBinDir: string;
}

export const ISTIO_LAYERS: Readonly<Record<PlatformName, IstioLayer>> = {
  // Upstream's choice: the gateway stays inside the cluster until an operator exposes it.
  generic: { gatewayServiceType: 'ClusterIP', gatewayServiceAnnotations: {}, cniBinDir: '/opt/cni/bin' },
  // kind has no load balancer; users reach the gateway with `kubectl port-forward`.
  kind: { gatewayServiceType: 'ClusterIP', gatewayServiceAnnotations: {}, cniBinDir: '/opt/cni/bin' },
  // An NLB from the AWS Load Balancer Controller, targeting pod IPs directly. Internal by default
  // so Kubeflow is not on the internet by accident; override the scheme annotation to expose it.
  eks: {
    gatewayServiceType: 'LoadBalancer',
    gatewayServiceAnnotations: {
      'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
      'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
      'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal',
    },
    cniBinDir: '/opt/cni/bin',
  },
  // GKE mounts /opt/cni/bin read-only; its CNI binaries live in /home/kubernetes/bin.
  gke: { gatewayServiceType: 'LoadBalancer', gatewayServiceAnnotations: {}, cniBinDir: '/home/kubernetes/bin' },
};
