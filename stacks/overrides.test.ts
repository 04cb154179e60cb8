import { ConfigError } from '../constructs/config/errors';
import { PlaceholderStore } from './platform/secrets';
import { KubeflowPlatform } from '../constructs/platform/platform';
import { GraphResult } from './graph';
import { checkStackConfig } from './settings';
import { byType, graphOf, idOf, inputsById, LEAN_PLATFORM } from './testing';

// The stack reads `kubeflow-iac:platform` with the same schema as --config: the new keys pass through.
describe('placement, overrides and patches in a stack config', () => {
  let graph: GraphResult;
  beforeAll(async () => {
    graph = await graphOf('kind', {
      ...LEAN_PLATFORM,
      placement: { nodeSelector: { pool: 'kubeflow' }, priorityClass: { name: 'kubeflow-platform', value: 1000 } },
      overrides: { workloads: [{ kind: 'Deployment', name: 'ml-pipeline-ui', replicas: 3 }] },
      patches: [{ target: { kind: 'ConfigMap', name: 'pipeline-install-config' }, type: 'merge', patch: { data: { extra: 'x' } } }],
    });
  });
  const objects = (type: string) => byType(graph, `kubernetes:${type}`).map((e) => inputsById(graph, idOf(e)));

  test('what the config changes is what Pulumi registers', () => {
    const ui = objects('apps/v1:Deployment').find((d) => d.metadata.name === 'ml-pipeline-ui');
    expect(ui.spec.replicas).toBe(3);
    expect(ui.spec.template.spec.nodeSelector).toEqual({ pool: 'kubeflow' });
    expect(objects('core/v1:ConfigMap').find((c) => c.metadata.name === 'pipeline-install-config').data.extra).toBe('x');
    expect(objects('scheduling.k8s.io/v1:PriorityClass').map((p) => p.metadata.name)).toContain('kubeflow-platform');
  });

  test('a patch whose target is missing names the stack config key', () => {
    let problems: readonly string[] = [];
    try {
      checkStackConfig({
        rootDir: '/nonexistent',
        platform: { ...LEAN_PLATFORM, platform: 'kind', patches: [{ target: { kind: 'Deployment', name: 'ml-pipeline-uii' }, type: 'merge', patch: {} }] },
        facts: { project: 'kubeflow-iac', stack: 'dev' },
      }, (c) => new KubeflowPlatform(c, new PlaceholderStore()).waves());
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems = e.problems;
    }
    expect(problems).toEqual(["kubeflow-iac:platform: patches[0].target: no Deployment ml-pipeline-uii in the platform's 26.03.1 output; did you mean Deployment kubeflow/ml-pipeline-ui?"]);
  });
});
