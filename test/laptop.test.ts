import * as path from 'path';
import { laptopBudget, LAPTOP, LAPTOP_RESERVED } from '../cli/footprint/laptop';
import { footprintReport, footprintTable } from '../cli/footprint/report';
import { parseConfig } from '../constructs/config/load';
import { formatBytes, formatCpu } from '../constructs/core/quantity';
import { EphemeralSecretStore } from '../constructs/core/secrets';
import { KubeflowPlatform } from '../constructs/platform/platform';
import { withTenants } from '../constructs/tenants/load-config';
import { loadTenantFiles } from '../constructs/tenants/load';
import { RELEASES } from './helpers';

// Issue 19, item 2: the whole default platform with `sizing: small` and the repository's
// tenants, sidecars counted, fits one kind node on a 4-core, 8 GiB laptop. The budget and
// its reasons live in cli/footprint/laptop.ts.
const tenants = loadTenantFiles(path.join(__dirname, '..', 'profiles')).map((f) => f.tenant);

describe('sizing small fits the laptop', () => {
  test('the budget is the machine less what else runs on it', () => {
    const reserved = LAPTOP_RESERVED.reduce((n, r) => ({ cpu: n.cpu + r.cpu, memory: n.memory + r.memory }), { cpu: 0, memory: 0 });
    expect(laptopBudget()).toEqual({ cpu: LAPTOP.cpu - reserved.cpu, memory: LAPTOP.memory - reserved.memory });
    expect([formatCpu(laptopBudget().cpu), formatBytes(laptopBudget().memory)]).toEqual(['2.45', '5.19Gi']);
  });

  test.each(RELEASES)('%s: total requests, sidecars included, within the budget', (release) => {
    const config = withTenants(parseConfig({ release, platform: 'kind', sizing: 'small' }), tenants);
    const { total } = footprintReport(new KubeflowPlatform(config, new EphemeralSecretStore()));
    const budget = laptopBudget();
    expect(total.sidecarRequests.memory).toBeGreaterThan(0);
    // Millicores and bytes.
    expect(total.requests.cpu).toBeLessThanOrEqual(budget.cpu);
    expect(total.requests.memory).toBeLessThanOrEqual(budget.memory);
  });
});

describe('the footprint table says whether the requests fit the laptop', () => {
  const lastLine = (sizing: 'small' | 'default') => {
    const config = withTenants(parseConfig({ platform: 'kind', sizing }), tenants);
    return footprintTable(footprintReport(new KubeflowPlatform(config, new EphemeralSecretStore()))).at(-1);
  };
  test('small fits', () => {
    expect(lastLine('small')).toBe('requests fit a laptop (kind on 4 cores, 8 GiB; 2.45 cpu and 5.19Gi left for the platform, docs/footprint.md)');
  });
  test('default does not, and says by how much', () => {
    expect(lastLine('default')).toMatch(/^requests do not fit a laptop \(kind on 4 cores, 8 GiB; 2\.45 cpu and 5\.19Gi left for the platform, docs\/footprint\.md\): [0-9.]+ cpu and [0-9.]+Gi memory over; sizing: small is made to fit$/);
  });
});
