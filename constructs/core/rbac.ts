import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/** One RBAC rule; `''` is the core API group. */
export function rule(apiGroups: string | readonly string[], resources: readonly string[], verbs: readonly string[], resourceNames?: readonly string[]): k8s.PolicyRule {
  return {
    apiGroups: typeof apiGroups === 'string' ? [apiGroups] : [...apiGroups],
    resources: [...resources],
    verbs: [...verbs],
    ...(resourceNames ? { resourceNames: [...resourceNames] } : {}),
  };
}

export const READ = ['get', 'list', 'watch'] as const;
export const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'] as const;
export const ALL_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] as const;

export interface Subject {
  readonly kind: 'ServiceAccount' | 'User' | 'Group';
  readonly name: string;
  readonly namespace?: string;
}

export function serviceAccount(namespace: string, name: string): Subject {
  return { kind: 'ServiceAccount', name, namespace };
}

function subjects(list: readonly Subject[]): k8s.Subject[] {
  return list.map((s) => ({
    kind: s.kind,
    name: s.name,
    ...(s.kind === 'ServiceAccount' ? { namespace: s.namespace } : { apiGroup: 'rbac.authorization.k8s.io' }),
  }));
}

interface Meta {
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

function metadata(name: string, meta: Meta, namespace?: string): k8s.ObjectMeta {
  return {
    name,
    ...(namespace ? { namespace } : {}),
    ...(meta.labels ? { labels: { ...meta.labels } } : {}),
    ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
  };
}

/**
 * A ClusterRole. An aggregated one (with `aggregationRule`) carries no `rules`: the
 * aggregation controller owns them, and a server-side apply of `rules: []` would fight it.
 * An empty one carries none either (another role may aggregate into it by label).
 */
export function clusterRole(scope: Construct, name: string, rules: readonly k8s.PolicyRule[], meta: Meta & { aggregationRule?: k8s.AggregationRule } = {}): k8s.KubeClusterRole {
  if (meta.aggregationRule && rules.length) throw new Error(`ClusterRole ${name} aggregates others; its rules come from them, so give it none`);
  return new k8s.KubeClusterRole(scope, `ClusterRole-${name}`, {
    metadata: metadata(name, meta),
    ...(meta.aggregationRule ? { aggregationRule: meta.aggregationRule } : {}),
    // The API server drops an empty list; writing one would show as a change on every apply.
    ...(rules.length ? { rules: [...rules] } : {}),
  });
}

export function role(scope: Construct, namespace: string, name: string, rules: readonly k8s.PolicyRule[], meta: Meta = {}): k8s.KubeRole {
  return new k8s.KubeRole(scope, `Role-${namespace}-${name}`, { metadata: metadata(name, meta, namespace), rules: [...rules] });
}

export function clusterRoleBinding(scope: Construct, name: string, roleName: string, to: readonly Subject[], meta: Meta = {}): k8s.KubeClusterRoleBinding {
  return new k8s.KubeClusterRoleBinding(scope, `ClusterRoleBinding-${name}`, {
    metadata: metadata(name, meta),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
    subjects: subjects(to),
  });
}

export function roleBinding(scope: Construct, namespace: string, name: string, roleRef: { kind: 'Role' | 'ClusterRole'; name: string }, to: readonly Subject[], meta: Meta = {}): k8s.KubeRoleBinding {
  return new k8s.KubeRoleBinding(scope, `RoleBinding-${namespace}-${name}`, {
    metadata: metadata(name, meta, namespace),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
    subjects: subjects(to),
  });
}
