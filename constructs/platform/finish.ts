import { PlatformConfig } from '../config/schema';
import { applyOverrides, finishPlatform } from '../overrides';
import { withHighAvailability } from './high-availability';
import { Manifest } from './parts';

/**
 * The last steps on one component's synthesized objects, before they are cut into waves,
 * in this order: the config's placement and per-workload overrides, then what high
 * availability adds for workloads that run more than one replica (so a replica count an
 * override raises gets its disruption budget too). Users' own charts are never touched.
 */
export function finishComponent(component: string, manifests: Manifest[], config: PlatformConfig): Manifest[] {
  return withHighAvailability(component, applyOverrides(component, manifests, config), config);
}

/**
 * The config's patches, the escape hatch for what no typed option covers, applied last,
 * across every component's objects (by component file name).
 */
export function applyPlatformPatches(byComponent: ReadonlyMap<string, Manifest[]>, config: PlatformConfig): Map<string, Manifest[]> {
  return finishPlatform(byComponent, config);
}
