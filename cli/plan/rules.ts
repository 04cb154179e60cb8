import { Manifest } from '../../constructs/platform/parts';
import { IMMUTABLE, REMOVAL_COST } from '../../constructs/install';
import { at } from './diff';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const UNITS: Readonly<Record<string, number>> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };

/** Bytes of a Kubernetes quantity such as `20Gi`. */
export function quantityBytes(q: string): number {
  const m = /^(\d+(?:\.\d+)?)([kMGT]i?|)$/.exec(q);
  if (!m) throw new Error(`not a storage quantity: ${q}`);
  return Number(m[1]) * UNITS[m[2]];
}

/** Why an object cannot be updated in place, one reason per immutable field that changes. */
export function immutableChanges(before: Manifest, after: Manifest): string[] {
  const out = (IMMUTABLE[after.kind] ?? []).filter((p) => !same(at(before, p), at(after, p))).map((p) => `${p} is immutable`);
  if (after.kind === 'Service') {
    const a = at(before, 'spec.clusterIP');
    const b = at(after, 'spec.clusterIP');
    if (a !== undefined && b !== undefined && a !== b) out.push('spec.clusterIP is immutable');
  }
  if (after.kind === 'PersistentVolumeClaim') {
    const a = at(before, 'spec.resources.requests.storage');
    const b = at(after, 'spec.resources.requests.storage');
    if (typeof a === 'string' && typeof b === 'string' && quantityBytes(b) < quantityBytes(a)) out.push(`spec.resources.requests.storage shrinks from ${a} to ${b}; volumes cannot shrink`);
  }
  return out;
}

/** Objects whose removal deletes data: CRDs take every custom resource with them. */
export function removalRisk(m: Manifest): string | undefined {
  return REMOVAL_COST[m.kind];
}

const DATABASES = /(^|\/)(mysql|mariadb|postgres|postgresql|mongo)$/;

function versionOf(tag: string): number[] | undefined {
  const m = /^v?(\d+(?:\.\d+)*)/.exec(tag);
  return m ? m[1].split('.').map(Number) : undefined;
}

function older(a: number[], b: number[]): boolean {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return y < x;
  }
  return false;
}

/** A database image moving to an older version: MySQL refuses data written by a newer one. */
export function databaseDowngrade(before: string, after: string): string | undefined {
  const split = (ref: string) => {
    const [repo, tag = 'latest'] = ref.split('@')[0].split(/:(?=[^/]*$)/);
    return { repo, tag };
  };
  const a = split(before);
  const b = split(after);
  if (!DATABASES.test(a.repo) || a.repo.split('/').pop() !== b.repo.split('/').pop()) return undefined;
  const va = versionOf(a.tag);
  const vb = versionOf(b.tag);
  return va && vb && older(va, vb) ? `database image ${before} moves to older ${after}; the database will refuse data written by the newer version` : undefined;
}
