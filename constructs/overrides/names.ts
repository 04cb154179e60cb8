import { Manifest } from '../platform/parts';

/** An object as the messages name it: `Deployment kubeflow/ml-pipeline-ui`. */
export function objectName(m: { kind: string; metadata: { name: string; namespace?: string } }): string {
  return `${m.kind} ${m.metadata.namespace ? `${m.metadata.namespace}/` : ''}${m.metadata.name}`;
}

// Edit distance, for "did you mean": a renamed or mistyped object is usually a few edits away.
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

/** The `candidates` closest to `wanted` (all at the same, smallest distance; at most `n`, in name order). */
export function closest(wanted: string, candidates: readonly string[], n = 3): string[] {
  const scored = [...new Set(candidates)].map((c) => ({ c, d: distance(wanted, c) }));
  const best = Math.min(...scored.map((x) => x.d));
  return scored.filter((x) => x.d === best).map((x) => x.c).sort().slice(0, n);
}

/** What to look for, by kind and name, the namespace optional. */
export interface ObjectSelector {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly apiVersion?: string;
}

export function selects(s: ObjectSelector, m: Manifest): boolean {
  return m.kind === s.kind && m.metadata.name === s.name && (s.namespace === undefined || m.metadata.namespace === s.namespace) && (s.apiVersion === undefined || m.apiVersion === s.apiVersion);
}

/**
 * Why `s` selects no single object of `all`, in words with a hint, or undefined when it
 * selects exactly one. `release` is named because a release may rename an object.
 */
export function selectionProblem(s: ObjectSelector, all: readonly Manifest[], release: string): string | undefined {
  const found = all.filter((m) => selects(s, m));
  if (found.length === 1) return undefined;
  const wanted = objectName({ kind: s.kind, metadata: s });
  const version = s.apiVersion ? `${s.apiVersion} ` : '';
  if (found.length > 1) {
    return `${version}${wanted} is in several namespaces (${found.map((m) => m.metadata.namespace ?? '').join(', ')}); add namespace to pick one`;
  }
  const ofKind = all.filter((m) => m.kind === s.kind);
  const missing = `no ${version}${wanted} in the platform's ${release} output`;
  if (!ofKind.length) {
    const kinds = closest(s.kind, all.map((m) => m.kind));
    return `${missing}, and no object of kind ${s.kind} at all; did you mean kind ${kinds.join(', ')}?`;
  }
  const same = ofKind.filter((m) => m.metadata.name === s.name);
  // Right name, other namespace or version: say what it is.
  const hints = same.length ? same.map((m) => `${s.apiVersion ? `${m.apiVersion} ` : ''}${objectName(m)}`)
    : closest(s.namespace ? wanted : s.name, ofKind.map((m) => (s.namespace ? objectName(m) : m.metadata.name))).map((h) => (s.namespace ? h : objectName(ofKind.find((m) => m.metadata.name === h)!)));
  return `${missing}; did you mean ${hints.join(', ')}?`;
}
