import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { allowSameNamespace, ingressPolicy } from '../core/network-policy';
import { ISTIO_NAMESPACE } from './names';

export interface IstioNamespaceProps {
  /** Add upstream's NetworkPolicies (Kubeflow 26.03 and later). @default true */
  readonly networkPolicies?: boolean;
  /**
   * Let traffic from outside the cluster reach the ingress gateway's ports, for a gateway
   * exposed through a LoadBalancer or NodePort Service. @default false
   */
  readonly exposeGateway?: boolean;
  /** Let Knative's activator reach the gateways; only when Knative is installed. @default true */
  readonly knative?: boolean;
}

/** The `istio-system` namespace and the NetworkPolicies that guard it. */
export class IstioNamespace extends Construct {
  constructor(scope: Construct, id: string, props: IstioNamespaceProps = {}) {
    super(scope, id);
    new k8s.KubeNamespace(this, 'Namespace', {
      metadata: {
        name: ISTIO_NAMESPACE,
        labels: {
          'istio-injection': 'disabled',
          'istio-operator-managed': 'Reconcile',
          'pod-security.kubernetes.io/enforce': 'restricted',
        },
      },
    });
    if (props.networkPolicies === false) return;
    const ns = ISTIO_NAMESPACE;
    // Sidecars in every namespace fetch config and certificates from istiod on 15012.
    ingressPolicy(this, { namespace: ns, name: 'allow-istiod-control-plane', select: { app: 'istiod' }, selectByLabels: true, ports: [15012] });
    // The Knative activator probes and forwards through the gateways.
    if (props.knative ?? true) ingressPolicy(this, {
      namespace: ns,
      name: 'allow-knative-to-istio-gateways',
      select: { app: ['istio-ingressgateway', 'cluster-local-gateway'] },
      from: [{ namespaces: ['knative-serving'] }],
      ports: [8080],
    });
    allowSameNamespace(this, ns, 'default-allow-same-namespace-istio-system');
    // The API server calls the injection and validation webhooks on 15017.
    ingressPolicy(this, { namespace: ns, name: 'istiod-webhook-apiserver', select: { app: ['istiod'] }, ports: [15017] });
    if (props.exposeGateway) {
      // Not upstream: upstream reaches the gateway by port-forward only; a load balancer's
      // traffic comes from outside the namespace and would be dropped without this.
      ingressPolicy(this, { namespace: ns, name: 'allow-external-to-istio-ingressgateway', select: { app: ['istio-ingressgateway'] }, ports: [8080, 8443] });
    }
  }
}
