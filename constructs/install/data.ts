import { DATA_VOLUME_ANNOTATION } from '../core/labels';
import type { Manifest } from '../platform/parts';

/**
 * Which objects hold data, for every installer: Pulumi retains them on delete, install.sh's
 * prune never deletes them, `plan` calls their removal a data risk, and the e2e checks their
 * uids survive an upgrade.
 */

/** Kinds whose objects hold data or others' data: a CRD's removal deletes every object of its kind. */
export const DATA_KINDS: readonly string[] = ['CustomResourceDefinition', 'PersistentVolumeClaim'];

/** Kinds `install.sh --prune` never deletes: data kinds, and namespaces (deleting one deletes its claims). */
export const PRUNE_KEEPS: readonly string[] = [...DATA_KINDS, 'Namespace'];

/** What removing an object of a kind costs: `plan` reports it as a data risk. */
export const REMOVAL_COST: Readonly<Record<string, string>> = {
  CustomResourceDefinition: 'removing a CRD deletes every custom resource of that kind',
  PersistentVolumeClaim: 'removing a PVC can delete its volume and data',
  Namespace: 'removing a namespace deletes everything in it',
  StatefulSet: 'removing a StatefulSet stops a stateful service; its volumes are orphaned',
};

/** Kinds whose uid an upgrade must keep: a new uid means the object (and what it holds or owns) was deleted. */
export const UID_KEPT_KINDS: readonly string[] = Object.keys(REMOVAL_COST);

/** An object marked by its component as holding user data (a database's claim or StatefulSet). */
export function marksData(m: Manifest): boolean {
  return m.metadata.annotations?.[DATA_VOLUME_ANNOTATION] === 'true';
}

/** A StatefulSet that makes claims from templates. */
function makesClaims(m: Manifest): boolean {
  return m.kind === 'StatefulSet' && ((m.spec as { volumeClaimTemplates?: unknown[] } | undefined)?.volumeClaimTemplates?.length ?? 0) > 0;
}

/** Namespaces that hold data volumes (claims, or StatefulSets that make them). */
export function dataNamespaces(manifests: readonly Manifest[]): Set<string> {
  const claims = (m: Manifest) => m.kind === 'PersistentVolumeClaim' || marksData(m) || makesClaims(m);
  return new Set(manifests.filter(claims).map((m) => m.metadata.namespace).filter((n): n is string => !!n));
}

/** Objects that survive an uninstall: data kinds, marked objects, and namespaces that hold data. */
export function isRetained(m: Manifest, namespacesWithData: ReadonlySet<string> = new Set()): boolean {
  return DATA_KINDS.includes(m.kind) || marksData(m)
    // Deleting a namespace deletes its volume claims, retained or not.
    || (m.kind === 'Namespace' && namespacesWithData.has(m.metadata.name));
}
