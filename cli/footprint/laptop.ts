import type { Amounts } from '../../constructs/platform/footprint';

/**
 * The laptop `sizing: small` must fit: one kind node on a 4-core, 8 GiB machine (Linux with
 * Docker's engine; with Docker Desktop, give its VM the 4 CPUs and 8 GiB less the host's share
 * below). The one home of these numbers: `test/laptop.test.ts` checks each release against
 * `laptopBudget()` and `docs/footprint.md` prints this table.
 *
 * kind reserves nothing for the system (no kube-reserved, system-reserved), so the kubelet
 * offers pods the whole machine; what else runs on it is taken off here, each at what it
 * requests or, where it requests less than it uses, what it typically holds. CPU is
 * reserved at requests (what the scheduler adds up) plus a share for the host.
 */
export const LAPTOP = { cpu: 4000, memory: 8 * 2 ** 30 } as const;

export interface Reservation {
  readonly what: string;
  /** Millicores. */
  readonly cpu: number;
  /** Bytes. */
  readonly memory: number;
  readonly why: string;
}

const Mi = 2 ** 20;

export const LAPTOP_RESERVED: readonly Reservation[] = [
  { what: 'host: OS, desktop, Docker engine', cpu: 500, memory: 1536 * Mi, why: 'a desktop session with a terminal and a browser idles at 1 to 1.5 GiB, the Docker engine at about 100 MiB; outside the kind node, so the kubelet does not see it' },
  { what: 'kind node: systemd, containerd, kubelet', cpu: 100, memory: 256 * Mi, why: 'the node container\'s own processes, outside any pod' },
  { what: 'kube-apiserver', cpu: 250, memory: 512 * Mi, why: 'requests 250m and no memory; with the platform\'s CRDs (about 80) and the objects its controllers watch it holds about 400 to 600 MiB' },
  { what: 'etcd', cpu: 100, memory: 128 * Mi, why: 'requests 100m and 100Mi; a cluster this size stays near 100 MiB' },
  { what: 'kube-controller-manager', cpu: 200, memory: 64 * Mi, why: 'requests 200m and no memory' },
  { what: 'kube-scheduler', cpu: 100, memory: 32 * Mi, why: 'requests 100m and no memory' },
  { what: 'CoreDNS, 2 replicas', cpu: 200, memory: 140 * Mi, why: 'requests 100m and 70Mi each' },
  { what: 'kindnet (CNI)', cpu: 100, memory: 50 * Mi, why: 'requests (and limits) 100m and 50Mi' },
  { what: 'kube-proxy', cpu: 0, memory: 32 * Mi, why: 'no requests; about 30 MiB' },
  { what: 'local-path-provisioner', cpu: 0, memory: 32 * Mi, why: 'no requests; about 30 MiB' },
  { what: 'kubelet eviction threshold', cpu: 0, memory: 100 * Mi, why: 'memory.available<100Mi: the kubelet evicts pods before the last 100 MiB' },
];

/** What is left for the platform's requests, sidecars included. */
export function laptopBudget(): Amounts {
  return LAPTOP_RESERVED.reduce<Amounts>((left, r) => ({ cpu: left.cpu - r.cpu, memory: left.memory - r.memory }), { cpu: LAPTOP.cpu, memory: LAPTOP.memory });
}
