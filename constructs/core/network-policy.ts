import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/** Where ingress may come from. */
export type Peer =
  | { readonly sameNamespace: true }
  | { readonly namespaces: readonly string[] }
  /** Namespaces carrying a label value, e.g. tenant namespaces (`app.kubernetes.io/part-of: kubeflow-profile`). */
  | { readonly namespaceLabel: string; readonly values: readonly string[] };

export interface NetworkPolicyProps {
  readonly namespace: string;
  readonly name: string;
  /** Pods it applies to; `{}` for all. As match expressions, like upstream. */
  readonly select: Readonly<Record<string, string | readonly string[]>> | 'all';
  /** Select with matchLabels instead of matchExpressions. @default false */
  readonly selectByLabels?: boolean;
  /** @default any source */
  readonly from?: readonly Peer[];
  /** TCP ports. @default all ports */
  readonly ports?: readonly number[];
  readonly labels?: Readonly<Record<string, string>>;
}

function peer(p: Peer): k8s.NetworkPolicyPeer {
  if ('sameNamespace' in p) return { podSelector: {} };
  if ('namespaces' in p) {
    return { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [...p.namespaces] }] } };
  }
  return { namespaceSelector: { matchExpressions: [{ key: p.namespaceLabel, operator: 'In', values: [...p.values] }] } };
}

/** An ingress NetworkPolicy in the shape upstream Kubeflow uses. */
export function ingressPolicy(scope: Construct, props: NetworkPolicyProps): k8s.KubeNetworkPolicy {
  const sel = props.select;
  const podSelector: k8s.LabelSelector =
    sel === 'all'
      ? {}
      : props.selectByLabels
        ? { matchLabels: Object.fromEntries(Object.entries(sel).map(([k, v]) => [k, String(v)])) }
        : { matchExpressions: Object.entries(sel).map(([key, v]) => ({ key, operator: 'In', values: typeof v === 'string' ? [v] : [...v] })) };
  const rule: k8s.NetworkPolicyIngressRule = {
    ...(props.from ? { from: props.from.map(peer) } : {}),
    ...(props.ports ? { ports: props.ports.map((port) => ({ port: k8s.IntOrString.fromNumber(port), protocol: 'TCP' })) } : {}),
  };
  return new k8s.KubeNetworkPolicy(scope, `NetworkPolicy-${props.namespace}-${props.name}`, {
    metadata: { name: props.name, namespace: props.namespace, ...(props.labels ? { labels: { ...props.labels } } : {}) },
    spec: { podSelector, ingress: [rule], policyTypes: ['Ingress'] },
  });
}

/** Lets every pod of a namespace reach every other; upstream puts one in each system namespace. */
export function allowSameNamespace(scope: Construct, namespace: string, name: string, labels?: Readonly<Record<string, string>>): k8s.KubeNetworkPolicy {
  return ingressPolicy(scope, { namespace, name, select: 'all', from: [{ sameNamespace: true }], labels });
}
