import { catalogFor, kubernetesMinor, KubernetesVersion, newestReleaseOn, olderThan, Release, StackKubernetesVersion } from '../constructs/catalog';
import { show } from '../constructs/config/errors';
import type { ClusterSettings } from './settings';

/**
 * Pinned kind node images, one per Kubernetes version the stacks make (the kind release that
 * publishes each). A release's `kubernetes.stackDefault` picks the default.
 */
export const KIND_NODE_IMAGES: Readonly<Record<StackKubernetesVersion, string>> = {
  '1.33': 'kindest/node:v1.33.1',
  '1.34': 'kindest/node:v1.34.0',
};

/** The kind node image a stack makes for a release unless `nodeImage` is set. */
export function kindNodeImage(release: Release): string {
  return KIND_NODE_IMAGES[catalogFor(release).kubernetes.stackDefault];
}

/**
 * A new cluster's Kubernetes older than the release runs on, in the words of a schema problem.
 * An existing cluster's version is known only once it answers: install.sh checks it.
 */
export function versionProblem(cluster: ClusterSettings, release: Release): string | undefined {
  const k = catalogFor(release).kubernetes;
  const fix = (got: KubernetesVersion) => {
    const older = newestReleaseOn(got);
    return older ? `, or choose release ${older}` : '';
  };
  const needs = `older than release ${release} needs (Kubernetes ${k.minimum} or newer: ${k.minimumReason})`;
  if (cluster.layer === 'eks' || cluster.layer === 'gke') {
    const got = kubernetesMinor(cluster.settings.version);
    if (got && olderThan(got, k.minimum)) return `version: got ${show(cluster.settings.version)}; is ${needs}; set it to "${k.minimum}" or newer${fix(got)}`;
  }
  if (cluster.layer === 'kind') {
    // Only a `vX.Y.Z` tag tells the version; a digest may follow it.
    const tag = /:(v\d+\.\d+\.\d+)(@sha256:[0-9a-f]{64})?$/.exec(cluster.settings.nodeImage);
    const got = tag ? kubernetesMinor(tag[1]) : undefined;
    if (got && olderThan(got, k.minimum)) {
      return `nodeImage: got ${show(cluster.settings.nodeImage)}; is Kubernetes ${got}, ${needs}; use a node image of Kubernetes ${k.minimum} or newer (leave nodeImage out for ${kindNodeImage(release)})${fix(got)}`;
    }
  }
  return undefined;
}
