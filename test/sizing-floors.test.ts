import { App, Chart } from 'cdk8s';
import * as path from 'path';
import { Release, RELEASES } from '../constructs/catalog/types';
import { parseConfig } from '../constructs/config/load';
import { SizingName } from '../constructs/config/schema';
import { EphemeralSecretStore } from '../constructs/core/secrets';
import { mebibytes, millicores } from '../constructs/core/sizing';
import { ContainerFloor, floorKey, floorsFor, publishedUsageFor, usageGroups, workloadKey } from '../constructs/core/sizing-floors';
import { Sizing } from '../constructs/core/sizing';
import { fileName } from '../constructs/platform/components';
import { JobSet } from '../constructs/trainer/jobset';
import { Manifest } from '../constructs/platform/parts';
import { KubeflowPlatform } from '../constructs/platform/platform';
import { withTenants } from '../constructs/tenants/load-config';
import { loadTenants } from '../constructs/tenants/load';

// Each container of the default platform (with the project's tenant files) against upstream's
// resources for it (constructs/core/sizing-floors), and each component against upstream's
// published usage. The rule is in docs/sizing.md.

const PRESETS: readonly SizingName[] = ['small', 'default', 'large'];
const WORKLOADS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'];
const tenants = loadTenants(path.join(__dirname, '..', 'profiles'));

interface Resources { requests?: { cpu?: string; memory?: string }; limits?: { memory?: string } }
interface Container { name: string; resources?: Resources }
/** `replicas` 0 for the injected sidecars: component totals leave them out. */
interface OurContainer { key: string; component: string; replicas: number; container: Container }
interface Output { containers: OurContainer[]; pvcGi: Map<string, number>; components: Set<string> }

type WorkloadSpec = {
  replicas?: number;
  template: { spec: { containers: Container[]; initContainers?: Container[] } };
  volumeClaimTemplates?: { spec: { resources: { requests: { storage: string } } } }[];
};

const cache = new Map<string, Output>();

/** Our output for a release and preset: every workload container, by component, and PVC sizes. */
function output(release: Release, sizing: SizingName): Output {
  const id = `${release} ${sizing}`;
  const hit = cache.get(id);
  if (hit) return hit;
  const config = withTenants(parseConfig({ release, sizing }), tenants);
  const out: Output = { containers: [], pvcGi: new Map(), components: new Set() };
  const addPvc = (component: string, storage: string) => out.pvcGi.set(component, (out.pvcGi.get(component) ?? 0) + mebibytes(storage) / 1024);
  for (const part of new KubeflowPlatform(config, new EphemeralSecretStore()).waves().flatMap((w) => w.parts)) {
    out.components.add(part.component);
    for (const m of part.manifests as Manifest[]) {
      if (m.kind === 'ConfigMap' && m.metadata.name === 'istio-sidecar-injector') {
        // The sidecar every meshed pod gets: its resources are in the injector's values.
        const global = (JSON.parse((m.data as { values: string }).values) as { global: Record<string, { resources: Resources }> }).global;
        for (const name of ['proxy', 'proxy_init']) {
          out.containers.push({ key: `${m.metadata.namespace}/${m.metadata.name}/${name}`, component: part.component, replicas: 0, container: { name, resources: global[name].resources } });
        }
      }
      if (m.kind === 'PersistentVolumeClaim') addPvc(part.component, (m.spec as { resources: { requests: { storage: string } } }).resources.requests.storage);
      if (!WORKLOADS.includes(m.kind)) continue;
      const spec = m.spec as WorkloadSpec;
      const replicas = spec.replicas ?? 1;
      for (const t of spec.volumeClaimTemplates ?? []) for (let i = 0; i < replicas; i++) addPvc(part.component, t.spec.resources.requests.storage);
      for (const container of [...spec.template.spec.containers, ...(spec.template.spec.initContainers ?? [])]) {
        out.containers.push({ key: `${m.metadata.namespace}/${m.metadata.name}/${container.name}`, component: part.component, replicas, container });
      }
    }
  }
  cache.set(id, out);
  return out;
}

const show = (r: Resources | undefined) => `requests ${r?.requests?.memory ?? '-'}/${r?.requests?.cpu ?? '-'}, limit ${r?.limits?.memory ?? '-'}`;
const showFloor = (f: ContainerFloor) => `upstream requests ${f.memoryRequest ?? '-'}/${f.cpuRequest ?? '-'}, limit ${f.memoryLimit ?? '-'}`;
const below = (ours: string | undefined, floor: string | undefined, size: (q: string) => number) =>
  floor !== undefined && (ours === undefined || size(ours) < size(floor));

/** What is wrong with one container against its floor, in one line, or nothing. */
function offence(c: OurContainer, f: ContainerFloor, sizing: SizingName): string | undefined {
  const r = c.container.resources;
  const problems: string[] = [];
  for (const q of [f.memoryRequest, f.memoryLimit]) if (below(r?.limits?.memory, q, mebibytes)) problems.push(`memory limit below ${q}`);
  if (sizing !== 'small' && f.requestBelowUpstreamWhy === undefined) {
    if (below(r?.requests?.memory, f.memoryRequest, mebibytes)) problems.push(`memory request below ${f.memoryRequest}`);
    if (below(r?.requests?.cpu, f.cpuRequest, millicores)) problems.push(`cpu request below ${f.cpuRequest}`);
  }
  return problems.length ? `${c.key}: ${problems.join(', ')} (ours ${show(r)}; ${showFloor(f)})` : undefined;
}

