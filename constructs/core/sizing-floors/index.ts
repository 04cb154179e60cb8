import { Release } from '../../catalog/types';
import { ComponentKey } from '../../config/schema';
import { FLOORS_1_11_0 } from './r1-11-0';
import { FLOORS_26_03 } from './r26-03';
import { FLOORS_26_03_1 } from './r26-03-1';
import { ContainerFloor, PublishedUsage } from './types';
import { USAGE_1_11_0, USAGE_26_03, USAGE_26_03_1 } from './usage';

export * from './types';

const FLOORS: Readonly<Record<Release, readonly ContainerFloor[]>> = {
  'v1.11.0': FLOORS_1_11_0,
  '26.03': FLOORS_26_03,
  '26.03.1': FLOORS_26_03_1,
};

const USAGE: Readonly<Record<Release, readonly PublishedUsage[]>> = {
  'v1.11.0': USAGE_1_11_0,
  '26.03': USAGE_26_03,
  '26.03.1': USAGE_26_03_1,
};

/** Upstream's resources for every container it gives any, in one release. */
export function floorsFor(release: Release): readonly ContainerFloor[] {
  return FLOORS[release];
}

/** Upstream's published per-component usage for one release. */
export function publishedUsageFor(release: Release): readonly PublishedUsage[] {
  return USAGE[release];
}

/** `namespace/workload/container` of the container in our output that a floor applies to. */
export function floorKey(f: ContainerFloor): string {
  return `${f.ours?.namespace ?? f.namespace}/${workloadKey(f)}`;
}

/**
 * `workload/container`, the name a construct gives `Sizing.resources` for the floor. No
 * namespace: a library user may put a component in another one, and it keeps its floor.
 */
export function workloadKey(f: ContainerFloor): string {
  return `${f.ours?.name ?? f.name}/${f.container}`;
}

/** The usage a set of our components must cover together: rows that share a component are summed. */
export interface UsageGroup {
  readonly components: readonly ComponentKey[];
  readonly rows: readonly string[];
  readonly cpuMillicores: number;
  readonly memoryMi: number;
  readonly pvcGB: number;
  /** The rows' reasons for claiming less storage than upstream measured, if any. */
  readonly pvcBelowWhy: readonly string[];
}

/**
 * Groups the shipped rows by our components: upstream's Jupyter Web App and Notebook Controller
 * are both our `notebooks`, and 26.03.1's Notebooks row spans four of ours.
 */
export function usageGroups(rows: readonly PublishedUsage[]): UsageGroup[] {
  const groups: UsageGroup[] = [];
  for (const r of rows.filter((x) => x.components.length > 0)) {
    const joined = groups.filter((g) => g.components.some((c) => r.components.includes(c)));
    const merged = [...joined, { components: r.components, rows: [r.row], cpuMillicores: r.cpuMillicores, memoryMi: r.memoryMi, pvcGB: r.pvcGB ?? 0, pvcBelowWhy: r.pvcBelowWhy ? [r.pvcBelowWhy] : [] }];
    const group: UsageGroup = {
      components: [...new Set(merged.flatMap((g) => g.components))],
      rows: merged.flatMap((g) => g.rows),
      cpuMillicores: merged.reduce((n, g) => n + g.cpuMillicores, 0),
      memoryMi: merged.reduce((n, g) => n + g.memoryMi, 0),
      pvcGB: merged.reduce((n, g) => n + g.pvcGB, 0),
      pvcBelowWhy: merged.flatMap((g) => g.pvcBelowWhy),
    };
    groups.splice(0, groups.length, ...groups.filter((g) => !joined.includes(g)), group);
  }
  return groups;
}
