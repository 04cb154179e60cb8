import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ComponentKey } from '../config/schema';
import { allowSameNamespace, ingressPolicy } from '../core/network-policy';
import { GATEWAY_PEER, KUBEFLOW_POLICIES, LEGACY_POLICIES } from './policies';

export interface KubeflowNamespacesProps {
  /** Components installed; policies for the others are left out. @default all */
  readonly installed?: readonly ComponentKey[];
  /** Pod Security level enforced in the Kubeflow namespaces. @default "restricted" */
  readonly podSecurity?: 'restricted' | 'baseline' | 'privileged';
  /** Label the namespaces for Istio sidecar injection. @default true */
  readonly istioInjection?: boolean;
  /**
   * Put every policy in the `kubeflow` namespace, with the extra names releases before
   * 26.03 had (`common/networkpolicies`), so such an install is adopted as it is.
   * @default false
   */
  readonly policiesInKubeflowNamespace?: boolean;
  /** Namespace of the ingress gateway's pods, which web apps admit. @default "istio-system" */
  readonly gatewayNamespace?: string;
  /** Policies, by name, that a component brings itself (kubeflow/dashboard v2.0.0 does); left out here. @default none */
  readonly leaveOut?: readonly string[];
  /** Name of the models web app, which its policy takes. @default "kserve-models-web-app" */
  readonly modelsWebAppName?: string;
}

// Releases before 26.03 also kept these in the kubeflow namespace, where they select
// only kubeflow's own pods.
const LEGACY_SAME_NAMESPACE = ['auth', 'cert-manager', 'istio-system', 'knative-serving', 'oauth2-proxy'];

// The models web app's policy follows the app's name, which KServe 0.18 changed.
const MODELS_WEB_APP = 'kserve-models-web-app';

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
    const legacy = props.policiesInKubeflowNamespace ?? false;
    allowSameNamespace(this, legacy ? 'kubeflow' : 'kubeflow-system', 'default-allow-same-namespace-kubeflow-system');
    allowSameNamespace(this, 'kubeflow', 'default-allow-same-namespace');
    const policies = legacy ? [...KUBEFLOW_POLICIES, ...LEGACY_POLICIES] : KUBEFLOW_POLICIES;
    const modelsWebApp = props.modelsWebAppName ?? MODELS_WEB_APP;
    for (const row of policies) {
      if (row.component && installed && !installed.includes(row.component)) continue;
      if (props.leaveOut?.includes(row.name)) continue;
      const p = row.name === MODELS_WEB_APP ? { ...row, name: modelsWebApp, select: { 'app.kubernetes.io/component': modelsWebApp } } : row;
      const from = p.from && props.gatewayNamespace ? { from: p.from.map((f) => (f === GATEWAY_PEER ? { namespaces: [props.gatewayNamespace!] } : f)) } : {};
      ingressPolicy(this, { ...p, ...from, ...(legacy ? { namespace: 'kubeflow' } : {}) });
    }
    if (legacy) for (const ns of LEGACY_SAME_NAMESPACE) allowSameNamespace(this, 'kubeflow', `default-allow-same-namespace-${ns}`);
  }
}
