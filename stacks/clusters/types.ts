import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';

/** What a cluster layer gives the platform install. */
export interface ClusterOutputs {
  /** Kubernetes provider for the cluster, server-side apply on. */
  readonly provider: k8s.Provider;
  /** Kubeconfig to reach the cluster (a Pulumi secret). */
  readonly kubeconfig: pulumi.Output<string>;
  /** Artifact bucket the pipelines use, when the layer makes one. */
  readonly bucket?: pulumi.Output<string>;
  /** Annotations binding service accounts (by `namespace/name`) to cloud identities. */
  readonly serviceAccountAnnotations?: Readonly<Record<string, Readonly<Record<string, pulumi.Input<string>>>>>;
  /** How users reach the gateway when it has no load balancer (kind: a host port). */
  readonly gatewayAddress?: pulumi.Output<string>;
  /** The cluster's service-account token issuer, when known only once the cluster exists (EKS). */
  readonly oidcIssuer?: pulumi.Output<string>;
  /** The IAM role of the pipelines' artifact store, when the layer makes one (EKS). */
  readonly pipelinesRoleArn?: pulumi.Output<string>;
  /** The managed MySQL for pipelines metadata, when the layer makes one (user `kubeflow`). */
  readonly database?: { readonly host: pulumi.Output<string>; readonly password: pulumi.Output<string> };
  /** Cluster resources the platform must wait for (nodes, storage, add-ons). */
  readonly ready: pulumi.Resource[];
}

/**
 * A Kubernetes provider from a kubeconfig, with server-side apply. ConfigMaps and Secrets are
 * updated in place: the provider would otherwise replace a named one (delete, then create) on
 * any data change, leaving controllers that read it (KServe's inferenceservice-config, Knative's
 * config-deployment, Argo's workflow-controller-configmap) without it during an upgrade.
 */
export function kubeProvider(
  name: string, kubeconfig: pulumi.Input<string> | undefined, parent: pulumi.Resource,
  options: { readonly context?: string; readonly adopt?: boolean } = {},
): k8s.Provider {
  return new k8s.Provider(`${name}-k8s`, {
    kubeconfig, context: options.context, enableServerSideApply: true, enableConfigMapMutable: true, enableSecretMutable: true,
    // Only when asked: an upsert turns a resource rename into create-then-delete of one object.
    ...(options.adopt ? { upsertExistingObjects: true } : {}),
  }, { parent });
}
