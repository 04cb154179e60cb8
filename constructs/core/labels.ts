/** Labels put on every object's metadata (never on selectors). */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'kubeflow-iac';
/** Names the platform component an object belongs to; bundle and plan group by it. */
export const COMPONENT_LABEL = 'kubeflow-iac.io/component';

const VERSION_KEYS = ['app.kubernetes.io/version', 'version', 'helm.sh/chart'];

/**
 * Checks selector labels: selectors are immutable, so a version in them would make
 * every upgrade a delete and re-create. Returns the labels to use inline.
 */
export function selectorLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  for (const key of Object.keys(labels)) {
    if (VERSION_KEYS.includes(key)) {
      throw new Error(`selector label '${key}' carries a version; selectors are immutable, so keep versions out of them`);
    }
  }
  return { ...labels };
}
/** Marks a PVC that holds user data: the Pulumi layer sets `retainOnDelete` on it, and no upgrade may replace it. */
export const DATA_VOLUME_ANNOTATION = 'kubeflow-iac.io/data-volume';
