/**
 * The name KFAM (the access-management API behind the dashboard's "Manage contributors")
 * gives a contributor's RoleBinding and AuthorizationPolicy: subject kind, subject name,
 * `clusterrole` and role, lower case, every run of other characters made one '-'.
 * Using KFAM's names lets the dashboard list and remove contributors added as code, and
 * makes a contributor added in the dashboard and then in a tenant file the same object.
 */
export function kfamBindingName(kind: 'User' | 'Group', subject: string, role: string): string {
  return [kind, subject, 'ClusterRole', role].join('-').toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/** The ClusterRole each contributor role is bound to. */
export function kubeflowRole(role: 'admin' | 'edit' | 'view'): string {
  return `kubeflow-${role}`;
}
