import { ComponentKey } from '../../config/schema';

/**
 * What upstream's manifests give one container: its memory request and limit and its CPU
 * request, as written in the release's `platform.yaml` (facts, not a copy of the file).
 * Containers upstream gives no resources have no floor.
 */
export interface ContainerFloor {
  /**
   * The workload's kind; `ConfigMap` for the sidecar the mesh injects into every meshed pod,
   * whose resources the injector's ConfigMap holds (`container` is its values key:
   * `proxy` for istio-proxy, `proxy_init` for the init container).
   */
  readonly kind: 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'ConfigMap';
  /** Upstream's namespace and name of the workload. */
  readonly namespace: string;
  readonly name: string;
  readonly container: string;
  readonly memoryRequest?: string;
  readonly memoryLimit?: string;
  readonly cpuRequest?: string;
  /** Where our output runs this container when it is not upstream's namespace/name. */
  readonly ours?: { readonly namespace?: string; readonly name?: string; readonly why: string };
  /**
   * Set only where we reserve less than upstream requests in `default` or `large`
   * (the sizing test then allows it): the reason.
   */
  readonly requestBelowUpstreamWhy?: string;
}

/**
 * One row of upstream's published per-component usage (its README): "the maximum of actual
 * usage and configured requests", CPU in millicores, memory in Mi, PVCs in GB.
 */
export interface PublishedUsage {
  /** Upstream's row name. */
  readonly row: string;
  readonly cpuMillicores: number;
  readonly memoryMi: number;
  readonly pvcGB?: number;
  /** Our components (config keys) that run what the row measures. */
  readonly components: readonly ComponentKey[];
  /** When `components` is empty: why the row has no counterpart. */
  readonly notShipped?: string;
  /** Set only where the numbers are not the published ones: what was changed, and why. */
  readonly adjustedWhy?: string;
  /** Set only where our components claim less storage than `pvcGB` on purpose: the reason. */
  readonly pvcBelowWhy?: string;
}
