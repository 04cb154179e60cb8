import { k8s } from 'cdk8s-plus-28';
import { DEFAULT_RELEASE, Release, RELEASES } from '../catalog/types';
import { SizingName } from '../config/schema';
import { ContainerFloor, floorsFor, workloadKey } from './sizing-floors';

/** How much a container needs, from a sidecar to a database. */
export type ResourceClass = 'tiny' | 'small' | 'medium' | 'large' | 'xlarge';

interface ClassSize {
  readonly cpu: string;
  readonly memory: string;
  readonly memoryLimit: string;
}

interface Preset {
  readonly classes: Readonly<Record<ResourceClass, ClassSize>>;
  readonly replicas: number;
  /** Raise requests to upstream's where upstream sets them (docs/sizing.md). */
  readonly requestsFollowUpstream: boolean;
}

// Requests are what a preset reserves; memory limits are the safety floor against an OOM kill
// and cost no scheduling room, so `small` keeps `default`'s limits and only reserves less.
// CPU is left unlimited so bursts are not throttled. docs/sizing.md has the rule.
const PRESETS: Readonly<Record<SizingName, Preset>> = {
  small: {
    replicas: 1,
    requestsFollowUpstream: false,
    classes: {
      tiny: { cpu: '5m', memory: '16Mi', memoryLimit: '128Mi' },
      small: { cpu: '10m', memory: '32Mi', memoryLimit: '256Mi' },
      medium: { cpu: '25m', memory: '64Mi', memoryLimit: '512Mi' },
      large: { cpu: '50m', memory: '128Mi', memoryLimit: '2048Mi' },
      xlarge: { cpu: '100m', memory: '256Mi', memoryLimit: '4Gi' },
    },
  },
  default: {
    replicas: 1,
    requestsFollowUpstream: true,
    classes: {
      tiny: { cpu: '10m', memory: '32Mi', memoryLimit: '128Mi' },
      small: { cpu: '25m', memory: '64Mi', memoryLimit: '256Mi' },
      medium: { cpu: '100m', memory: '128Mi', memoryLimit: '512Mi' },
      large: { cpu: '250m', memory: '512Mi', memoryLimit: '2048Mi' },
      xlarge: { cpu: '500m', memory: '1Gi', memoryLimit: '4Gi' },
    },
  },
  large: {
    replicas: 2,
    requestsFollowUpstream: true,
    classes: {
      tiny: { cpu: '25m', memory: '64Mi', memoryLimit: '256Mi' },
      small: { cpu: '50m', memory: '128Mi', memoryLimit: '512Mi' },
      medium: { cpu: '200m', memory: '256Mi', memoryLimit: '1024Mi' },
      large: { cpu: '500m', memory: '1Gi', memoryLimit: '4Gi' },
      xlarge: { cpu: '1', memory: '2Gi', memoryLimit: '8Gi' },
    },
  },
};

/** Mebibytes of a memory quantity written in Mi or Gi (the only units the tables use). */
export function mebibytes(memory: string): number {
  const m = /^(\d+)(Mi|Gi)$/.exec(memory);
  if (!m) throw new Error(`memory '${memory}' must be written in Mi or Gi`);
  return Number(m[1]) * (m[2] === 'Gi' ? 1024 : 1);
}

/** Millicores of a CPU quantity written in m or whole cores. */
export function millicores(cpu: string): number {
  const m = /^(\d+)(m?)$/.exec(cpu);
  if (!m) throw new Error(`cpu '${cpu}' must be written in m or whole cores`);
  return Number(m[1]) * (m[2] === 'm' ? 1 : 1000);
}

/** The larger of two quantities, keeping the way the larger one is written. */
function atLeast(ours: string, floor: string | undefined, size: (q: string) => number): string {
  return floor !== undefined && size(floor) > size(ours) ? floor : ours;
}

// Every container any release has a floor for: a name outside it is a typo, which would
// silently give no floor.
const NAMED = new Set(RELEASES.flatMap((r) => floorsFor(r).map(workloadKey)));

/** Resource requests and replica counts for one sizing preset. */
export class Sizing {
  private readonly floors: ReadonlyMap<string, ContainerFloor>;

  /** `release` picks upstream's floors (constructs/core/sizing-floors). */
  constructor(public readonly name: SizingName, release: Release = DEFAULT_RELEASE) {
    this.floors = new Map(floorsFor(release).map((f) => [workloadKey(f), f]));
  }

  /**
   * Requests and a memory limit for a container of the given class. `container`
   * (`workload/container`, as upstream names them) names it for upstream's floor: its memory
   * limit is raised to upstream's request and limit, and in `default` and `large` its requests
   * to upstream's requests. A container upstream gives no resources has no floor.
   */
  resources(cls: ResourceClass, container?: string): k8s.ResourceRequirements {
    const preset = PRESETS[this.name];
    const size = preset.classes[cls];
    if (container !== undefined && !NAMED.has(container)) throw new Error(`no release has an upstream floor for '${container}' (constructs/core/sizing-floors)`);
    const floor = container === undefined ? undefined : this.floors.get(container);
    const raiseRequests = preset.requestsFollowUpstream && floor?.requestBelowUpstreamWhy === undefined;
    const cpu = raiseRequests ? atLeast(size.cpu, floor?.cpuRequest, millicores) : size.cpu;
    const memory = raiseRequests ? atLeast(size.memory, floor?.memoryRequest, mebibytes) : size.memory;
    const limit = [memory, floor?.memoryRequest, floor?.memoryLimit].reduce<string>((l, q) => atLeast(l, q, mebibytes), size.memoryLimit);
    return {
      requests: { cpu: k8s.Quantity.fromString(cpu), memory: k8s.Quantity.fromString(memory) },
      limits: { memory: k8s.Quantity.fromString(limit) },
    };
  }

  /** Replicas of a stateless server that can run more than one copy. */
  get replicas(): number {
    return PRESETS[this.name].replicas;
  }

  /**
   * Replicas of a controller that elects a leader, and of a webhook server: two in `large`, so
   * a standby takes over at once and a drain never leaves a webhook without a ready pod; one in
   * the other presets. See docs/high-availability.md.
   */
  get controllerReplicas(): number {
    return this.name === 'large' ? 2 : 1;
  }
}
