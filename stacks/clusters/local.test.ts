import { parse } from 'yaml';
import { GraphResult, readStackConfigFile, runGraph } from '../graph';
import { program } from '../program';
import { GATEWAY_SERVICE } from '../platform/platform';
import { byType, graphOf, inputsOf, LEAN_PLATFORM } from '../testing';
import { CREATE_SCRIPT, DELETE_SCRIPT } from './kind-scripts';

let kind: GraphResult;
let existing: GraphResult;
beforeAll(async () => {
  kind = await graphOf('kind', LEAN_PLATFORM);
  existing = await graphOf('existing', LEAN_PLATFORM);
});

test('kind: the cluster is made and deleted with the kind CLI, from the generated config', () => {
  const cmd = inputsOf(kind, 'command:local:Command');
  expect(cmd.create).toContain('kind create cluster --name "$KIND_NAME" --config "$f"');
  // The guarded scripts (kind-scripts.test.ts runs them): never remake or delete a cluster it did not make.
  expect(cmd.create).toBe(CREATE_SCRIPT);
  expect(cmd.delete).toBe(DELETE_SCRIPT);
  expect(cmd.environment.KIND_EXISTS_MESSAGE).toContain("kind cluster 'kubeflow' already exists");
  const config = parse(cmd.environment.KIND_CONFIG);
  // The node image of the release's Kubernetes (26.03.1: 1.34).
  expect(config.nodes[0].image).toBe('kindest/node:v1.34.0');
  expect(config.nodes[0].extraPortMappings).toEqual([
    { containerPort: 30080, hostPort: 8080, protocol: 'TCP' },
    { containerPort: 30443, hostPort: 8443, protocol: 'TCP' },
  ]);
  expect(kind.outputs!.dashboardUrl).toBe('http://localhost:8080/');
});

test('kind: the gateway listens on the node ports the cluster maps to host ports; existing keeps the layer\'s ClusterIP', () => {
  const svc = inputsOf(kind, 'kubernetes:core/v1:Service', GATEWAY_SERVICE);
  expect(svc.spec.type).toBe('NodePort');
  expect(svc.spec.ports.map((p: { name: string; nodePort?: number }) => [p.name, p.nodePort])).toEqual([['status-port', undefined], ['http2', 30080], ['https', 30443]]);
  expect(inputsOf(existing, 'kubernetes:core/v1:Service', GATEWAY_SERVICE).spec.type).toBe('ClusterIP');
});

test('the Kubernetes provider applies server-side and updates ConfigMaps and Secrets in place; existing uses the configured context', () => {
  const inPlace = { enableServerSideApply: 'true', enableConfigMapMutable: 'true', enableSecretMutable: 'true' };
  expect(inputsOf(kind, 'pulumi:providers:kubernetes')).toMatchObject(inPlace);
  expect(inputsOf(existing, 'pulumi:providers:kubernetes')).toMatchObject({ context: 'my-cluster', ...inPlace });
});

test('existing: adopt lets the provider take over objects that exist; off by default', async () => {
  expect(inputsOf(existing, 'pulumi:providers:kubernetes').upsertExistingObjects).toBeUndefined();
  const config = readStackConfigFile('existing');
  const cluster = { ...(config['kubeflow-iac:cluster'] as Record<string, unknown>), adopt: true };
  const adopting = await runGraph(program, { stack: 'existing', config: { ...config, 'kubeflow-iac:cluster': cluster, 'kubeflow-iac:platform': { platform: 'generic', ...LEAN_PLATFORM } }, keepInputs: true });
  expect(inputsOf(adopting, 'pulumi:providers:kubernetes').upsertExistingObjects).toBe('true');
});

test('existing: nothing but the provider and the platform is made', () => {
  const types = new Set(existing.entries.map((e) => e.type.split(':')[0]));
  expect([...types].sort()).toEqual(['kubeflow-iac', 'kubernetes', 'pulumi', 'random']);
  expect(byType(existing, 'kubeflow-iac:index:ExistingCluster')).toHaveLength(1);
});

test('existing: the stack installs release 26.03.1 from its catalog', async () => {
  const g = await graphOf('existing', { ...LEAN_PLATFORM, release: '26.03.1' });
  const deployments = byType(g, 'kubernetes:apps/v1:Deployment').map((e) => JSON.stringify(g.inputs.get(`${e.type}::${e.name}`)));
  expect(deployments.some((d) => d.includes('"registry.istio.io/release/pilot:1.30.1"'))).toBe(true);
});

test('a bad platform config fails the run with the config errors', async () => {
  await expect(graphOf('existing', { release: '0.1', colour: 'red' })).rejects.toThrow(
    'invalid stack config:\n  kubeflow-iac:platform: release: got "0.1"; allowed: "v1.11.0", "26.03", "26.03.1"\n  kubeflow-iac:platform: colour: unknown key; allowed keys here: release, registry, platform, sizing, components',
  );
});

test('a config a component rejects fails the run with its message', async () => {
  const config = { 'kubeflow-iac:platform': { platform: 'gke' }, 'kubeflow-iac:cluster': { existing: { context: 'c' } } };
  await expect(runGraph(program, { config })).rejects.toThrow(/^invalid stack config:\n  components\.auth\.m2m\.issuer: got nothing; on platform gke/);
});
