import { bytesOf, cpuMillis } from '../core/quantity';
import type { InjectedResources } from '../istio/injection';

/** A container as a pod template holds it; quantities may be strings or numbers. */
export interface ContainerLike {
  readonly name?: string;
  readonly restartPolicy?: string;
  readonly resources?: { readonly requests?: Readonly<Record<string, unknown>>; readonly limits?: Readonly<Record<string, unknown>> };
}

/** The part of a pod spec that decides what the pod asks of its node. */
export interface PodSpecLike {
  readonly containers?: readonly ContainerLike[];
  readonly initContainers?: readonly ContainerLike[];
  readonly hostNetwork?: boolean;
}

/** CPU in millicores and memory in bytes. */
export interface Amounts {
  readonly cpu: number;
  readonly memory: number;
}

/** Limits, where `null` means unbounded: some container has none. */
export interface Limits {
  readonly cpu: number | null;
  readonly memory: number | null;
}

export interface PodResources {
  readonly requests: Amounts;
  readonly limits: Limits;
}

type Resource = keyof Amounts;
const READ: Readonly<Record<Resource, (v: string | number) => number | undefined>> = { cpu: cpuMillis, memory: bytesOf };

/** One amount of a container; `where` names it in the error for a value that is not a quantity. */
function amount(c: ContainerLike, field: 'requests' | 'limits', r: Resource, where: string): number | undefined {
  const v = c.resources?.[field]?.[r];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'string' || typeof v === 'number' ? READ[r](v) : undefined;
  if (n === undefined) throw new Error(`${where}: container ${c.name ?? '(unnamed)'}: resources.${field}.${r} (${JSON.stringify(v)}) is not a Kubernetes quantity`);
  return n;
}

/**
 * What the pod amounts to, by Kubernetes' rule for init containers (the scheduler's and the
 * kubelet's): regular containers and restartable (sidecar) init containers add up; each
 * other init container runs alone beside the sidecars started before it; the pod needs the
 * larger of the two. `undefined` from `get` makes the whole amount `null` (unbounded).
 */
function podAmount(spec: PodSpecLike, get: (c: ContainerLike) => number | undefined): number | null {
  let sum = 0;
  for (const c of spec.containers ?? []) {
    const v = get(c);
    if (v === undefined) return null;
    sum += v;
  }
  let sidecars = 0;
  let initPeak = 0;
  for (const c of spec.initContainers ?? []) {
    const v = get(c);
    if (v === undefined) return null;
    if (c.restartPolicy === 'Always') {
      sum += v;
      sidecars += v;
      initPeak = Math.max(initPeak, sidecars);
    } else initPeak = Math.max(initPeak, sidecars + v);
  }
  return Math.max(sum, initPeak);
}

/**
 * A pod's effective requests and limits. A missing request is the limit (the API server
 * defaults it so) or nothing; a missing limit leaves the pod unbounded in that resource.
 */
export function podResources(spec: PodSpecLike, where: string): PodResources {
  const request = (r: Resource) => (c: ContainerLike) => amount(c, 'requests', r, where) ?? amount(c, 'limits', r, where) ?? 0;
  const limit = (r: Resource) => (c: ContainerLike) => amount(c, 'limits', r, where);
  return {
    requests: { cpu: podAmount(spec, request('cpu'))!, memory: podAmount(spec, request('memory'))! },
    limits: { cpu: podAmount(spec, limit('cpu')), memory: podAmount(spec, limit('memory')) },
  };
}

/** Pod annotations that set the injected proxy's resources, as our sidecar template reads them. */
export const PROXY_ANNOTATIONS = { cpu: 'sidecar.istio.io/proxyCPU', memory: 'sidecar.istio.io/proxyMemory', memoryLimit: 'sidecar.istio.io/proxyMemoryLimit' } as const;

/**
 * The pod spec as the sidecar template leaves it: `istio-validation`, then the native-sidecar
 * `istio-proxy`, in front of the pod's own init containers (istiod puts them first, so the
 * pod's init containers run in the mesh). The proxy's requests and memory limit follow the
 * pod's annotations; it has a memory limit only when the default has one, and no CPU limit.
 */
export function withInjection(spec: PodSpecLike, annotations: Readonly<Record<string, string>>, injected: InjectedResources): PodSpecLike {
  const d = injected.proxy;
  const proxy: ContainerLike = {
    name: 'istio-proxy',
    restartPolicy: 'Always',
    resources: {
      requests: { cpu: annotations[PROXY_ANNOTATIONS.cpu] ?? d.requests.cpu, memory: annotations[PROXY_ANNOTATIONS.memory] ?? d.requests.memory },
      ...(d.limits?.memory ? { limits: { memory: annotations[PROXY_ANNOTATIONS.memoryLimit] ?? d.limits.memory } } : {}),
    },
  };
  const validation: ContainerLike = { name: 'istio-validation', resources: { requests: injected.init.requests, ...(injected.init.limits ? { limits: injected.init.limits } : {}) } };
  return { ...spec, initContainers: [validation, proxy, ...(spec.initContainers ?? [])] };
}
