import { bytesOf, cpuMillis, formatBytes, formatCpu, parseQuantity } from './quantity';

describe('quantities, parsed exactly', () => {
  test.each([
    ['250m', 250],
    ['1', 1000],
    [2, 2000],
    ['0.1', 100],
    ['.5', 500],
    ['1.5m', 2], // finer than a millicore rounds up, as Kubernetes does
    ['100u', 1],
    ['1e3', 1_000_000],
    ['2k', 2_000_000],
    ['0', 0],
  ])('cpu %p is %d millicores', (q, m) => {
    expect(cpuMillis(q)).toBe(m);
  });

  test.each([
    ['128Mi', 128 * 2 ** 20],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['1Ki', 1024],
    ['1k', 1000],
    ['1M', 1_000_000],
    ['1G', 1_000_000_000],
    ['64', 64],
    [64, 64],
    ['1E3', 1000],
    ['2.5e-1', 1], // a quarter byte rounds up to one
    ['100m', 1],
    ['0.1Ki', 103], // 102.4 bytes, rounded up
    ['4Ti', 4 * 2 ** 40],
  ])('memory %p is %d bytes', (q, b) => {
    expect(bytesOf(q)).toBe(b);
  });

  test('decimals add up exactly: 0.1 + 0.2 is 3/10', () => {
    const a = parseQuantity('0.1')!;
    const b = parseQuantity('0.2')!;
    expect((a.num * b.den + b.num * a.den) * 10n).toBe(3n * a.den * b.den);
  });

  test.each(['', 'abc', '1.2.3', '-1', '10mi', '5 Mi', 'Mi', '1e', '0x10', '1Mii'])('%p is not a quantity', (q) => {
    expect(parseQuantity(q)).toBeUndefined();
    expect(cpuMillis(q)).toBeUndefined();
    expect(bytesOf(q)).toBeUndefined();
  });

  test('a quantity too large to add up as a number is an error, not a wrong sum', () => {
    expect(() => bytesOf('9Ei')).toThrow('is too large to add up');
  });
});

describe('quantities for people: the smaller unit below one of the larger, rounded up', () => {
  test.each([
    [0, '0m'],
    [5, '5m'],
    [999, '999m'],
    [1000, '1'],
    [1770, '1.77'],
    [3451, '3.46'],
    [17700, '17.7'],
  ])('cpu %d millicores: %s', (m, text) => {
    expect(formatCpu(m)).toBe(text);
  });

  test.each([
    [0, '0Mi'],
    [1, '1Mi'],
    [384 * 2 ** 20, '384Mi'],
    [1023 * 2 ** 20, '1023Mi'],
    [2 ** 30, '1Gi'],
    [1.125 * 2 ** 30, '1.13Gi'],
    [4928 * 2 ** 20, '4.82Gi'],
    [65 * 2 ** 30, '65Gi'],
  ])('%d bytes: %s', (b, text) => {
    expect(formatBytes(b)).toBe(text);
  });
});
