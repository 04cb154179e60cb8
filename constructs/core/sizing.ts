import { k8s } from 'cdk8s-plus-28';
import { SizingName } from '../config/schema';

/** How much a container needs, from a sidecar to a database. */
export type ResourceClass = 'tiny' | 'small' | 'medium' | 'large' | 'xlarge';

interface Requests {
  readonly cpu: string;
  readonly memory: string;
}

// Memory limits guard the node; CPU is left unlimited so bursts are not throttled.
const PRESETS: Readonly<Record<SizingName, { classes: Readonly<Record<ResourceClass, Requests>>; replicas: number; limitFactor: number }>> = {
  small: {
    replicas: 1,
    limitFactor: 4,
    classes: {
      tiny: { cpu: '5m', memory: '16Mi' },
      small: { cpu: '10m', memory: '32Mi' },
      medium: { cpu: '25m', memory: '64Mi' },
      large: { cpu: '50m', memory: '128Mi' },
      xlarge: { cpu: '100m', memory: '256Mi' },
    },
  },
  default: {
    replicas: 1,
    limitFactor: 4,
    classes: {
      tiny: { cpu: '10m', memory: '32Mi' },
      small: { cpu: '25m', memory: '64Mi' },
      medium: { cpu: '100m', memory: '128Mi' },
      large: { cpu: '250m', memory: '512Mi' },
      xlarge: { cpu: '500m', memory: '1Gi' },
    },
  },
  large: {
    replicas: 2,
    limitFactor: 4,
    classes: {
      tiny: { cpu: '25m', memory: '64Mi' },
      small: { cpu: '50m', memory: '128Mi' },
      medium: { cpu: '200m', memory: '256Mi' },
      large: { cpu: '500m', memory: '1Gi' },
      xlarge: { cpu: '1', memory: '2Gi' },
    },
  },
};

function scaleMemory(memory: string, factor: number): string {
  const m = /^(\d+)(Mi|Gi)$/.exec(memory);
  if (!m) throw new Error(`memory '${memory}' must be written in Mi or Gi`);
  return `${Number(m[1]) * factor}${m[2]}`;
}

/** Resource requests and replica counts for one sizing preset. */
export class Sizing {
  constructor(public readonly name: SizingName) {}

  /** Requests (and a memory limit) for a container of the given class. */
  resources(cls: ResourceClass): k8s.ResourceRequirements {
    const preset = PRESETS[this.name];
    const r = preset.classes[cls];
    return {
      requests: { cpu: k8s.Quantity.fromString(r.cpu), memory: k8s.Quantity.fromString(r.memory) },
      limits: { memory: k8s.Quantity.fromString(scaleMemory(r.memory, preset.limitFactor)) },
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
