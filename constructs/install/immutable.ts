import { kubectlResource } from './identity';
import type { Manifest } from '../platform/parts';

/**
 * Fields Kubernetes will not change in place, by kind: applying a new value fails, so the
 * object has to be deleted and created again. `plan` reports them; install.sh and the
 * Pulumi component replace an object when one of its `replaceable` fields changes.
 */
export const IMMUTABLE: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec.selector'],
  DaemonSet: ['spec.selector'],
  ReplicaSet: ['spec.selector'],
  StatefulSet: ['spec.selector', 'spec.volumeClaimTemplates', 'spec.serviceName'],
  Job: ['spec.selector', 'spec.template'],
  PersistentVolumeClaim: ['spec.storageClassName', 'spec.accessModes', 'spec.volumeName'],
  CustomResourceDefinition: ['spec.scope', 'spec.names.kind', 'spec.names.plural'],
  RoleBinding: ['roleRef'],
  ClusterRoleBinding: ['roleRef'],
};

/**
 * Immutable fields whose change the installers carry out by replacing the object: deleting a
 * workload or a binding loses no data (a StatefulSet's claims stay; the new one binds them
 * again). PVCs and CRDs are never replaced (their data would go), nor are the fields the API
 * server fills in with defaults (claim templates, Job templates), which a live comparison
 * would always see as changed.
 */
export const REPLACEABLE: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec.selector'],
  DaemonSet: ['spec.selector'],
  ReplicaSet: ['spec.selector'],
  StatefulSet: ['spec.selector', 'spec.serviceName'],
  RoleBinding: ['roleRef'],
  ClusterRoleBinding: ['roleRef'],
};

/** The value at a dotted path of an object, or undefined. */
export function valueAt(obj: unknown, dotted: string): unknown {
  let v: unknown = obj;
  for (const k of dotted.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

/** JSON with object keys sorted at every level: how kubectl's jsonpath prints a live value. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** One check install.sh makes before a wave: replace the live object when this field differs. */
export interface ReplaceCheck {
  /** kubectl resource, e.g. `deployment.apps`. */
  readonly resource: string;
  readonly kind: string;
  /** Empty for cluster-scoped objects. */
  readonly namespace: string;
  readonly name: string;
  readonly field: string;
  /** The field's value in this release, as kubectl's jsonpath prints it. */
  readonly value: string;
}

/** The replace checks for one manifest: one per replaceable field it sets. */
export function replaceChecks(m: Manifest): ReplaceCheck[] {
  return (REPLACEABLE[m.kind] ?? []).flatMap((field) => {
    const v = valueAt(m, field);
    if (v === undefined) return [];
    return [{
      resource: kubectlResource(m),
      kind: m.kind,
      namespace: m.kind === 'ClusterRoleBinding' ? '' : (m.metadata.namespace ?? ''),
      name: m.metadata.name,
      field,
      value: typeof v === 'string' ? v : canonicalJson(v),
    }];
  });
}
