import Ajv from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject } from 'cdk8s';
import k8s from '../../test/k8s-schema/v1.33-strict.json';
import { ConfigError } from '../config/errors';
import { parseConfig, parseConfigText } from '../config/load';
import { COMPONENT_KEYS, PlatformConfigInput } from '../config/schema';
import { EphemeralSecretStore } from '../core/secrets';
import { Manifest } from '../platform/parts';
import { KubeflowPlatform } from '../platform/platform';
import { applyOverrides } from './apply';
import { checkOverrides } from './check';
import { selectionProblem } from './names';
import { containersOf, podTemplate } from './pods';

const secrets = new EphemeralSecretStore();
// A small platform for speed: the pipelines and what they need; the rest (spark among them) off.
const KEPT = ['istio', 'auth', 'certManager', 'profiles', 'pipelines'];
const LEAN = `components:\n${COMPONENT_KEYS.filter((k) => !KEPT.includes(k)).map((k) => `  ${k}: { enabled: false }\n`).join('')}`;

function platformOf(text: string): KubeflowPlatform {
  return new KubeflowPlatform(parseConfigText(text + LEAN, 'kubeflow.yaml'), secrets);
}
function problems(text: string): readonly string[] {
  try {
    platformOf(text).waves();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('config was accepted');
}
const find = (ms: readonly Manifest[], kind: string, name: string) => ms.find((m) => m.kind === kind && m.metadata.name === name)!;
const specOf = (m: Manifest) => podTemplate(m)!.spec;
// The strict Kubernetes 1.33 schemas (unknown fields rejected), as test/k8s-schema.test.ts uses them.
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ $id: 'k8s', $defs: k8s.$defs });
function schemaErrors(ms: readonly Manifest[]): string[] {
  return ms.flatMap((m) => {
    const def = (k8s.kinds as Record<string, string>)[`${m.apiVersion}/${m.kind}`];
    if (!def) return [];
    const validate = ajv.getSchema(`k8s#/$defs/${def}`) ?? ajv.compile({ $ref: `k8s#/$defs/${def}` });
    return validate(m) ? [] : (validate.errors ?? []).map((e) => `${m.kind} ${m.metadata.name}: ${e.instancePath} ${e.message}`);
  });
}
const workloads = (ms: readonly Manifest[]) => ms.filter((m) => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'].includes(m.kind));

describe('placement of the platform\'s own pods', () => {
  const platform = new KubeflowPlatform(parseConfig({
    placement: {
      nodeSelector: { pool: 'kubeflow' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'kubeflow', effect: 'NoSchedule' }],
      priorityClass: { name: 'kubeflow-platform', value: 100000 },
    },
  }), secrets);
  const user = platform.addChart('team');
  new ApiObject(user, 'app', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'app', namespace: 'kubeflow-user-example-com' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1' }] } } } });
  const all = platform.manifests();
  const own = workloads(all).filter((m) => m.metadata.labels?.['kubeflow-iac.io/component'] !== 'team');

  test('every workload but a DaemonSet gets the node selector; DaemonSets run on every node', () => {
    expect(own.length).toBeGreaterThan(40);
    expect(own.filter((m) => m.kind !== 'DaemonSet' && specOf(m).nodeSelector?.pool !== 'kubeflow').map((m) => m.metadata.name)).toEqual([]);
    const cni = own.filter((m) => m.kind === 'DaemonSet');
    expect(cni.map((m) => m.metadata.name)).toEqual(['istio-cni-node']);
    expect(specOf(cni[0]).nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
  });

  test('every workload gets the tolerations, after its own, none dropped', () => {
    const t = { key: 'dedicated', operator: 'Equal', value: 'kubeflow', effect: 'NoSchedule' };
    expect(own.filter((m) => !specOf(m).tolerations?.some((x) => JSON.stringify(x) === JSON.stringify(t))).map((m) => m.metadata.name)).toEqual([]);
    const cni = specOf(find(all, 'DaemonSet', 'istio-cni-node'));
    expect(cni.tolerations).toHaveLength(4);
    expect(cni.tolerations![3]).toEqual(t);
  });

  test('the priority class goes where a component set none; the class is made before any pod', () => {
    expect(specOf(find(all, 'DaemonSet', 'istio-cni-node')).priorityClassName).toBe('system-node-critical');
    expect(specOf(find(all, 'Deployment', 'workflow-controller')).priorityClassName).toBe('workflow-controller');
    expect(own.filter((m) => !specOf(m).priorityClassName).map((m) => m.metadata.name)).toEqual([]);
    const wave = platform.waves()[1];
    expect(wave.name).toBe('wave-01-namespaces');
    const pc = wave.parts.find((p) => p.component === 'kubeflow')!.manifests.find((m) => m.kind === 'PriorityClass');
    expect(pc).toEqual({
      apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass',
      metadata: { name: 'kubeflow-platform', labels: { 'app.kubernetes.io/managed-by': 'kubeflow-iac', 'kubeflow-iac.io/component': 'kubeflow' } },
      value: 100000, globalDefault: false, description: 'Kubeflow platform pods (kubeflow-iac placement.priorityClass)',
    });
  });

  test('what placement changes still validates against the Kubernetes schema', () => {
    expect(schemaErrors([...own, ...all.filter((m) => m.kind === 'PriorityClass')])).toEqual([]);
    // The check itself catches a field Kubernetes does not know.
    expect(schemaErrors([{ ...own[0], spec: { ...(own[0].spec as object), bogus: 1 } }])).not.toEqual([]);
  });

  test('users\' charts are left as they are', () => {
    expect(specOf(find(all, 'Deployment', 'app'))).toEqual({ containers: [{ name: 'c', image: 'nginx:1' }] });
  });

  test('an existing class is only named, not made', () => {
    const ms = platformOf('placement:\n  priorityClassName: high\n').manifests();
    expect(ms.filter((m) => m.kind === 'PriorityClass').map((m) => m.metadata.name)).toEqual(['workflow-controller']);
    expect(specOf(find(ms, 'Deployment', 'ml-pipeline-ui')).priorityClassName).toBe('high');
  });

  test('without placement, overrides or patches the objects are the very ones synthesized', () => {
    const list: Manifest[] = [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { template: { spec: { containers: [] } } } }];
    expect(applyOverrides('pipelines', list, parseConfig({}))).toBe(list);
  });
});

describe('overrides per component and per workload', () => {
  const ms = platformOf([
    'overrides:',
    '  components:',
    '    pipelines:',
    '      replicas: 2',
    '      resources: { ml-pipeline-ui: { limits: { memory: 1Gi } } }',
    '      podAnnotations: { sidecar.istio.io/proxyMemory: 256Mi }',
    '      labels: { team: ml }',
    '      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: zone, operator: In, values: [a] }] }] } } }',
    '  workloads:',
    '    - kind: Deployment',
    '      name: ml-pipeline-ui',
    '      replicas: 3',
    '      resources: { ml-pipeline-ui: { requests: { memory: 300Mi, cpu: 0.2 } } }',
    '      nodeSelector: { disk: ssd }',
    '      tolerations: [{ key: gpu, operator: Exists }]',
    '      podLabels: { tier: web }',
    '      annotations: { owner: ml-team }',
    '    - kind: StatefulSet',
    '      name: metacontroller',
    '      namespace: kubeflow',
    '      podAnnotations: { checked: "yes" }',
    '',
  ].join('\n')).manifests();
  const ui = find(ms, 'Deployment', 'ml-pipeline-ui');

  test('a component\'s replicas go to its Deployments, not its StatefulSets', () => {
    const pipelines = workloads(ms).filter((m) => m.metadata.labels?.['kubeflow-iac.io/component'] === 'pipelines');
    expect(pipelines.filter((m) => m.kind === 'Deployment' && m.metadata.name !== 'ml-pipeline-ui').every((m) => (m.spec as { replicas?: number }).replicas === 2)).toBe(true);
    const stores = pipelines.filter((m) => m.kind === 'StatefulSet');
    expect(stores.map((m) => m.metadata.name)).toContain('metacontroller');
    expect(stores.map((m) => (m.spec as { replicas?: number }).replicas)).not.toContain(2);
    expect(podTemplate(find(ms, 'StatefulSet', 'metacontroller'))!.metadata!.annotations).toMatchObject({ checked: 'yes' });
    // Another component keeps its own count.
    expect((find(ms, 'Deployment', 'dex').spec as { replicas?: number }).replicas).toBe((find(platformOf('').manifests(), 'Deployment', 'dex').spec as { replicas?: number }).replicas);
  });

  test('the workload\'s override comes after the component\'s; resources merge key by key', () => {
    expect(ui.spec).toMatchObject({ replicas: 3 });
    expect(containersOf(podTemplate(ui)).find((c) => c.name === 'ml-pipeline-ui')!.resources).toEqual({ requests: { cpu: '0.2', memory: '300Mi' }, limits: { memory: '1Gi' } });
  });

  test('placement fields merge with the component\'s own; affinity parts replace', () => {
    const spec = specOf(ui);
    expect(spec.nodeSelector).toEqual({ disk: 'ssd' });
    expect(spec.tolerations).toEqual([{ key: 'gpu', operator: 'Exists' }]);
    expect(spec.affinity).toEqual({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } } });
  });

  test('labels and annotations go to the object or the pod template, as named', () => {
    expect(ui.metadata.labels).toMatchObject({ team: 'ml', 'kubeflow-iac.io/component': 'pipelines' });
    expect(ui.metadata.annotations).toEqual({ owner: 'ml-team' });
    expect(podTemplate(ui)!.metadata).toMatchObject({ labels: { app: 'ml-pipeline-ui', tier: 'web' }, annotations: { 'sidecar.istio.io/proxyMemory': '256Mi' } });
    expect(podTemplate(find(ms, 'Deployment', 'ml-pipeline'))!.metadata!.labels!.tier).toBeUndefined();
  });

  test('what overrides change still validates against the Kubernetes schema', () => {
    expect(schemaErrors(workloads(ms))).toEqual([]);
  });

  test('other components are untouched', () => {
    const dex = find(ms, 'Deployment', 'dex');
    expect(specOf(dex).nodeSelector).toBeUndefined();
    expect(dex.metadata.labels?.team).toBeUndefined();
  });
});

