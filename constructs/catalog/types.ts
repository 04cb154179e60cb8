/** Kubeflow releases this project can install. The first is the default. */
export const RELEASES = ['26.03', 'v1.11.0'] as const;
export type Release = (typeof RELEASES)[number];
export const DEFAULT_RELEASE: Release = '26.03';

/**
 * A note an upgrade plan shows for one pair of releases, for changes no diff of
 * objects explains (data that moves, a manual step).
 */
export interface MigrationNote {
  readonly from: Release;
  readonly to: Release;
  readonly component: string;
  readonly note: string;
}

/** Everything that changes between Kubeflow releases: versions and image references. */
export interface ReleaseCatalog {
  readonly release: Release;
  /** Upstream versions of each component, for labels and docs. */
  readonly versions: Readonly<Record<string, string>>;
  /** Source image references (before any mirror rewrite), by key `component/name`. */
  readonly images: Readonly<Record<string, string>>;
  /** Behaviour that changed between releases (an RBAC rule, a flag), by name. */
  readonly features: Readonly<Record<string, boolean | string | number>>;
  readonly notes: readonly MigrationNote[];
}
