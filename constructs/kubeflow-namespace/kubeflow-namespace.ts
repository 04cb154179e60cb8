import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ComponentKey } from '../config/schema';
import { allowSameNamespace, ingressPolicy } from '../core/network-policy';
import { KUBEFLOW_POLICIES } from './policies';

export interface KubeflowNamespacesProps {
  /** Components installed; policies for the others are left out. @default all */
  readonly installed?: readonly ComponentKey[];
  /** Pod Security level enforced in the Kubeflow namespaces. @default "restricted" */
  readonly podSecurity?: 'restricted' | 'baseline' | 'privileged';
  /** Label the namespaces for Istio sidecar injection. @default true */
  readonly istioInjection?: boolean;
}

/** The `kubeflow` and `kubeflow-system` namespaces and their NetworkPolicies. */
export class KubeflowNamespaces extends Construct {
  constructor(scope: Construct, id: string, props: KubeflowNamespacesProps = {}) {
    super(scope, id);
    const installed = props.installed;
    for (const name of ['kubeflow', 'kubeflow-system']) {
      new k8s.KubeNamespace(this, `Namespace-${name}`, {
        metadata: {
          name,
          labels: {
            'control-plane': 'kubeflow',
            ...((props.istioInjection ?? true) ? { 'istio-injection': 'enabled' } : {}),
            'pod-security.kubernetes.io/enforce': props.podSecurity ?? 'restricted',
          },
        },
      });
    }
    allowSameNamespace(this, 'kubeflow-system', 'default-allow-same-namespace-kubeflow-system');
    allowSameNamespace(this, 'kubeflow', 'default-allow-same-namespace');
    for (const p of KUBEFLOW_POLICIES) {
      if (p.component && installed && !installed.includes(p.component)) continue;
      ingressPolicy(this, p);
    }
  }
}
