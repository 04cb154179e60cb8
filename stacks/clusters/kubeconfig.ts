import { stringify } from 'yaml';

/** A kubeconfig for one cluster whose credentials come from an exec plugin. */
function execKubeconfig(name: string, endpoint: string, caData: string, exec: Record<string, unknown>): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: endpoint, 'certificate-authority-data': caData } }],
    users: [{ name, user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', interactiveMode: 'Never', ...exec } } }],
    contexts: [{ name, context: { cluster: name, user: name } }],
    'current-context': name,
  });
}

/** EKS kubeconfig: tokens from `aws eks get-token`, no long-lived credential in it. */
export function eksKubeconfig(cluster: string, endpoint: string, caData: string, region: string): string {
  return execKubeconfig(cluster, endpoint, caData, { command: 'aws', args: ['eks', 'get-token', '--cluster-name', cluster, '--region', region, '--output', 'json'] });
}

/** GKE kubeconfig: tokens from `gke-gcloud-auth-plugin`. */
export function gkeKubeconfig(cluster: string, endpoint: string, caData: string): string {
  return execKubeconfig(cluster, `https://${endpoint}`, caData, { command: 'gke-gcloud-auth-plugin', provideClusterInfo: true });
}
