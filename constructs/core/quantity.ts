/**
 * Kubernetes resource.Quantity, as the API server parses it: a sign, a decimal number and a
 * binary suffix (Ki..Ei), a decimal suffix (n, u, m, k, M..E) or an exponent. One home for the
 * tenant quotas and the config's resource overrides.
 */
export const QUANTITY = /^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$/;
export const QUANTITY_TEXT = 'must be a Kubernetes quantity: a number with an optional suffix m, k, M, G, T, Ki, Mi, Gi, Ti (or n, u, P, E, Pi, Ei, or an exponent such as 1e3), e.g. 4, 500m, 16Gi';

const SUFFIX: Readonly<Record<string, number>> = {
  '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** The value of a quantity as a number (bytes, cores), to compare two; undefined when it is not one. */
export function quantityValue(q: string | number): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  if (!QUANTITY.test(q)) return undefined;
  const m = /^([+-]?[0-9.]+)([a-zA-Z]*)$/.exec(q);
  if (m && m[2] in SUFFIX) return Number(m[1]) * SUFFIX[m[2]];
  // An exponent (1e3) is a number JavaScript reads as it is.
  return Number(q);
}
