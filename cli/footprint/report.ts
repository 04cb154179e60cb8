import { PlatformConfig } from '../../constructs/config/schema';
import { bytesOf, cpuMillis, formatBytes, formatCpu } from '../../constructs/core/quantity';
import { Sizing } from '../../constructs/core/sizing';
import { InjectedResources, injectedResources } from '../../constructs/istio/injection';
import { Footprint, footprint, Usage } from '../../constructs/platform/footprint';
import { KubeflowPlatform } from '../../constructs/platform/platform';
import { laptopBudget } from './laptop';

/** What injection adds to a meshed pod under this config: none without Istio, ours (the external mesh's are assumed to match) otherwise. */
export function sidecarOf(config: PlatformConfig): InjectedResources | undefined {
  const istio = config.components.istio;
  return istio.enabled || istio.external ? injectedResources(new Sizing(config.sizing, config.release)) : undefined;
}

/** `footprint --json`: the platform's footprint with what it was computed for. */
export interface FootprintReport extends Footprint {
  readonly release: string;
  readonly platform: string;
  readonly sizing: string;
  readonly units: { readonly cpu: 'millicores'; readonly memory: 'bytes'; readonly pvc: 'bytes' };
  /** The injected containers counted in each meshed pod; null when no Istio injects. */
  readonly sidecar: InjectedResources | null;
  readonly externalIstio: boolean;
}

/** The footprint of a built platform's output. */
export function footprintReport(platform: KubeflowPlatform): FootprintReport {
  const c = platform.config;
  const sidecar = sidecarOf(c);
  return {
    release: c.release,
    platform: c.platform,
    sizing: c.sizing,
    units: { cpu: 'millicores', memory: 'bytes', pvc: 'bytes' },
    sidecar: sidecar ?? null,
    externalIstio: !!c.components.istio.external,
    ...footprint(platform.waves(), sidecar),
  };
}

const HEAD = ['component', 'pods', 'cpu req', 'cpu lim', 'mem req', 'mem lim', 'pvc', 'meshed', 'sidecar cpu', 'sidecar mem'];
// Columns after the first are numbers: right-aligned.
const pad = (cells: readonly string[], widths: readonly number[]) => cells.map((c, i) => (i ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
const limit = (x: number | null, fmt: (n: number) => string) => (x === null ? '-' : fmt(x));

function cells(name: string, u: Usage): string[] {
  return [
    name,
    u.podsPerNode ? `${u.pods} (${u.podsPerNode}/node)` : String(u.pods),
    formatCpu(u.requests.cpu),
    limit(u.limits.cpu, formatCpu),
    formatBytes(u.requests.memory),
    limit(u.limits.memory, formatBytes),
    u.pvc ? formatBytes(u.pvc) : '-',
    u.meshedPods ? String(u.meshedPods) : '-',
    u.meshedPods ? formatCpu(u.sidecarRequests.cpu) : '-',
    u.meshedPods ? formatBytes(u.sidecarRequests.memory) : '-',
  ];
}

// The proxy's default requests, written as the table writes quantities.
const proxyText = (s: InjectedResources) => `${formatCpu(cpuMillis(s.proxy.requests.cpu)!)} ${formatBytes(bytesOf(s.proxy.requests.memory)!)}`;

/** The footprint as a table, then what its columns count. */
export function footprintTable(r: FootprintReport): string[] {
  const rows = [HEAD, ...r.components.map((c) => cells(c.component, c)), cells('total', r.total)];
  const widths = HEAD.map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const lines = rows.map((row) => pad(row, widths));
  lines.splice(lines.length - 1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return [
    `Kubeflow ${r.release}, platform ${r.platform}, sizing ${r.sizing}: ${r.total.pods} pods`,
    '',
    ...lines,
    '',
    'pods: replicas at rest (an HPA\'s minReplicas where one scales the workload); a DaemonSet runs one per node, counted once (totals are for one node)',
    'cpu in m (millicores) or cores, memory and pvc in Mi or Gi, rounded up; "-" as a limit: unbounded (CPU is left unlimited)',
    'requests and limits are effective pod values (init containers by Kubernetes\' rule), summed over replicas, sidecars included',
    r.sidecar
      ? `meshed: pods that get an Istio sidecar; sidecar cpu and mem: what istio-proxy (${proxyText(r.sidecar)} unless the pod's annotations say otherwise) and istio-validation add to their requests${r.externalIstio ? ' (with our defaults: the external mesh may inject other sizes)' : ''}`
      : 'meshed: no Istio injects sidecars into this platform',
    ...(r.notCounted.length ? [`not counted (they run to completion): ${r.notCounted.join(', ')}`] : []),
    laptopLine(r.total),
  ];
}

/** Whether the requests fit the laptop `sizing: small` is made for (cli/footprint/laptop.ts). */
function laptopLine(total: Usage): string {
  const budget = laptopBudget();
  const short = [
    ...(total.requests.cpu > budget.cpu ? [`${formatCpu(total.requests.cpu - budget.cpu)} cpu`] : []),
    ...(total.requests.memory > budget.memory ? [`${formatBytes(total.requests.memory - budget.memory)} memory`] : []),
  ];
  const what = `laptop (kind on 4 cores, 8 GiB; ${formatCpu(budget.cpu)} cpu and ${formatBytes(budget.memory)} left for the platform, docs/footprint.md)`;
  return short.length ? `requests do not fit a ${what}: ${short.join(' and ')} over; sizing: small is made to fit` : `requests fit a ${what}`;
}
