import type { Manifest } from '../platform/parts';

/** The API group of an apiVersion: `apps/v1` is `apps`, the core `v1` is ''. */
export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/** What names one object in a cluster: its group, kind, namespace and name (the version is not part of it). */
export interface ObjectRef {
  readonly group: string;
  readonly kind: string;
  /** Undefined for cluster-scoped objects. */
  readonly namespace?: string;
  readonly name: string;
}

export function refOf(m: Pick<Manifest, 'apiVersion' | 'kind' | 'metadata'>): ObjectRef {
  const { namespace, name } = m.metadata;
  return { group: groupOf(m.apiVersion), kind: m.kind, ...(namespace ? { namespace } : {}), name };
}

/**
 * The one key of an object, `group/Kind/namespace/name`: two manifests with the same key are
 * the same object across releases (a version bump of its apiVersion included). `plan`
 * compares releases by it, the e2e checks by it.
 */
export function objectKey(m: Pick<Manifest, 'apiVersion' | 'kind' | 'metadata'>): string {
  const r = refOf(m);
  return `${r.group}/${r.kind}/${r.namespace ?? ''}/${r.name}`;
}

/** How an object is written for people: `Kind namespace/name`, or `Kind name` when cluster scoped. */
export function refText(r: Pick<ObjectRef, 'kind' | 'namespace' | 'name'>): string {
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}

/** The resource kubectl names an object's kind by, `deployment.apps` (core kinds have no group). */
export function kubectlResource(m: Pick<Manifest, 'apiVersion' | 'kind'>): string {
  const group = groupOf(m.apiVersion);
  return `${m.kind.toLowerCase()}${group ? `.${group}` : ''}`;
}

/**
 * The Pulumi resource name of an object: `<kind>/<namespace>/<name>` (or `<kind>/<name>` when
 * cluster scoped), lower-cased. It has no group because the first stacks were made with this
 * name and a new one would replace every object; kinds that share a name across groups do not
 * occur in the platform (a test checks). Nothing in it depends on the release or the wave, so
 * an upgrade or a change of install order updates objects in place.
 */
export function pulumiName(m: Pick<Manifest, 'kind' | 'metadata'>): string {
  const { namespace, name } = m.metadata;
  return (namespace ? `${m.kind}/${namespace}/${name}` : `${m.kind}/${name}`).toLowerCase();
}
