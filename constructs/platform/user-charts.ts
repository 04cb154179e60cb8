import { groupOf } from '../install/identity';
import { isCustomResource, Manifest } from './parts';

// Built-in kinds whose objects make pods, which pod webhooks (sidecar injection, PodDefaults) mutate.
const POD_MAKERS = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob']);

interface WebhookRule {
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
}

/** The resource name of a built-in kind, as webhook rules write it (`NetworkPolicy` is `networkpolicies`). */
export function pluralOf(kind: string): string {
  const k = kind.toLowerCase();
  if (/[^aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  return /(s|x|ch|sh)$/.test(k) ? `${k}es` : `${k}s`;
}

/**
 * The components a user's chart needs installed before it, as a component's needs are
 * declared: the owner of each custom resource's CRD (its controller and webhooks), every
 * component whose admission webhooks match one of its objects (pod webhooks for objects
 * that make pods: custom resources are assumed to), and the component that creates each
 * namespace it uses (a tenant's namespace is ready once profiles has reconciled it).
 */
export function userChartNeeds(objects: readonly Manifest[], components: ReadonlyMap<string, readonly Manifest[]>): string[] {
  const crdOwner = new Map<string, { component: string; plural: string }>();
  const namespaceOwner = new Map<string, string>();
  const webhooks: { component: string; rule: WebhookRule }[] = [];
  for (const [component, list] of components) {
    for (const m of list) {
      if (m.kind === 'CustomResourceDefinition') {
        const spec = m.spec as { group: string; names: { kind: string; plural: string } };
        crdOwner.set(`${spec.group}/${spec.names.kind}`, { component, plural: spec.names.plural });
      } else if (m.kind === 'Namespace') namespaceOwner.set(m.metadata.name, component);
      else if (m.kind === 'MutatingWebhookConfiguration' || m.kind === 'ValidatingWebhookConfiguration') {
        for (const w of (m.webhooks as { rules?: WebhookRule[] }[] | undefined) ?? []) for (const rule of w.rules ?? []) webhooks.push({ component, rule });
      }
    }
  }
  const matches = (rule: WebhookRule, group: string, resource: string) =>
    (rule.apiGroups ?? []).some((g) => g === '*' || g === group) && (rule.resources ?? []).some((r) => r === '*' || r === resource);

  const needs = new Set<string>();
  for (const m of objects) {
    const group = groupOf(m.apiVersion);
    const crd = crdOwner.get(`${group}/${m.kind}`);
    if (crd) needs.add(crd.component);
    const ns = m.metadata.namespace && namespaceOwner.get(m.metadata.namespace);
    if (ns) needs.add(ns);
    const targets: [string, string][] = [[group, crd?.plural ?? pluralOf(m.kind)]];
    if (POD_MAKERS.has(m.kind) || isCustomResource(m)) targets.push(['', 'pods']);
    for (const w of webhooks) if (targets.some(([g, r]) => matches(w.rule, g, r))) needs.add(w.component);
  }
  return [...needs].sort();
}
