import { mebibytes, millicores, Sizing } from './sizing';

const plain = (r: ReturnType<Sizing['resources']>) => ({
  cpu: r.requests?.cpu?.value, memory: r.requests?.memory?.value, limit: r.limits?.memory?.value,
});

describe('Sizing.resources', () => {
  test.each([
    // No floor: the class's numbers; small keeps default's memory limits.
    ['small', 'medium', undefined, { cpu: '25m', memory: '64Mi', limit: '512Mi' }],
    ['default', 'medium', undefined, { cpu: '100m', memory: '128Mi', limit: '512Mi' }],
    ['large', 'medium', undefined, { cpu: '200m', memory: '256Mi', limit: '1024Mi' }],
    // Knative's activator: upstream requests 60Mi/300m, limit 600Mi.
    ['small', 'medium', 'activator/activator', { cpu: '25m', memory: '64Mi', limit: '600Mi' }],
    ['default', 'medium', 'activator/activator', { cpu: '300m', memory: '128Mi', limit: '600Mi' }],
    ['large', 'medium', 'activator/activator', { cpu: '300m', memory: '256Mi', limit: '1024Mi' }],
    // istiod: upstream requests 2048Mi and sets no limit; the limit is never below the request.
    ['small', 'large', 'istiod/discovery', { cpu: '50m', memory: '128Mi', limit: '2048Mi' }],
    ['default', 'large', 'istiod/discovery', { cpu: '500m', memory: '2048Mi', limit: '2048Mi' }],
  ] as const)('%s %s %s', (preset, cls, container, expected) => {
    expect(plain(new Sizing(preset).resources(cls, container))).toEqual(expected);
  });

  test('a name no release has a floor for is refused, so a typo cannot drop a floor', () => {
    expect(() => new Sizing('default').resources('small', 'dashboard/dashboard'))
      .toThrow("no release has an upstream floor for 'dashboard/dashboard' (constructs/core/sizing-floors)");
  });

  test('floors are per release: the LLM controller has none in v1.11.0, which does not ship it', () => {
    const key = 'llmisvc-controller-manager/manager';
    expect(plain(new Sizing('default', 'v1.11.0').resources('small', key)).limit).toBe('256Mi');
    expect(plain(new Sizing('default', '26.03').resources('small', key)).limit).toBe('300Mi');
  });
});

describe('quantities', () => {
  test.each([['512Mi', 512], ['4Gi', 4096]])('mebibytes(%s)', (q, n) => expect(mebibytes(q)).toBe(n));
  test.each([['300m', 300], ['1', 1000]])('millicores(%s)', (q, n) => expect(millicores(q)).toBe(n));
  test('other units are refused', () => {
    expect(() => mebibytes('1G')).toThrow("memory '1G' must be written in Mi or Gi");
    expect(() => millicores('0.5')).toThrow("cpu '0.5' must be written in m or whole cores");
  });
});
