import { applyJsonPatch, applyMergePatch } from './json-patch';
import { JsonPatchOp } from './schema';
import { applyStrategicPatch, StrategicPatchError } from './strategic';

const doc = { a: { b: 1, list: [1, 2] }, c: 'x' };

describe('JSON patch (RFC 6902)', () => {
  test.each<[string, JsonPatchOp[], unknown]>([
    ['add a key', [{ op: 'add', path: '/a/d', value: 2 }], { a: { b: 1, list: [1, 2], d: 2 }, c: 'x' }],
    ['add into a list, and append with -', [{ op: 'add', path: '/a/list/0', value: 0 }, { op: 'add', path: '/a/list/-', value: 3 }], { a: { b: 1, list: [0, 1, 2, 3] }, c: 'x' }],
    ['remove', [{ op: 'remove', path: '/c' }], { a: { b: 1, list: [1, 2] } }],
    ['replace', [{ op: 'replace', path: '/a/b', value: 5 }], { a: { b: 5, list: [1, 2] }, c: 'x' }],
    ['move', [{ op: 'move', from: '/c', path: '/a/c' }], { a: { b: 1, list: [1, 2], c: 'x' } }],
    ['copy', [{ op: 'copy', from: '/c', path: '/d' }], { a: { b: 1, list: [1, 2] }, c: 'x', d: 'x' }],
    ['a passing test changes nothing', [{ op: 'test', path: '/a', value: { list: [1, 2], b: 1 } }], doc],
    ['~1 in a pointer is a slash', [{ op: 'add', path: '/a~1b', value: 1 }], { ...doc, 'a/b': 1 }],
  ])('%s', (_, ops, expected) => {
    expect(applyJsonPatch(doc, ops)).toEqual({ value: expected });
  });

  test.each<[string, JsonPatchOp[], { index: number; why: string }]>([
    ['replace of a missing path (cdk8s alone would add it)', [{ op: 'replace', path: '/a/z', value: 1 }], { index: 0, why: 'the path does not exist' }],
    ['remove of a missing path', [{ op: 'add', path: '/n', value: 1 }, { op: 'remove', path: '/z' }], { index: 1, why: 'the path does not exist' }],
    ['remove of the whole object', [{ op: 'remove', path: '' }], { index: 0, why: 'the whole object cannot be removed' }],
    ['add past the end of a list', [{ op: 'add', path: '/a/list/5', value: 1 }], { index: 0, why: "the list /a/list has 2 items: use an index up to 2, or '-' to append" }],
    ['add under a value that is not an object', [{ op: 'add', path: '/c/d', value: 1 }], { index: 0, why: 'its parent /c is not an object or a list' }],
    ['move from a missing path', [{ op: 'move', from: '/z', path: '/y' }], { index: 0, why: 'from /z does not exist' }],
    ['move into itself', [{ op: 'move', from: '/a', path: '/a/b' }], { index: 0, why: '/a/b is inside /a, which is moved' }],
    ['a test that fails', [{ op: 'test', path: '/a/b', value: 2 }], { index: 0, why: 'the value there is 1, not 2' }],
  ])('%s fails, naming the operation', (_, ops, expected) => {
    expect(applyJsonPatch(doc, ops)).toEqual(expected);
  });

  test('the document given is not changed', () => {
    const before = JSON.stringify(doc);
    applyJsonPatch(doc, [{ op: 'replace', path: '/a/b', value: 9 }]);
    expect(JSON.stringify(doc)).toBe(before);
  });
});

test.each([
  ['objects merge key by key', { a: { b: 1, c: 2 } }, { a: { c: 3 } }, { a: { b: 1, c: 3 } }],
  ['null removes a key', { a: 1, b: 2 }, { b: null }, { a: 1 }],
  ['lists are replaced whole', { a: [1, 2] }, { a: [3] }, { a: [3] }],
])('JSON merge patch (RFC 7386): %s', (_, target, patch, expected) => {
  expect(applyMergePatch(target, patch)).toEqual(expected);
});