const cases = RELEASES.flatMap((release) => PRESETS.map((sizing) => [release, sizing] as const));

describe('upstream floors per container', () => {
  test.each(cases)('%s %s: every container meets its floor', (release, sizing) => {
    const floors = new Map(floorsFor(release).map((f) => [floorKey(f), f]));
    const offenders = output(release, sizing).containers.flatMap((c) => {
      const f = floors.get(c.key);
      const o = f && offence(c, f, sizing);
      return o ? [o] : [];
    });
    expect(offenders).toEqual([]);
  });

  test.each(RELEASES)('%s: the table is not empty and every floor names a container of our output', (release) => {
    const ours = new Set(output(release, 'default').containers.map((c) => c.key));
    const floors = floorsFor(release);
    expect(floors.length).toBeGreaterThan(20);
    expect(floors.filter((f) => !ours.has(floorKey(f))).map(floorKey)).toEqual([]);
    // A floor with no number is no floor: containers upstream gives no resources are not listed.
    expect(floors.filter((f) => !f.memoryRequest && !f.memoryLimit && !f.cpuRequest).map(floorKey)).toEqual([]);
    expect(new Set(floors.map(floorKey)).size).toBe(floors.length);
    // Constructs name a floor by workload and container only, so those must be unique too.
    expect(new Set(floors.map(workloadKey)).size).toBe(floors.length);
  });

  test('a component a library user puts in another namespace keeps its floors', () => {
    const chart = new Chart(new App(), 'test');
    // JobSet's manager: its class gives 2048Mi, upstream's limit is 4Gi.
    new JobSet(chart, 'JobSet', { namespace: 'tools', sizing: new Sizing('small') });
    const deployment = chart.toJson().find((m: Manifest) => m.kind === 'Deployment') as Manifest;
    const limits = (deployment.spec as WorkloadSpec).template.spec.containers.map((c) => [c.name, c.resources?.limits?.memory]);
    expect([deployment.metadata.namespace, limits]).toEqual(['tools', [['manager', '4Gi']]]);
  });

  test('a container moved from upstream\'s place says why', () => {
    const moved = floorsFor('26.03.1').filter((f) => f.ours);
    expect(moved.map((f) => [floorKey(f), f.ours?.why.length ? 'why given' : 'no why'])).toEqual([['kubeflow/model-registry-ui/model-registry-ui', 'why given']]);
  });
});

describe('upstream published usage per component', () => {
  test.each(cases)('%s %s: each component\'s memory limits and PVCs cover upstream\'s measured usage', (release, sizing) => {
    const out = output(release, sizing);
    const offenders: string[] = [];
    for (const g of usageGroups(publishedUsageFor(release))) {
      const files = g.components.map(fileName);
      const missing = files.filter((f) => !out.components.has(f));
      if (missing.length) { offenders.push(`${g.rows.join(' + ')}: no component ${missing.join(', ')} in the output`); continue; }
      const limitMi = out.containers.filter((c) => files.includes(c.component))
        .reduce((n, c) => n + c.replicas * mebibytes(c.container.resources?.limits?.memory ?? '0Mi'), 0);
      if (limitMi < g.memoryMi) offenders.push(`${g.rows.join(' + ')} (${files.join(', ')}): memory limits ${limitMi}Mi below upstream's ${g.memoryMi}Mi`);
      const pvcGi = files.reduce((n, f) => n + (out.pvcGi.get(f) ?? 0), 0);
      if (pvcGi < g.pvcGB && !g.pvcBelowWhy.length) offenders.push(`${g.rows.join(' + ')} (${files.join(', ')}): PVCs ${pvcGi}Gi below upstream's ${g.pvcGB}GB`);
    }
    expect(offenders).toEqual([]);
  });

  test.each(RELEASES)('%s: every published row maps to our components or says why not', (release) => {
    const rows = publishedUsageFor(release);
    expect(rows.filter((r) => (r.components.length === 0) === (r.notShipped === undefined)).map((r) => r.row)).toEqual([]);
  });

  test.each([
    ['26.03', 'notebooks', ['Notebook Controller', 'Jupyter Web App'], 324],
    ['26.03', 'kserve', ['KServe', 'KServe Models Web App'], 1459],
    ['26.03', 'auth', ['Dex', 'OAuth2-Proxy'], 54],
    ['26.03.1', 'notebooks', ['Notebooks'], 806],
    ['26.03.1', 'profiles', ['Dashboard'], 302],
    ['v1.11.0', 'hub', undefined, undefined],
  ] as const)('%s: the rows for %s are summed', (release, component, rows, memoryMi) => {
    const g = usageGroups(publishedUsageFor(release)).find((x) => x.components.includes(component));
    expect(g && { rows: g.rows, memoryMi: g.memoryMi }).toEqual(rows && { rows, memoryMi });
  });

  test('the 26.03.1 notebooks row spans four of our components', () => {
    const g = usageGroups(publishedUsageFor('26.03.1')).find((x) => x.rows.includes('Notebooks'));
    expect(g?.components).toEqual(['notebooks', 'pvcViewer', 'tensorboards', 'volumes']);
  });
});
