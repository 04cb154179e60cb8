import Ajv from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import { COMPONENT_LABEL, MANAGED_BY_LABEL } from '../constructs/core/labels';
import { NODE_KEY, selects, SINGLE_REPLICA, ZONE_KEY } from '../constructs/platform/high-availability';
import { Manifest } from '../constructs/platform/parts';
import { id, manifestsFor, RELEASES } from './helpers';
import k8s from './k8s-schema/v1.33-strict.json';

// The objects this preset adds or changes, against the strict 1.33 schema (test/k8s-schema.test.ts checks the default output).
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ $id: 'k8s', $defs: k8s.$defs });
const kinds = k8s.kinds as Record<string, string>;
function schemaErrors(m: Manifest): string[] {
  const validate = ajv.getSchema(`k8s#/$defs/${kinds[`${m.apiVersion}/${m.kind}`]}`)!;
  return validate(m) ? [] : (validate.errors ?? []).map((e) => `${id(m)}: ${e.instancePath} ${e.message}`);
}

interface Selector { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] }
interface Spread { topologyKey: string; whenUnsatisfiable: string; labelSelector: Selector; matchLabelKeys?: string[] }
interface Workload extends Manifest {
  spec: { replicas?: number; selector: Selector; template: { metadata: { labels: Record<string, string> }; spec: { topologySpreadConstraints?: Spread[]; containers: { args?: string[]; command?: string[] }[] } } };
}

const isWorkload = (m: Manifest): m is Workload => m.kind === 'Deployment' || m.kind === 'StatefulSet';

/** Replicas a workload keeps at least: its own count, or its autoscaler's minimum. */
function minReplicas(all: readonly Manifest[], w: Workload): number {
  const hpa = all.find((m) => m.kind === 'HorizontalPodAutoscaler' && m.metadata.namespace === w.metadata.namespace
    && (m.spec as { scaleTargetRef: { kind: string; name: string } }).scaleTargetRef.name === w.metadata.name);
  return hpa ? (hpa.spec as { minReplicas: number }).minReplicas : w.spec.replicas ?? 1;
}

const budgetsOf = (all: readonly Manifest[], w: Workload) => all.filter((m) => m.kind === 'PodDisruptionBudget'
  && m.metadata.namespace === w.metadata.namespace && selects((m.spec as { selector: Selector }).selector, w.spec.template.metadata.labels));

/** The workloads behind every admission and conversion webhook's Service. */
function webhookWorkloads(all: readonly Manifest[]): Map<string, Workload[]> {
  const services = new Set<string>();
  for (const m of all) {
    const refs: { namespace: string; name: string }[] = [];
    if (m.kind === 'MutatingWebhookConfiguration' || m.kind === 'ValidatingWebhookConfiguration') {
      for (const h of (m as unknown as { webhooks: { clientConfig: { service?: { namespace: string; name: string } } }[] }).webhooks) if (h.clientConfig.service) refs.push(h.clientConfig.service);
    }
    const conversion = m.kind === 'CustomResourceDefinition' ? (m.spec as { conversion?: { webhook?: { clientConfig: { service?: { namespace: string; name: string } } } } }).conversion : undefined;
    if (conversion?.webhook?.clientConfig.service) refs.push(conversion.webhook.clientConfig.service);
    for (const r of refs) services.add(`${r.namespace}/${r.name}`);
  }
  const out = new Map<string, Workload[]>();
  for (const s of services) {
    const [namespace, name] = s.split('/');
    const svc = all.find((m) => m.kind === 'Service' && m.metadata.namespace === namespace && m.metadata.name === name);
    const selector = (svc?.spec as { selector?: Record<string, string> } | undefined)?.selector ?? {};
    out.set(s, all.filter(isWorkload).filter((w) => w.metadata.namespace === namespace && selects({ matchLabels: selector }, w.spec.template.metadata.labels)));
  }
  return out;
}