describe('strategic merge patch', () => {
  const deployment = {
    kind: 'Deployment',
    spec: {
      replicas: 1,
      template: {
        spec: {
          containers: [
            { name: 'app', image: 'a:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80, name: 'http' }] },
            { name: 'side', image: 's:1' },
          ],
          volumes: [{ name: 'v1', emptyDir: {} }],
          tolerations: [{ key: 'a', operator: 'Exists' }],
        },
      },
    },
  };
  const pod = (patch: Record<string, unknown>) => ({ spec: { template: { spec: patch } } });
  const specOf = (o: unknown) => (o as typeof deployment).spec.template.spec;

  test('containers merge by name, and env by name inside them', () => {
    const out = specOf(applyStrategicPatch(deployment, pod({ containers: [{ name: 'app', image: 'a:2', env: [{ name: 'B', value: '3' }, { name: 'C', value: '4' }] }] })));
    expect(out.containers).toEqual([
      { name: 'app', image: 'a:2', env: [{ name: 'A', value: '1' }, { name: 'B', value: '3' }, { name: 'C', value: '4' }], ports: [{ containerPort: 80, name: 'http' }] },
      { name: 'side', image: 's:1' },
    ]);
  });

  test('ports merge by containerPort, volumes by name', () => {
    const out = specOf(applyStrategicPatch(deployment, pod({ containers: [{ name: 'app', ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 9090 }] }], volumes: [{ name: 'v2', emptyDir: {} }] })));
    expect(out.containers[0].ports).toEqual([{ containerPort: 80, name: 'http', protocol: 'TCP' }, { containerPort: 9090 }]);
    expect(out.volumes.map((v) => v.name)).toEqual(['v1', 'v2']);
  });

  test('$patch: delete removes an item by its key; $patch: replace replaces an object or a list', () => {
    const out = specOf(applyStrategicPatch(deployment, pod({ containers: [{ name: 'side', $patch: 'delete' }], volumes: [{ $patch: 'replace' }, { name: 'only', emptyDir: {} }] })));
    expect(out.containers.map((c) => c.name)).toEqual(['app']);
    expect(out.volumes).toEqual([{ name: 'only', emptyDir: {} }]);
    const replaced = applyStrategicPatch(deployment, { spec: { template: { spec: { $patch: 'replace', containers: [{ name: 'x' }] } } } });
    expect(specOf(replaced)).toEqual({ containers: [{ name: 'x' }] });
  });

  test('a list without a merge key (tolerations) is replaced, as kubectl does; null removes a field', () => {
    const out = specOf(applyStrategicPatch(deployment, pod({ tolerations: [{ key: 'b', operator: 'Exists' }], volumes: null })));
    expect(out.tolerations).toEqual([{ key: 'b', operator: 'Exists' }]);
    expect(out.volumes).toBeUndefined();
  });

  test('Service ports merge by port; webhooks by name', () => {
    const svc = { kind: 'Service', spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }] } };
    expect((applyStrategicPatch(svc, { spec: { ports: [{ port: 80, targetPort: 9000 }] } }) as typeof svc).spec.ports).toEqual([{ port: 80, targetPort: 9000 }, { port: 443 }]);
    const hooks = { kind: 'ValidatingWebhookConfiguration', webhooks: [{ name: 'a', failurePolicy: 'Fail' }, { name: 'b' }] };
    expect((applyStrategicPatch(hooks, { webhooks: [{ name: 'a', failurePolicy: 'Ignore' }] }) as typeof hooks).webhooks).toEqual([{ name: 'a', failurePolicy: 'Ignore' }, { name: 'b' }]);
  });

  test('a CronJob\'s pod spec is found under its job template', () => {
    const cron = { kind: 'CronJob', spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b' }] } } } } } };
    const out = applyStrategicPatch(cron, { spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'a', image: 'y' }] } } } } } }) as typeof cron;
    expect(out.spec.jobTemplate.spec.template.spec.containers).toEqual([{ name: 'a', image: 'y' }, { name: 'b' }]);
  });

  test.each<[string, Record<string, unknown>, (string | number)[], string]>([
    ['an unsupported directive', { spec: { $retainKeys: ['a'] } }, ['spec', '$retainKeys'], 'the directive $retainKeys is not supported; supported: $patch (delete, replace, merge) and null to remove a field, or use a json patch'],
    ['an unknown $patch', { spec: { $patch: 'remove' } }, ['spec', '$patch'], '$patch: got "remove"; allowed: "delete", "replace", "merge"'],
    ['an item without its merge key', pod({ volumes: [{ emptyDir: {} }] }), ['spec', 'template', 'spec', 'volumes', 0], 'an item of volumes needs name, its merge key'],
    ['$patch in a list replaced whole', pod({ tolerations: [{ key: 'a', $patch: 'delete' }] }), ['spec', 'template', 'spec', 'tolerations', 0], expect.stringMatching(/^\$patch in a list item needs a list merged by a key, and spec\.template\.spec\.tolerations is replaced whole; lists merged by key: containers \(name\), /) as unknown as string],
    ['deleting the whole object', { $patch: 'delete' }, ['$patch'], '$patch: delete of the whole object is not a patch; remove the component or use a json patch'],
  ])('%s is refused, saying where', (_, patch, path, message) => {
    let error: StrategicPatchError | undefined;
    try {
      applyStrategicPatch(deployment, patch);
    } catch (e) {
      error = e as StrategicPatchError;
    }
    expect(error).toBeInstanceOf(StrategicPatchError);
    expect({ path: error!.path, message: error!.message }).toEqual({ path, message });
  });
});
