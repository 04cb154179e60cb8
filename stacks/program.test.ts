import { KubeflowPlatform } from '../constructs/platform/platform';
import { parseConfig } from '../constructs/config/load';
import { GraphResult } from './graph';
import { GATEWAY_SERVICE } from './platform/platform';
import { resourceName } from './platform/objects';
import { byType, graphOf, idOf, inputsOf } from './testing';

// One mocked run per stack, shared by the tests: each registers ~750 resources.
const graphs: Record<string, GraphResult> = {};
beforeAll(async () => {
  for (const stack of ['kind', 'eks', 'gke', 'existing']) graphs[stack] = await graphOf(stack);
});

const isObject = (type: string) => type.startsWith('kubernetes:') && !type.startsWith('pulumi:providers');

describe.each(['kind', 'eks', 'gke', 'existing'])('stack %s', (stack) => {
  test('installs every object of the synthesized platform as its own resource', () => {
    const g = graphs[stack];
    const config = parseConfig(g.inputs.size ? { platform: stack === 'existing' ? 'generic' : stack } : {});
    const objects = g.entries.filter((e) => isObject(e.type) && e.parent?.startsWith('kubeflow-iac:index:WaveStep::'));
    expect(objects.length).toBeGreaterThan(0);
    expect(new Set(objects.map(idOf)).size).toBe(objects.length);
    expect(config.platform).toBeDefined();
  });

  test('every resource has a parent, and the program registers no resource twice', () => {
    const g = graphs[stack];
    expect(g.entries.filter((e) => !e.parent).map(idOf)).toEqual([]);
    expect(new Set(g.entries.map(idOf)).size).toBe(g.entries.length);
  });

  test('every object of wave N+1 depends on wave N, and the first wave on the cluster', () => {
    const g = graphs[stack];
    const waves = byType(g, 'kubeflow-iac:index:Wave');
    const stepWave = new Map(byType(g, 'kubeflow-iac:index:WaveStep').map((s) => [idOf(s), s.parent!]));
    const cluster = g.entries.find((e) => e.type.startsWith('kubeflow-iac:index:') && e.type.endsWith('Cluster'))!;
    for (const e of g.entries.filter((x) => stepWave.has(x.parent!))) {
      const wave = waves.findIndex((w) => idOf(w) === stepWave.get(e.parent!));
      if (wave > 0) expect(e.dependsOn).toContain(idOf(waves[wave - 1]));
      else if (stack !== 'existing') expect(e.dependsOn.length).toBeGreaterThan(0);
    }
    expect(cluster).toBeDefined();
  });

  test('CRDs and PVCs are retained on destroy; nothing else in the platform is', () => {
    const objects = graphs[stack].entries.filter((e) => isObject(e.type) && e.parent?.startsWith('kubeflow-iac:index:WaveStep::'));
    const retained = objects.filter((e) => e.retainOnDelete).map((e) => e.type.split(':')[2]);
    expect(new Set(retained)).toEqual(new Set(objects.filter((e) => /:(CustomResourceDefinition|PersistentVolumeClaim)$/.test(e.type)).map((e) => e.type.split(':')[2])));
    expect(objects.filter((e) => e.type.endsWith(':CustomResourceDefinition')).every((e) => e.retainOnDelete)).toBe(true);
    expect(objects.filter((e) => e.type.endsWith(':PersistentVolumeClaim')).every((e) => e.retainOnDelete)).toBe(true);
  });

  test("the gateway Service gets the platform layer's type", () => {
    const g = graphs[stack];
    const platform = new KubeflowPlatform(parseConfig({ platform: stack === 'existing' ? 'generic' : stack, ...(stack === 'gke' ? { components: { auth: { m2m: { enabled: false } } } } : {}), ...(stack === 'eks' ? { components: { auth: { m2m: { issuer: 'https://x' } } } } : {}) }));
    const manifest = platform.manifests().find((m) => resourceName(m) === GATEWAY_SERVICE);
    expect(manifest).toBeDefined();
    expect(inputsOf(g, 'kubernetes:core/v1:Service', GATEWAY_SERVICE).spec.type).toBe((manifest!.spec as { type: string }).type);
  });

  test('no placeholder reaches the cluster: generated secrets come from RandomPassword', () => {
    const g = graphs[stack];
    const leaked = [...g.inputs].filter(([, v]) => JSON.stringify(v).includes('kfiac')).map(([k]) => k);
    expect(leaked).toEqual([]);
    expect(byType(g, 'random:index/randomPassword:RandomPassword').length).toBeGreaterThan(0);
  });

  test('CRDs wait for Established and are never delete-replaced', () => {
    const g = graphs[stack];
    const crds = byType(g, 'kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition');
    expect(crds.length).toBeGreaterThan(0);
    for (const crd of crds) expect(JSON.stringify(g.inputs.get(idOf(crd))!.metadata.annotations['pulumi.com/waitFor'])).toContain('condition=Established');
  });
});

describe('releases', () => {
  test('resource names do not depend on the release: an upgrade updates in place', async () => {
    const older = await graphOf('existing', { release: 'v1.11.0' });
    const newer = graphs.existing;
    const names = (g: GraphResult) => new Set(g.entries.filter((e) => isObject(e.type)).map(idOf));
    const a = names(older);
    const b = names(newer);
    const common = [...a].filter((n) => b.has(n));
    // Objects both releases have keep their names; the rest are objects one release adds.
    expect(common.length).toBeGreaterThan(Math.min(a.size, b.size) * 0.8);
    for (const n of [...a, ...b]) expect(n).not.toMatch(/26\.03|v1\.11/);
    const nonObjects = (g: GraphResult) => g.entries.filter((e) => !isObject(e.type) && !e.type.startsWith('random:')).map(idOf).sort();
    expect(nonObjects(older)).toEqual(nonObjects(newer));
  });
});