describe('patches', () => {
  const ms = platformOf([
    'patches:',
    '  - target: { kind: Deployment, name: ml-pipeline-ui }',
    '    type: strategic',
    '    patch:',
    '      spec:',
    '        template:',
    '          spec:',
    '            containers:',
    '              - name: ml-pipeline-ui',
    '                env: [{ name: EXTRA, value: "1" }, { name: DEPLOYMENT, $patch: delete }]',
    '  - target: { kind: ConfigMap, name: pipeline-install-config, namespace: kubeflow, apiVersion: v1 }',
    '    type: json',
    '    patch: [{ op: add, path: /data/extra, value: a }, { op: copy, from: /data/extra, path: /data/copied }]',
    '  - target: { kind: ConfigMap, name: pipeline-install-config }',
    '    type: merge',
    '    patch: { data: { extra: b, copied: null } }',
    '',
  ].join('\n')).manifests();

  test('a strategic merge patch merges containers and env by name and deletes with $patch', () => {
    const env = containersOf(podTemplate(find(ms, 'Deployment', 'ml-pipeline-ui'))).find((c) => c.name === 'ml-pipeline-ui')!.env as { name: string }[];
    expect(env.map((e) => e.name)).toContain('VIEWER_TENSORBOARD_POD_TEMPLATE_SPEC_PATH');
    expect(env.map((e) => e.name)).not.toContain('DEPLOYMENT');
    expect(env[env.length - 1]).toEqual({ name: 'EXTRA', value: '1' });
  });

  test('patches apply in the order given, each to what the one before left', () => {
    const data = find(ms, 'ConfigMap', 'pipeline-install-config').data as Record<string, string>;
    expect(data.extra).toBe('b');
    expect(data.copied).toBeUndefined();
    expect(data.appName).toBe('pipeline');
  });
});

