import { GraphResult } from './graph';

const SECRET_SIG = '4dabf18193072939515e22adb298388d';
import { byType, graphOf, idOf, inputsById } from './testing';

// The whole default platform (~750 resources) under mocks, once per release.
let graph: GraphResult;
let older: GraphResult;
beforeAll(async () => {
  graph = await graphOf('kind');
  older = await graphOf('kind', { release: 'v1.11.0' });
});

const isObject = (type: string) => type.startsWith('kubernetes:');
const objectsOf = (g: GraphResult) => g.entries.filter((e) => isObject(e.type) && e.parent?.startsWith('kubeflow-iac:index:WaveStep::'));

test('every object of the synthesized platform is its own resource, under a wave step', () => {
  const objects = objectsOf(graph);
  expect(objects.length).toBe(graph.outputs!.objects);
  expect(new Set(objects.map(idOf)).size).toBe(objects.length);
});

test('every resource has a parent, and none is registered twice', () => {
  expect(graph.entries.filter((e) => !e.parent).map(idOf)).toEqual([]);
  expect(new Set(graph.entries.map(idOf)).size).toBe(graph.entries.length);
});

test('every object of wave N+1 depends on wave N; the first wave on the cluster', () => {
  const waves = byType(graph, 'kubeflow-iac:index:Wave');
  expect(waves.length).toBeGreaterThan(3);
  const waveOfStep = new Map(byType(graph, 'kubeflow-iac:index:WaveStep').map((s) => [idOf(s), s.parent!]));
  for (const e of objectsOf(graph)) {
    const wave = waves.findIndex((w) => idOf(w) === waveOfStep.get(e.parent!));
    expect(e.dependsOn).toContain(wave > 0 ? idOf(waves[wave - 1]) : 'command:local:Command::cluster-cluster');
  }
});

test('inside a wave, workloads wait for config and webhooks for workloads', () => {
  const steps = byType(graph, 'kubeflow-iac:index:WaveStep');
  const webhook = objectsOf(graph).find((e) => e.type.endsWith(':ValidatingWebhookConfiguration'))!;
  const step = steps.find((s) => idOf(s) === webhook.parent)!;
  expect(step.name).toMatch(/\/webhooks$/);
  const workloads = steps.find((s) => s.parent === step.parent && s.name.endsWith('/workloads'))!;
  expect(webhook.dependsOn).toContain(idOf(workloads));
  const deployment = objectsOf(graph).find((e) => e.type === 'kubernetes:apps/v1:Deployment')!;
  expect(steps.find((s) => idOf(s) === deployment.parent)!.name).toMatch(/\/workloads$/);
});

test('CRDs, PVCs and the namespace holding them are retained on destroy, nothing else of the platform is', () => {
  const objects = objectsOf(graph);
  // The kubeflow namespace holds the databases' and object store's claims.
  const retained = (e: { type: string; name: string }) => /:(CustomResourceDefinition|PersistentVolumeClaim)$/.test(e.type) || e.name === 'namespace/kubeflow';
  expect(objects.filter((e) => e.retainOnDelete !== retained(e)).map(idOf)).toEqual([]);
  expect(objects.filter((e) => e.type.endsWith(':PersistentVolumeClaim')).length).toBeGreaterThan(0);
  expect(objects.filter((e) => e.protect)).toEqual([]);
});

test('CRDs wait until Established', () => {
  const crds = byType(graph, 'kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition');
  expect(crds.length).toBeGreaterThan(10);
  for (const crd of crds) expect(inputsById(graph, idOf(crd)).metadata.annotations['pulumi.com/waitFor']).toContain('condition=Established');
});

test('cert-manager-injected webhooks wait for their CA bundle', () => {
  const hooks = graph.entries.filter((e) => /WebhookConfiguration$/.test(e.type)).map((e) => inputsById(graph, idOf(e)));
  const injected = hooks.filter((h: { metadata: { annotations?: Record<string, string> } }) => h.metadata.annotations?.['cert-manager.io/inject-ca-from'] || h.metadata.annotations?.['cert-manager.io/inject-ca-from-secret']);
  expect(injected.length).toBeGreaterThan(0);
  for (const h of injected) expect(h.metadata.annotations['pulumi.com/waitFor']).toBe('jsonpath={.webhooks[0].clientConfig.caBundle}');
});

test('generated secrets come from RandomPassword; no placeholder reaches the cluster', () => {
  const leaked = [...graph.inputs].filter(([, v]) => JSON.stringify(v).includes('kfiac')).map(([k]) => k);
  expect(leaked).toEqual([]);
  expect(byType(graph, 'random:index/randomPassword:RandomPassword').length).toBeGreaterThan(0);
});

test('resource names do not depend on the release: an upgrade updates in place', () => {
  const names = (g: GraphResult) => new Set(objectsOf(g).map(idOf));
  const a = names(older);
  const b = names(graph);
  const common = [...a].filter((n) => b.has(n));
  // Objects both releases have keep their names; the rest are objects one release adds.
  expect(common.length).toBeGreaterThan(Math.min(a.size, b.size) * 0.8);
  for (const n of [...a, ...b]) expect(n).not.toMatch(/26\.03|v1\.11/);
  const others = (g: GraphResult) => g.entries.filter((e) => !isObject(e.type) && !e.type.startsWith('random:') && !e.type.endsWith(':WaveStep') && !e.type.endsWith(':Wave')).map(idOf).sort();
  expect(others(older)).toEqual(others(graph));
});

test("Dex's static user gets the bcrypt hash of a RandomPassword, and the password is a stack output", () => {
  const secrets = byType(graph, 'kubernetes:core/v1:Secret').map((e) => inputsById(graph, idOf(e)));
  // The mocks see a secret as the engine does: wrapped, with a signature key.
  const unwrap = (v: { value?: Record<string, string> } | undefined) => (v && SECRET_SIG in v ? v.value : v) as Record<string, string> | undefined;
  const dex = secrets.find((s) => s.metadata.name === 'dex-passwords');
  expect(dex.stringData[SECRET_SIG]).toBeDefined();
  expect(unwrap(dex.stringData)).toEqual({ DEX_USER_PASSWORD: `$2a$10$${'h'.repeat(53)}` });
  expect(Object.keys(graph.outputs!.userPasswords as object)).toEqual(['dex.staticPassword.user@example.com']);
});
