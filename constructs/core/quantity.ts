/**
 * Kubernetes resource quantities (`250m`, `1.5Gi`, `2`, `1e3`), one home for every reader: the
 * tenant quotas and the config's resource overrides check them, the footprint adds them up.
 */

/**
 * resource.Quantity as the API server parses it: a sign, a decimal number and a binary suffix
 * (Ki..Ei), a decimal suffix (n, u, m, k, M..E) or an exponent.
 */
export const QUANTITY = /^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$/;
export const QUANTITY_TEXT = 'must be a Kubernetes quantity: a number with an optional suffix m, k, M, G, T, Ki, Mi, Gi, Ti (or n, u, P, E, Pi, Ei, or an exponent such as 1e3), e.g. 4, 500m, 16Gi';

// For adding up, quantities are parsed exactly: as a fraction of two big integers, so `0.1`
// plus `0.2` is `0.3` and `1Ei` loses no digit. Rounding happens once, upward, when a quantity
// is read in a unit, as Kubernetes rounds a request finer than its precision (1m of CPU, 1 byte
// of memory).

const BINARY: Readonly<Record<string, bigint>> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const DECIMAL: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

// The grammar of k8s.io/apimachinery's resource.Quantity: a decimal number, then a binary
// suffix, a decimal suffix or a decimal exponent. Negative amounts are not resources.
const GRAMMAR = /^\+?(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

/** A quantity as the exact fraction `num / den`. */
export interface Quantity {
  readonly num: bigint;
  readonly den: bigint;
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** The quantity of `text`, or undefined when it is not one. A number is read as its decimal text. */
export function parseQuantity(text: string | number): Quantity | undefined {
  const m = GRAMMAR.exec(String(text));
  if (!m) return undefined;
  const [whole, frac = ''] = m[1].split('.');
  let num = BigInt(`${whole}${frac}` || '0');
  let den = pow10(frac.length);
  const suffix = m[2] ?? '';
  if (BINARY[suffix]) num *= BINARY[suffix];
  else {
    const exp = m[3] !== undefined ? Number(m[3]) : DECIMAL[suffix];
    if (exp >= 0) num *= pow10(exp);
    else den *= pow10(-exp);
  }
  return { num, den };
}

/** `q` in units of `unit` (a quantity per unit, e.g. 1/1000 for millicores), rounded up. */
function ceilIn(q: Quantity, unit: Quantity): number {
  const num = q.num * unit.den;
  const den = q.den * unit.num;
  const n = (num + den - 1n) / den;
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`quantity ${q.num}/${q.den} is too large to add up`);
  return Number(n);
}

const MILLI: Quantity = { num: 1n, den: 1000n };
const ONE: Quantity = { num: 1n, den: 1n };

/** CPU in millicores (`0.1` is 100, `1.5m` is 2), or undefined when `text` is not a quantity. */
export function cpuMillis(text: string | number): number | undefined {
  const q = parseQuantity(text);
  return q && ceilIn(q, MILLI);
}

/** Memory or storage in bytes (`1Ki` is 1024, `1k` is 1000), or undefined when `text` is not a quantity. */
export function bytesOf(text: string | number): number | undefined {
  const q = parseQuantity(text);
  return q && ceilIn(q, ONE);
}

const MI = 2 ** 20;
const GI = 2 ** 30;

/** CPU for people: millicores below one core (`850m`), cores from one (`3.45`, two decimals at most), rounded up. */
export function formatCpu(millis: number): string {
  return millis < 1000 ? `${millis}m` : String(Math.ceil(millis / 10) / 100);
}

/** Memory for people: MiB below one GiB (`384Mi`), GiB from one (`5.25Gi`, two decimals at most), rounded up. */
export function formatBytes(bytes: number): string {
  return bytes < GI ? `${Math.ceil(bytes / MI)}Mi` : `${Math.ceil((bytes * 100) / GI) / 100}Gi`;
}

/** The value of a quantity as a number (bytes, cores), to compare two; undefined when it is not one. */
export function quantityValue(q: string | number): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  if (!QUANTITY.test(q)) return undefined;
  const negative = q.startsWith('-');
  const exact = parseQuantity(negative ? q.slice(1) : q);
  if (!exact) return undefined;
  const v = Number(exact.num) / Number(exact.den);
  return negative ? -v : v;
}