describe.each(RELEASES)('sizing large, release %s', (release) => {
  const all = manifestsFor({ release, sizing: 'large' });
  const workloads = all.filter(isWorkload);
  const replicated = workloads.filter((w) => minReplicas(all, w) > 1);

  test('has replicated workloads to check', () => {
    expect(replicated.length).toBeGreaterThan(30);
  });

  test('every workload with more than one replica has exactly one PodDisruptionBudget over its pods', () => {
    expect(replicated.map((w) => [id(w), budgetsOf(all, w).length]).filter(([, n]) => n !== 1)).toEqual([]);
  });

  test('every budget lets a drain evict one pod at a time and never the last one', () => {
    for (const w of replicated) {
      const spec = budgetsOf(all, w)[0].spec as Record<string, unknown>;
      expect([id(w), spec.maxUnavailable, spec.minAvailable, spec.unhealthyPodEvictionPolicy]).toEqual([id(w), 1, undefined, 'AlwaysAllow']);
    }
  });

  test("the budgets we add carry the workload's selector and the platform's labels; upstream's keep theirs", () => {
    const upstream = new Set(manifestsFor({ release }).filter((m) => m.kind === 'PodDisruptionBudget').map(id));
    for (const w of replicated) {
      const b = budgetsOf(all, w)[0];
      expect(b.metadata.labels?.[COMPONENT_LABEL]).toEqual(w.metadata.labels?.[COMPONENT_LABEL]);
      expect(b.metadata.labels?.[MANAGED_BY_LABEL]).toEqual('kubeflow-iac');
      if (upstream.has(id(b))) continue;
      expect([id(b), (b.spec as { selector: Selector }).selector]).toEqual([`PodDisruptionBudget ${w.metadata.namespace}/${w.metadata.name}-pdb`, w.spec.selector]);
    }
  });

  test('no pod is selected by two budgets (the eviction API would refuse to evict it)', () => {
    expect(workloads.map((w) => [id(w), budgetsOf(all, w).length]).filter(([, n]) => (n as number) > 1)).toEqual([]);
  });

  test('every replicated workload spreads over zones (preferred), then nodes, by its own selector', () => {
    for (const w of replicated) {
      const spread = w.spec.template.spec.topologySpreadConstraints ?? [];
      expect([id(w), spread.map((c) => [c.topologyKey, c.whenUnsatisfiable])]).toEqual([id(w), [[ZONE_KEY, 'ScheduleAnyway'], [NODE_KEY, 'DoNotSchedule']]]);
      for (const c of spread) {
        expect(c.labelSelector).toEqual(w.spec.selector);
        expect(Object.keys(c.labelSelector.matchLabels ?? {})).not.toContain('app.kubernetes.io/version');
        expect(c.matchLabelKeys).toEqual(w.kind === 'Deployment' ? ['pod-template-hash'] : undefined);
      }
    }
  });

  test('every workload runs two replicas or more, but the listed ones', () => {
    const single = workloads.filter((w) => minReplicas(all, w) < 2).map(id);
    expect(single.filter((n) => !(n in SINGLE_REPLICA))).toEqual([]);
    expect(single.sort()).toEqual(Object.keys(SINGLE_REPLICA).filter((n) => workloads.some((w) => id(w) === n)).sort());
  });

  test('every webhook is served by a workload of two replicas or more', () => {
    const hooks = webhookWorkloads(all);
    expect(hooks.size).toBeGreaterThanOrEqual(10);
    for (const [service, backing] of hooks) {
      expect([service, backing.length > 0]).toEqual([service, true]);
      for (const w of backing) expect([service, id(w), minReplicas(all, w) >= 2]).toEqual([service, id(w), true]);
    }
  });

  test('the budgets and the spread workloads validate against the Kubernetes 1.33 schema, unknown fields rejected', () => {
    const changed = [...replicated, ...all.filter((m) => m.kind === 'PodDisruptionBudget')];
    expect(changed.flatMap(schemaErrors)).toEqual([]);
  });

  test('istiod and the gateways scale from two, under a budget', () => {
    for (const name of ['istiod', 'istio-ingressgateway', 'cluster-local-gateway']) {
      const w = workloads.find((m) => m.metadata.name === name && m.metadata.namespace === 'istio-system')!;
      expect([name, minReplicas(all, w), budgetsOf(all, w).length]).toEqual([name, 2, 1]);
    }
  });
});

describe('leader election where upstream leaves it off (large, 26.03.1 and the oldest release)', () => {
  const args = (all: readonly Manifest[], name: string) => (all.filter(isWorkload).find((w) => w.metadata.name === name)!).spec.template.spec.containers.flatMap((c) => c.args ?? []);
  test.each([
    ['notebook-controller-deployment', '--enable-leader-election'],
    ['tensorboard-controller-deployment', '--leader-elect'],
    ['profiles-deployment', '--leader-elect'],
    ['kserve-localmodel-controller-manager', '--leader-elect'],
  ])('%s runs with %s', (name, flag) => {
    for (const release of ['26.03.1', 'v1.11.0'] as const) {
      expect(args(manifestsFor({ release, sizing: 'large' }), name)).toContain(flag);
    }
    expect(args(manifestsFor({ release: 'v1.11.0' }), name)).not.toContain(flag);
  });

  test('katib-config enables it and the controller may hold its Lease', () => {
    const all = manifestsFor({ sizing: 'large' });
    const config = all.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'katib-config')!;
    expect((config as unknown as { data: Record<string, string> }).data['katib-config.yaml']).toContain('enableLeaderElection: true');
    const role = all.find((m) => m.kind === 'Role' && m.metadata.name === 'katib-controller-leader-election')!;
    expect((role as unknown as { rules: unknown[] }).rules).toEqual([{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] }]);
  });
});

test('every single-replica workload exists in a release and docs/high-availability.md names it', () => {
  const names = new Set(RELEASES.flatMap((release) => manifestsFor({ release, sizing: 'large' }).filter(isWorkload).map(id)));
  const doc = fs.readFileSync(path.join(__dirname, '..', 'docs', 'high-availability.md'), 'utf8');
  for (const name of Object.keys(SINGLE_REPLICA)) {
    expect([name, names.has(name)]).toEqual([name, true]);
    expect([name, doc.includes(`\`${name.split('/')[1]}\``)]).toEqual([name, true]);
  }
});
