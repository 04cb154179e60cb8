/** Pure builders of the GCP names and members the GKE layer needs; tested without mocks. */

/** The Workload Identity pool of a project. */
export function workloadPool(project: string): string {
  return `${project}.svc.id.goog`;
}

/** IAM member of a Kubernetes service account (`namespace/name`) under Workload Identity. */
export function workloadIdentityMember(project: string, serviceAccount: string): string {
  const [ns, name] = serviceAccount.split('/');
  return `serviceAccount:${workloadPool(project)}[${ns}/${name}]`;
}

/** The email of a Google service account. */
export function serviceAccountEmail(project: string, accountId: string): string {
  return `${accountId}@${project}.iam.gserviceaccount.com`;
}
