import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { footprintReport, footprintTable } from '../cli/footprint/report';
import { EphemeralSecretStore } from '../constructs/core/secrets';
import { KubeflowPlatform } from '../constructs/platform/platform';
import { loadConfigWithTenants } from '../constructs/tenants/load-config';
import { runCli } from './cli-run';

const PROFILES = path.join(__dirname, '..', 'profiles');

describe('kubeflow-iac footprint', () => {
  let scratch: string;
  let config: string;
  beforeAll(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kfiac-footprint-'));
    config = path.join(scratch, 'small.yaml');
    fs.writeFileSync(config, 'platform: kind\nsizing: small\n');
  });
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
  const expected = () => footprintReport(new KubeflowPlatform(loadConfigWithTenants(config, PROFILES), new EphemeralSecretStore()));

  test('prints the table of the output, and writes nothing (no secrets file either)', () => {
    const r = runCli(['footprint', '--config', config, '--profiles', PROFILES], scratch);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe(footprintTable(expected()).join('\n'));
    expect(r.out).toMatch(/^component +pods +cpu req +cpu lim +mem req +mem lim +pvc +meshed +sidecar cpu +sidecar mem$/m);
    expect(fs.readdirSync(scratch)).toEqual(['small.yaml']);
  });

  test('--json: the documented shape, totals the sum of the components', () => {
    const r = runCli(['footprint', '--config', config, '--profiles', PROFILES, '--json'], scratch);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as ReturnType<typeof footprintReport>;
    expect(report).toEqual(JSON.parse(JSON.stringify(expected())));
    expect(Object.keys(report)).toEqual(['release', 'platform', 'sizing', 'units', 'sidecar', 'externalIstio', 'components', 'total', 'notCounted']);
    expect(report).toMatchObject({ platform: 'kind', sizing: 'small', units: { cpu: 'millicores', memory: 'bytes', pvc: 'bytes' } });
    const usage = ['pods', 'podsPerNode', 'meshedPods', 'requests', 'limits', 'sidecarRequests', 'pvc'];
    expect(Object.keys(report.total)).toEqual(usage);
    expect(Object.keys(report.components[0])).toEqual(['component', ...usage, 'workloads']);
    for (const w of report.components.flatMap((c) => c.workloads)) expect(Object.keys(w)).toEqual(['kind', 'namespace', 'name', ...usage]);
    const sum = (f: (c: (typeof report.components)[number]) => number) => report.components.reduce((n, c) => n + f(c), 0);
    expect(report.total.pods).toBe(sum((c) => c.pods));
    expect(report.total.requests.memory).toBe(sum((c) => c.requests.memory));
    expect(report.total.pvc).toBe(sum((c) => c.pvc));
    // The tenant's model registry and its database volume are counted.
    expect(report.components.find((c) => c.component === 'hub')!.workloads.map((w) => `${w.namespace}/${w.name}`)).toContain('kubeflow-user-example-com/model-registry-deployment');
  });

  test('with an external Istio, our sidecar sizes are counted, and the table says the mesh may differ', () => {
    const external = path.join(scratch, 'external.yaml');
    fs.writeFileSync(external, 'components:\n  istio: { enabled: false, external: true, existing: { version: "1.28.0" } }\n');
    try {
      const lines = footprintTable(footprintReport(new KubeflowPlatform(loadConfigWithTenants(external, PROFILES), new EphemeralSecretStore())));
      expect(lines.join('\n')).toContain('(with our defaults: the external mesh may inject other sizes)');
      expect(lines.find((l) => l.startsWith('istio '))).toBeUndefined();
    } finally {
      fs.rmSync(external);
    }
  });
});
