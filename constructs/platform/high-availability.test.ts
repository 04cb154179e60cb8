import { parseConfig } from '../config/load';
import { withHighAvailability, DISRUPTION_BUDGET, selects } from './high-availability';
import { Manifest } from './parts';

const large = parseConfig({ sizing: 'large' });

function deployment(name: string, replicas: number | undefined, extra: { kind?: string; pod?: Record<string, unknown> } = {}): Manifest {
  return {
    apiVersion: 'apps/v1',
    kind: extra.kind ?? 'Deployment',
    metadata: { name, namespace: 'ns', labels: { app: name, 'app.kubernetes.io/managed-by': 'kustomize' } },
    spec: {
      ...(replicas !== undefined ? { replicas } : {}),
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name, 'app.kubernetes.io/version': '1.0' } }, spec: { containers: [{ name: 'c', image: 'i' }], ...extra.pod } },
    },
  };
}

function hpa(target: string, minReplicas: number): Manifest {
  return {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: target, namespace: 'ns' },
    spec: { minReplicas, maxReplicas: 5, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target } },
  };
}

function pdb(name: string, matchLabels: Record<string, string>, budget: Record<string, unknown>): Manifest {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'ns' }, spec: { ...budget, selector: { matchLabels } } };
}

const budgets = (list: Manifest[]) => list.filter((m) => m.kind === 'PodDisruptionBudget');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const podSpec = (m: Manifest): any => (m.spec as any).template.spec;

describe('selects', () => {
  const pod = { app: 'a', tier: 'web' };
  test.each([
    [{ matchLabels: { app: 'a' } }, true],
    [{ matchLabels: { app: 'a', tier: 'db' } }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'db'] }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }] }, false],
    [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['x'] }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, false],
    [{ matchExpressions: [{ key: 'app', operator: 'Gt' }] }, false],
  ])('%j selects {app: a, tier: web}: %s', (selector, expected) => {
    expect(selects(selector, pod)).toBe(expected);
  });
});

describe('withHighAvailability', () => {
  test.each(['small', 'default'] as const)('%s: the objects are returned as they are', (sizing) => {
    const objs = [deployment('web', 2)];
    expect(withHighAvailability('c', objs, parseConfig({ sizing }))).toBe(objs);
  });

  test("a two-replica Deployment gets one budget with its selector, its labels and the platform's", () => {
    const out = withHighAvailability('c', [deployment('web', 2)], large);
    expect(budgets(out)).toEqual([{
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web-pdb', namespace: 'ns', labels: { app: 'web', 'app.kubernetes.io/managed-by': 'kubeflow-iac', 'kubeflow-iac.io/component': 'c' } },
      spec: { maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow', selector: { matchLabels: { app: 'web' } } },
    }]);
  });

  test('it spreads the pods over zones (preferred), then nodes (required), by the selector and revision', () => {
    const out = withHighAvailability('c', [deployment('web', 2)], large);
    expect(podSpec(out[0]).topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } }, matchLabelKeys: ['pod-template-hash'] },
      {
        maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } },
        matchLabelKeys: ['pod-template-hash'], nodeTaintsPolicy: 'Honor',
      },
    ]);
    expect(podSpec(out[0]).containers).toEqual([{ name: 'c', image: 'i' }]);
  });

  test('a StatefulSet has no pod-template-hash to match', () => {
    const out = withHighAvailability('c', [deployment('db', 2, { kind: 'StatefulSet' })], large);
    expect(podSpec(out[0]).topologySpreadConstraints.map((c: Record<string, unknown>) => c.matchLabelKeys)).toEqual([undefined, undefined]);
    expect(budgets(out)).toHaveLength(1);
  });

  test.each([
    ['one replica', [deployment('web', 1)]],
    ['no replicas field', [deployment('web', undefined)]],
    ['an autoscaler from one', [deployment('web', undefined), hpa('web', 1)]],
  ])('%s: nothing is added', (_, objs) => {
    expect(withHighAvailability('c', objs, large)).toEqual(objs);
  });

  test("an autoscaler's minReplicas counts, whatever the Deployment says", () => {
    const out = withHighAvailability('c', [deployment('gw', 1), hpa('gw', 2)], large);
    expect(budgets(out).map((b) => b.metadata.name)).toEqual(['gw-pdb']);
    expect(podSpec(out[0]).topologySpreadConstraints).toHaveLength(2);
  });

  test("upstream's budget for the same pods is kept, not doubled, with ours in place of its numbers", () => {
    const theirs = pdb('web-budget', { app: 'web' }, { minAvailable: '80%' });
    const out = withHighAvailability('c', [deployment('web', 2), theirs], large);
    expect(budgets(out)).toEqual([{ ...theirs, spec: { ...DISRUPTION_BUDGET, selector: { matchLabels: { app: 'web' } } } }]);
  });

  test("a budget in another namespace or for other pods is not the workload's", () => {
    const other = { ...pdb('web-budget', { app: 'web' }, { minAvailable: 0 }), metadata: { name: 'web-budget', namespace: 'elsewhere' } };
    const out = withHighAvailability('c', [deployment('web', 2), other, pdb('api', { app: 'api' }, { minAvailable: 0 })], large);
    expect(budgets(out).map((b) => `${b.metadata.namespace}/${b.metadata.name}`)).toEqual(['elsewhere/web-budget', 'ns/api', 'ns/web-pdb']);
    expect(budgets(out)[1].spec).toEqual({ minAvailable: 0, selector: { matchLabels: { app: 'api' } } });
  });

  test('a spread the component chose is kept', () => {
    const own = [{ maxSkew: 2, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } } }];
    const out = withHighAvailability('c', [deployment('web', 2, { pod: { topologySpreadConstraints: own } })], large);
    expect(podSpec(out[0]).topologySpreadConstraints).toEqual(own);
  });

  test('two budgets over the same pods are refused: the eviction API would refuse every eviction', () => {
    const objs = [deployment('web', 2), pdb('a', { app: 'web' }, { maxUnavailable: 1 }), pdb('b', { app: 'web' }, { maxUnavailable: 1 })];
    expect(() => withHighAvailability('c', objs, large)).toThrow('Deployment ns/web: 2 PodDisruptionBudgets select its pods; the eviction API refuses pods with more than one');
  });

  test('the input is not changed', () => {
    const objs = [deployment('web', 2)];
    const before = JSON.stringify(objs);
    withHighAvailability('c', objs, large);
    expect(JSON.stringify(objs)).toBe(before);
  });
});