// Every problem names the config line, the field, the object and the fix; several are reported together.
describe('problems found after synthesis', () => {
  const W = (body: string) => `overrides:\n  workloads:\n    - kind: Deployment\n${body}`;
  const P = (target: string, type: string, patch: string) => `patches:\n  - target: ${target}\n    type: ${type}\n    patch: ${patch}\n`;
  const UI = '{ kind: Deployment, name: ml-pipeline-ui }';
  const CM = '{ kind: ConfigMap, name: pipeline-install-config }';
  test.each([
    ['a workload override of a workload that does not exist', W('      name: ml-pipeline-uii\n'), [
      "kubeflow.yaml:3: overrides.workloads[0]: no Deployment ml-pipeline-uii in the platform's 26.03.1 output; did you mean Deployment kubeflow/ml-pipeline-ui?",
    ]],
    ['a workload in another namespace', W('      name: ml-pipeline-ui\n      namespace: kubeflow-user-example-com\n'), [
      "kubeflow.yaml:3: overrides.workloads[0]: no Deployment kubeflow-user-example-com/ml-pipeline-ui in the platform's 26.03.1 output; did you mean Deployment kubeflow/ml-pipeline-ui?",
    ]],
    ['an override of a component that is not installed', 'overrides:\n  components:\n    spark: { replicas: 2 }\n', [
      'kubeflow.yaml:3: overrides.components.spark: spark is not installed by this config (release 26.03.1, enabled: false), so nothing would be overridden; remove the override, or install spark',
    ]],
    ['a container no workload of the component has', 'overrides:\n  components:\n    pipelines:\n      resources: { ml-pipline-ui: { limits: { memory: 1Gi } } }\n', [
      'kubeflow.yaml:4: overrides.components.pipelines.resources.ml-pipline-ui: the workloads of pipelines have no container ml-pipline-ui; did you mean ml-pipeline-ui?',
    ]],
    ['a container the workload does not have', W('      name: ml-pipeline-ui\n      resources: { web: { limits: { memory: 1Gi } } }\n'), [
      'kubeflow.yaml:5: overrides.workloads[0].resources.web: Deployment kubeflow/ml-pipeline-ui has no container web; its containers: ml-pipeline-ui',
    ]],
    ['a request above its limit', W('      name: ml-pipeline-ui\n      resources: { ml-pipeline-ui: { requests: { memory: 2Gi }, limits: { memory: 1Gi } } }\n'), [
      'kubeflow.yaml:5: overrides.workloads[0].resources.ml-pipeline-ui: memory request 2Gi is above the limit 1Gi of container ml-pipeline-ui in Deployment kubeflow/ml-pipeline-ui; raise limits.memory or lower requests.memory',
    ]],
    ['a pod label that would change the selector', W('      name: ml-pipeline-ui\n      podLabels: { app: web }\n'), [
      'kubeflow.yaml:5: overrides.workloads[0].podLabels.app: "web" would change the selector label app ("ml-pipeline-ui") of Deployment kubeflow/ml-pipeline-ui, and a selector cannot change in place; pick another key',
    ]],
    ['a patch whose target is missing', P('{ kind: Deployment, name: ml-pipeline-uii, namespace: kubeflow }', 'merge', '{ spec: { replicas: 2 } }'), [
      "kubeflow.yaml:2: patches[0].target: no Deployment kubeflow/ml-pipeline-uii in the platform's 26.03.1 output; did you mean Deployment kubeflow/ml-pipeline-ui?",
    ]],
    ['a patch target of a kind the platform has not', P('{ kind: Deploymnet, name: ml-pipeline-ui }', 'merge', '{}'), [
      "kubeflow.yaml:2: patches[0].target: no Deploymnet ml-pipeline-ui in the platform's 26.03.1 output, and no object of kind Deploymnet at all; did you mean kind Deployment?",
    ]],
    ['a patch target of another API version', P('{ kind: Deployment, name: ml-pipeline-ui, apiVersion: apps/v1beta1 }', 'merge', '{}'), [
      "kubeflow.yaml:2: patches[0].target: no apps/v1beta1 Deployment ml-pipeline-ui in the platform's 26.03.1 output; did you mean apps/v1 Deployment kubeflow/ml-pipeline-ui?",
    ]],
    ['a JSON patch op on a path that does not exist', P(CM, 'json', '[{ op: test, path: /data/appName, value: pipeline }, { op: replace, path: /data/nothere, value: x }]'), [
      'kubeflow.yaml:4: patches[0].patch[1]: op "replace" at "/data/nothere" on ConfigMap kubeflow/pipeline-install-config cannot apply: the path does not exist',
    ]],
    ['a JSON patch add under a missing parent', P(CM, 'json', '[{ op: add, path: /spec/x, value: 1 }]'), [
      'kubeflow.yaml:4: patches[0].patch[0]: op "add" at "/spec/x" on ConfigMap kubeflow/pipeline-install-config cannot apply: its parent /spec does not exist',
    ]],
    ['a JSON patch test that fails', P(CM, 'json', '[{ op: test, path: /data/appName, value: other }]'), [
      'kubeflow.yaml:4: patches[0].patch[0]: op "test" at "/data/appName" on ConfigMap kubeflow/pipeline-install-config cannot apply: the value there is "pipeline", not "other"',
    ]],
    ['a patch that renames its target', P(CM, 'merge', '{ metadata: { name: other } }'), [
      'kubeflow.yaml:4: patches[0].patch: the patch changes the metadata.name (to "other") of ConfigMap kubeflow/pipeline-install-config; a patch may not change which object it is: patch the new object\'s fields, or add it in your own chart',
    ]],
    ['a patch that moves its target to another namespace', P(CM, 'json', '[{ op: replace, path: /metadata/namespace, value: default }]'), [
      'kubeflow.yaml:4: patches[0].patch: the patch changes the metadata.namespace (to "default") of ConfigMap kubeflow/pipeline-install-config; a patch may not change which object it is: patch the new object\'s fields, or add it in your own chart',
    ]],
    ['a patch that changes an image', P(UI, 'strategic', '{ spec: { template: { spec: { containers: [{ name: ml-pipeline-ui, image: "example.com/ui:1" }] } } } }'), [
      'kubeflow.yaml:4: patches[0].patch: the patch sets the image example.com/ui:1 on Deployment kubeflow/ml-pipeline-ui; images come from the release catalog (so that kubeflow-iac images, the mirror rewrite and the bundle list every one) and a patch may not change them: set registry for a mirror, or run your own image in your own chart',
    ]],
    ['a strategic merge patch on a custom resource', P('{ kind: VirtualService, name: ml-pipeline-ui }', 'strategic', '{ spec: {} }'), [
      'kubeflow.yaml:3: patches[0].type: strategic merge needs the merge keys of a built-in Kubernetes type, and VirtualService kubeflow/ml-pipeline-ui is a custom resource (kubectl refuses it too); use type merge or json',
    ]],
    ['a strategic merge directive that is not supported', P(UI, 'strategic', '{ spec: { template: { spec: { $setElementOrder/containers: [] } } } }'), [
      'kubeflow.yaml:4: patches[0].patch.spec.template.spec.$setElementOrder/containers: the directive $setElementOrder is not supported; supported: $patch (delete, replace, merge) and null to remove a field, or use a json patch',
    ]],
    ['a strategic list item without its merge key', P(UI, 'strategic', '{ spec: { template: { spec: { containers: [{ image: x }] } } } }'), [
      'kubeflow.yaml:4: patches[0].patch.spec.template.spec.containers[0]: an item of containers needs name, its merge key',
    ]],
    ['an override and a patch, reported together', `${W('      name: ml-pipeline-uii\n')}${P('{ kind: Service, name: ml-pipeline-uii }', 'merge', '{}')}`, [
      "kubeflow.yaml:3: overrides.workloads[0]: no Deployment ml-pipeline-uii in the platform's 26.03.1 output; did you mean Deployment kubeflow/ml-pipeline-ui?",
      "kubeflow.yaml:6: patches[0].target: no Service ml-pipeline-uii in the platform's 26.03.1 output; did you mean Service kubeflow/ml-pipeline-ui?",
    ]],
  ])('%s', (_, text, expected) => {
    expect(problems(text)).toEqual(expected);
  });

  test('a user\'s object is no patch target: patches reach the platform\'s objects only', () => {
    const platform = platformOf(P('{ kind: ConfigMap, name: team-settings }', 'merge', '{}'));
    new ApiObject(platform.addChart('team'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'team-settings', namespace: 'kubeflow' } });
    expect(() => platform.waves()).toThrow("kubeflow.yaml:2: patches[0].target: no ConfigMap team-settings in the platform's 26.03.1 output; did you mean ");
  });

  test('a config built in code names the field without a file', () => {
    const config = parseConfig({ ...parseConfigText(LEAN, 'x.yaml'), patches: [{ target: { kind: 'Deployment', name: 'ml-pipeline-uii' }, type: 'merge', patch: {} }] } as PlatformConfigInput);
    expect(() => new KubeflowPlatform(config, secrets).waves()).toThrow(/^patches\[0\]\.target: no Deployment ml-pipeline-uii in the platform's 26\.03\.1 output; did you mean Deployment kubeflow\/ml-pipeline-ui\?$/);
  });

  test('a component override for a component without workloads says so', () => {
    const config = parseConfig({ overrides: { components: { pipelines: { resources: { app: { limits: { memory: '1Gi' } } } } } } });
    expect(checkOverrides(new Map([['pipelines', []]]), config, () => '')).toEqual([
      'overrides.components.pipelines.resources.app: the workloads of pipelines have no container app; there are none: remove the override',
    ]);
  });

  test('a name in several namespaces needs the namespace', () => {
    const cm = (namespace: string): Manifest => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace } });
    expect(selectionProblem({ kind: 'ConfigMap', name: 'settings' }, [cm('a'), cm('b')], '26.03.1')).toBe('ConfigMap settings is in several namespaces (a, b); add namespace to pick one');
    expect(selectionProblem({ kind: 'ConfigMap', name: 'settings', namespace: 'b' }, [cm('a'), cm('b')], '26.03.1')).toBeUndefined();
  });
});

