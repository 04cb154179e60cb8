import { SecretStore } from '../../constructs/core/secrets';
import { Manifest } from '../../constructs/platform/parts';

/** How a generated secret is made at install time: the shape of what the component asked for. */
export interface SecretSpec {
  readonly key: string;
  readonly placeholder: string;
  readonly length: number;
  /** Characters besides letters and digits the value may hold; empty: letters and digits only. */
  readonly special: string;
  /** This secret is the bcrypt hash of another (by key): made from that one's `bcryptHash`. */
  readonly bcryptOf?: string;
}

/** Every token starts with this: a cheap test before any matching. */
const MARK = 'kfiac';
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const BCRYPT = /^\$2[aby]\$\d\d\$/;

/** A token standing for a value known only at install time (a cluster's OIDC issuer, say). */
export function lateToken(index: number): string {
  return `${MARK}late${String(index).padStart(4, '0')}z`;
}

/**
 * A store that hands out placeholders instead of values: synthesis stays pure, and the
 * Pulumi program replaces each placeholder with a `RandomPassword` kept secret in state.
 * The sample from `generate` only tells the length and alphabet (from its character
 * class, never from the random characters themselves, so inputs are stable).
 */
export class PlaceholderStore implements SecretStore {
  private readonly specs = new Map<string, SecretSpec>();
  /** Keys asked for while generating each key: a value made from other secrets. */
  private readonly generating: string[][] = [];

  value(key: string, generate: () => string): string {
    const known = this.specs.get(key);
    this.generating.at(-1)?.push(key);
    if (known) return known.placeholder;
    this.generating.push([]);
    let sample: string;
    let inner: string[];
    try {
      sample = generate();
    } finally {
      inner = this.generating.pop()!;
    }
    // Fixed-width index and an end mark, so no placeholder is a prefix of another.
    const placeholder = `${MARK}secret${String(this.specs.size).padStart(4, '0')}z`.padEnd(sample.length, 'x');
    const special = BASE64URL.test(sample) ? '-_' : '!#$%&*()-_=+[]{}<>:?';
    // A hash of another secret (Dex's static passwords): the install hashes the real value.
    const bcryptOf = BCRYPT.test(sample) && inner.length === 1 ? inner[0] : undefined;
    this.specs.set(key, { key, placeholder, length: sample.length, special, ...(bcryptOf ? { bcryptOf } : {}) });
    return placeholder;
  }

  /** Every key asked for so far, in the order asked. */
  list(): SecretSpec[] {
    return [...this.specs.values()];
  }
}

/** A string cut at its tokens: literal text and the tokens found. */
export type Piece = { readonly text: string } | { readonly token: string };

/** A pattern matching any of the tokens, longest first. */
export function tokenPattern(tokens: Iterable<string>): RegExp | undefined {
  const list = [...tokens].sort((a, b) => b.length - a.length);
  return list.length ? new RegExp(list.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g') : undefined;
}

/** Cuts `text` at the tokens of `pattern`; undefined when it holds none. */
export function splitTokens(text: string, pattern: RegExp): Piece[] | undefined {
  if (!text.includes(MARK)) return undefined;
  const pieces: Piece[] = [];
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    if (m.index > last) pieces.push({ text: text.slice(last, m.index) });
    pieces.push({ token: m[0] });
    last = m.index + m[0].length;
  }
  if (pieces.length === 0) return undefined;
  if (last < text.length) pieces.push({ text: text.slice(last) });
  return pieces;
}

/**
 * Walks a manifest and calls `replace` for each string holding a token (after base64
 * decoding for a Secret's `data` and a ConfigMap's `binaryData`). Returns the manifest
 * itself when nothing matched: unchanged objects are shared, never cloned.
 */
export function substitute<T>(m: Manifest, pattern: RegExp, replace: (pieces: Piece[], base64: boolean) => T): Manifest {
  const walk = (value: unknown, base64: boolean): unknown => {
    if (typeof value === 'string') {
      const pieces = splitTokens(base64 ? Buffer.from(value, 'base64').toString('utf8') : value, pattern);
      return pieces ? replace(pieces, base64) : value;
    }
    if (Array.isArray(value)) {
      const out = value.map((v) => walk(v, base64));
      return out.some((v, i) => v !== value[i]) ? out : value;
    }
    if (value && typeof value === 'object') {
      let changed = false;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const encoded = base64 || (value === m && ((m.kind === 'Secret' && k === 'data') || (m.kind === 'ConfigMap' && k === 'binaryData')));
        out[k] = walk(v, encoded);
        changed ||= out[k] !== v;
      }
      return changed ? out : value;
    }
    return value;
  };
  return walk(m, false) as Manifest;
}
