import { ClusterKind } from '../config/schema';
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

export const ISTIO_LAYERS: Readonly<Record<ClusterKind, IstioLayer>> = {
  // Upstream's choice: the gateway stays inside the cluster until an operator exposes it.
  generic: { gatewayServiceType: 'ClusterIP', gatewayServiceAnnotations: {}, cniBinDir: '/opt/cni/bin' },
  // kind has no load balancer; users reach the gateway with `kubectl port-forward`.
  kind: { gatewayServiceType: 'ClusterIP', gatewayServiceAnnotations: {}, cniBinDir: '/opt/cni/bin' },
  // An NLB made by EKS's own cloud provider: nothing more to install or mirror. Internal by
  // default so Kubeflow is not on the internet by accident; set the annotation to "false" to
  // expose it. Sites running the AWS Load Balancer Controller give its annotations in config.
  eks: {
    gatewayServiceType: 'LoadBalancer',
    gatewayServiceAnnotations: {
      'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb',
      'service.beta.kubernetes.io/aws-load-balancer-internal': 'true',
    },
    cniBinDir: '/opt/cni/bin',
  },
  // GKE mounts /opt/cni/bin read-only; its CNI binaries live in /home/kubernetes/bin.
  gke: { gatewayServiceType: 'LoadBalancer', gatewayServiceAnnotations: {}, cniBinDir: '/home/kubernetes/bin' },
};
