import { groupOf } from '../install/identity';

/** Where an object goes in the install order, by what it needs to exist first. */
export type Phase = 'crds' | 'namespaces' | 'pre' | 'main' | 'post';

export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
  readonly [key: string]: unknown;
}

const BUILTIN_GROUPS = new Set([
  '', 'apps', 'batch', 'policy', 'autoscaling', 'rbac.authorization.k8s.io', 'networking.k8s.io',
  'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'scheduling.k8s.io',
  'storage.k8s.io', 'coordination.k8s.io', 'node.k8s.io', 'discovery.k8s.io', 'certificates.k8s.io',
]);

export function isCustomResource(m: Manifest): boolean {
  return !BUILTIN_GROUPS.has(groupOf(m.apiVersion));
}