// The examples users copy: each YAML block of the docs that sets one of the keys synthesizes.
test.each([
  ...[...fs.readFileSync(path.join(__dirname, '../../docs/configuration-overrides.md'), 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => ['docs/configuration-overrides.md', m[1]]),
  ...[...fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8').matchAll(/```yaml\n(placement:[\s\S]*?)```/g)].map((m) => ['README.md', m[1]]),
])('the example %# in %s synthesizes', (_, text) => {
  expect(platformOf(text).manifests().length).toBeGreaterThan(100);
});

describe('config checks of the new keys', () => {
  function parseProblems(text: string): readonly string[] {
    try {
      parseConfigText(text, 'kubeflow.yaml');
    } catch (e) {
      if (e instanceof ConfigError) return e.problems;
      throw e;
    }
    throw new Error('config was accepted');
  }
  test.each([
    ['overrides:\n  components:\n    pipline: { replicas: 2 }\n', `kubeflow.yaml:3: overrides.components.pipline: unknown key; allowed keys here: ${COMPONENT_KEYS.join(', ')}`],
    ['placement:\n  tolerations:\n    - { key: a, operator: In }\n', 'kubeflow.yaml:3: placement.tolerations[0].operator: got "In"; allowed: "Equal", "Exists"'],
    ['placement:\n  tolerations:\n    - { key: a, effect: NoRun }\n', 'kubeflow.yaml:3: placement.tolerations[0].effect: got "NoRun"; allowed: "NoSchedule", "PreferNoSchedule", "NoExecute"'],
    ['placement:\n  tolerations:\n    - { key: a, operator: Exists, value: b }\n', 'kubeflow.yaml:3: placement.tolerations[0].value: got "b"; must be empty when operator is Exists'],
    ['placement:\n  tolerations:\n    - { value: b }\n', 'kubeflow.yaml:3: placement.tolerations[0].operator: got "Equal"; must be Exists when key is empty (a toleration of every taint)'],
    ['placement:\n  tolerations:\n    - { key: a, tolerationSeconds: 30 }\n', 'kubeflow.yaml:3: placement.tolerations[0].tolerationSeconds: got 30; is allowed only with effect NoExecute'],
    ['placement:\n  priorityClassName: high\n  priorityClass: { name: kf, value: 10 }\n', 'kubeflow.yaml:3: placement.priorityClass: got {"name":"kf","value":10}; set priorityClassName (an existing class) or priorityClass (one kubeflow-iac creates), not both'],
    ['placement:\n  priorityClass: { name: system-kf, value: 10 }\n', "kubeflow.yaml:2: placement.priorityClass.name: got \"system-kf\"; must not start with 'system-': that prefix is Kubernetes' own"],
    ['placement:\n  nodeSelector: { "bad key!": x }\n', "kubeflow.yaml:2: placement.nodeSelector.bad key!: got \"bad key!\"; must be a label key: an optional DNS-subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit"],
    ['overrides:\n  workloads:\n    - kind: Deployment\n      name: x\n      resources:\n        c: { requests: { memory: 1GB } }\n', 'kubeflow.yaml:6: overrides.workloads[0].resources.c.requests.memory: got "1GB"; must be a Kubernetes quantity: a number with an optional suffix m, k, M, G, T, Ki, Mi, Gi, Ti (or n, u, P, E, Pi, Ei, or an exponent such as 1e3), e.g. 4, 500m, 16Gi, not negative'],
    ['overrides:\n  workloads:\n    - kind: Deployment\n      name: x\n      resources:\n        c: { limits: { cpu: -1 } }\n', 'kubeflow.yaml:6: overrides.workloads[0].resources.c.limits.cpu: got -1; must be a Kubernetes quantity: a number with an optional suffix m, k, M, G, T, Ki, Mi, Gi, Ti (or n, u, P, E, Pi, Ei, or an exponent such as 1e3), e.g. 4, 500m, 16Gi, not negative'],
    ['overrides:\n  workloads:\n    - kind: DaemonSet\n      name: x\n      replicas: 2\n', 'kubeflow.yaml:5: overrides.workloads[0].replicas: got 2; a DaemonSet has no replicas; only a Deployment or a StatefulSet does'],
    ['overrides:\n  workloads:\n    - kind: Service\n      name: x\n', 'kubeflow.yaml:3: overrides.workloads[0].kind: got "Service"; allowed: "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"'],
    ['overrides:\n  components:\n    pipelines:\n      labels: { app.kubernetes.io/managed-by: me }\n', "kubeflow.yaml:4: overrides.components.pipelines.labels.app.kubernetes.io/managed-by: got \"me\"; app.kubernetes.io/managed-by is kubeflow-iac's own label (prune and plan find the platform's objects by it); pick another key"],
    ['patches:\n  - target: { kind: ConfigMap, name: x }\n    type: json\n    patch:\n      - { op: add, path: /x }\n', 'kubeflow.yaml:5: patches[0].patch[0].value: got nothing; op add needs a value'],
    ['patches:\n  - target: { kind: ConfigMap, name: x }\n    type: json\n    patch:\n      - { op: move, path: /x }\n', 'kubeflow.yaml:5: patches[0].patch[0].from: got nothing; op move needs from, the pointer it takes the value from'],
    ['patches:\n  - target: { kind: ConfigMap, name: x }\n    type: json\n    patch:\n      - { op: put, path: /x }\n', 'kubeflow.yaml:5: patches[0].patch[0].op: got "put"; allowed: "add", "remove", "replace", "move", "copy", "test"'],
    ['patches:\n  - target: { kind: ConfigMap, name: x }\n    type: json\n    patch:\n      - { op: remove, path: x }\n', "kubeflow.yaml:5: patches[0].patch[0].path: got \"x\"; must be a JSON pointer: empty, or starting with '/'"],
    ['patches:\n  - target: { kind: ConfigMap, name: x }\n    type: json\n    patch: { data: {} }\n', 'kubeflow.yaml:4: patches[0].patch: got {"data":{}}; expected array'],
    ['patches:\n  - target: { kind: ConfigMap, name: x }\n    type: merge\n    patch: [{ op: remove, path: /x }]\n', 'kubeflow.yaml:4: patches[0].patch: got [{"op":"remove","path":"/x"}]; expected object'],
    ['patches:\n  - target: { kind: ConfigMap, name: x }\n    type: kustomize\n    patch: {}\n', 'kubeflow.yaml:3: patches[0].type: got "kustomize"; allowed: "json", "merge", "strategic"'],
    ['patches:\n  - target: { kind: ConfigMap }\n    type: merge\n    patch: {}\n', 'kubeflow.yaml:2: patches[0].target.name: got nothing; expected string'],
  ])('%j', (text, message) => {
    expect(parseProblems(text)).toEqual([message]);
  });
});
