import { KubernetesSupport, KubernetesVersion, StackKubernetesVersion } from './types';

/** `major.minor` of a Kubernetes version text (`1.34`, `v1.34.2`, `1.34.1-gke.100`), or undefined. */
export function kubernetesMinor(text: string): KubernetesVersion | undefined {
  const m = /^v?1\.(\d+)(?:$|[.+-])/.exec(text);
  return m ? `1.${Number(m[1])}` : undefined;
}

/** Whether Kubernetes `a` is older than `b` (both `1.N`). */
export function olderThan(a: KubernetesVersion, b: KubernetesVersion): boolean {
  return Number(a.slice(2)) < Number(b.slice(2));
}

/**
 * The Kubernetes a release runs on. Knative Serving sets its minimum: Knative's controller and
 * webhook exit at start on an older API server (knative.dev/pkg's `defaultMinimumVersion`, e.g.
 * `kubernetes version "v1.33.4" is not compatible, need at least "v1.34.0"` from Knative 1.22).
 * No other component of a release needs a newer one.
 */
export function knativeBound(knative: string, minimum: KubernetesVersion, stackDefault: StackKubernetesVersion): KubernetesSupport {
  const minor = knative.split('.').slice(0, 2).join('.');
  return { minimum, stackDefault, minimumReason: `Knative Serving ${minor} stops on older API servers` };
}
