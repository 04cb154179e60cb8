/** One changed field: its path and the values before and after (absent is undefined). */
export interface FieldChange {
  readonly path: string;
  readonly from?: unknown;
  readonly to?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

// Lists of named items (containers, ports, env) compare by name, so one insertion
// does not show as every later item changed.
function byName(list: unknown[]): Map<string, unknown> | undefined {
  if (!list.every((x) => isObject(x) && typeof x.name === 'string')) return undefined;
  const m = new Map<string, unknown>();
  for (const x of list as Record<string, unknown>[]) {
    if (m.has(x.name as string)) return undefined;
    m.set(x.name as string, x);
  }
  return m;
}

/** Field-level differences between two JSON values, leaves first found first. */
export function diffValues(a: unknown, b: unknown, path = ''): FieldChange[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => diffValues(a[k], b[k], path ? `${path}.${k}` : k));
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const na = byName(a);
    const nb = byName(b);
    if (na && nb) {
      const names = [...new Set([...na.keys(), ...nb.keys()])];
      return names.flatMap((n) => diffValues(na.get(n), nb.get(n), `${path}[${n}]`));
    }
    if (a.length === b.length) return a.flatMap((x, i) => diffValues(x, b[i], `${path}[${i}]`));
  }
  return [{ path, ...(a !== undefined ? { from: a } : {}), ...(b !== undefined ? { to: b } : {}) }];
}

/** A value at a dotted path (`spec.selector`), for the immutable-field checks. */
export function at(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (isObject(v) ? v[k] : undefined), value);
}
