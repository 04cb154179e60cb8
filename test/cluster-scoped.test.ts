import { RELEASES } from '../constructs/catalog';
import { parseConfig } from '../constructs/config/load';
import { EphemeralSecretStore } from '../constructs/core/secrets';
import { KubeflowPlatform } from '../constructs/platform/platform';

// Built-in kinds without a namespace that the platform emits.
const BUILTIN_CLUSTER_KINDS = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'PriorityClass',
  'StorageClass', 'APIService', 'PersistentVolume',
]);

// An object's identity is kind, namespace and name. Some cluster-scoped objects carry a
// namespace (upstream's renders do; the API server drops it); what matters is that it stays the
// same across an upgrade: a namespace added or dropped gives the object another identity in
// Pulumi and in install.sh --prune, so the upgrade would create it a second time and call the
// old one stale (found by the e2e on KServe's ClusterStorageContainer).
function clusterScoped(release: (typeof RELEASES)[number]): Map<string, string | undefined> {
  const manifests = new KubeflowPlatform(parseConfig({ release }), new EphemeralSecretStore()).manifests();
  const clusterCrds = new Set(manifests.filter((m) => m.kind === 'CustomResourceDefinition' && (m.spec as { scope: string }).scope === 'Cluster')
    .map((m) => (m.spec as { names: { kind: string } }).names.kind));
  return new Map(manifests.filter((m) => BUILTIN_CLUSTER_KINDS.has(m.kind) || clusterCrds.has(m.kind))
    .map((m) => [`${m.kind} ${m.metadata.name}`, m.metadata.namespace]));
}

const hops = RELEASES.slice(1).map((to, i) => [RELEASES[i], to] as const);
test.each(hops)('upgrading %s to %s keeps the namespace field of every cluster-scoped object both have', (from, to) => {
  const before = clusterScoped(from);
  const after = clusterScoped(to);
  const moved = [...after].filter(([k, ns]) => before.has(k) && before.get(k) !== ns).map(([k, ns]) => `${k}: ${before.get(k) ?? '(none)'} -> ${ns ?? '(none)'}`);
  expect(moved).toEqual([]);
  expect([...after.keys()].filter((k) => before.has(k)).length).toBeGreaterThan(50);
});
