import { dataNamespaces, isRetained, pulumiName, stepOf } from '../../constructs/install';
import { typeToken } from './objects';
import { objectOptions } from './platform';
import { readinessAnnotations, timeoutsFor, waitFor } from './readiness';
import { lateToken, PlaceholderStore, splitTokens, substitute, tokenPattern } from './secrets';

const obj = (kind: string, extra: Record<string, unknown> = {}, annotations?: Record<string, string>) => ({
  apiVersion: 'v1', kind, metadata: { name: 'x', namespace: 'ns', ...(annotations ? { annotations } : {}) }, ...extra,
});

describe('objects', () => {
  test.each([
    ['v1', 'Secret', 'kubernetes:core/v1:Secret'],
    ['apps/v1', 'Deployment', 'kubernetes:apps/v1:Deployment'],
    ['apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition'],
    ['cert-manager.io/v1', 'Certificate', 'kubernetes:cert-manager.io/v1:Certificate'],
  ])('%s %s is registered as %s', (apiVersion, kind, token) => {
    expect(typeToken(apiVersion, kind)).toBe(token);
  });

  test('names are kind, namespace and name, lower-cased, with nothing from the release', () => {
    expect(pulumiName({ kind: 'ConfigMap', metadata: { name: 'Dex', namespace: 'auth' } })).toBe('configmap/auth/dex');
    expect(pulumiName({ kind: 'ClusterRole', metadata: { name: 'kubeflow-admin' } })).toBe('clusterrole/kubeflow-admin');
  });
});

describe('readiness', () => {
  test('CRDs wait until Established only: their certificates come in later waves (a CA wait there deadlocked)', () => {
    expect(waitFor(obj('CustomResourceDefinition'))).toBe('condition=Established');
    expect(waitFor(obj('CustomResourceDefinition', {}, { 'cert-manager.io/inject-ca-from': 'ns/cert' }))).toBe('condition=Established');
  });

  test('webhook configurations wait for an injected CA bundle only when cert-manager injects one', () => {
    expect(waitFor(obj('ValidatingWebhookConfiguration', {}, { 'cert-manager.io/inject-ca-from': 'ns/cert' }))).toBe('jsonpath={.webhooks[0].clientConfig.caBundle}');
    expect(waitFor(obj('MutatingWebhookConfiguration', {}, { 'cert-manager.io/inject-ca-from-secret': 'ns/secret' }))).toBe('jsonpath={.webhooks[0].clientConfig.caBundle}');
    expect(waitFor(obj('MutatingWebhookConfiguration'))).toBeUndefined();
    expect(waitFor(obj('APIService', {}, { 'cert-manager.io/inject-ca-from': 'ns/cert' }))).toBe('jsonpath={.spec.caBundle}');
  });

  test('cert-manager certificates and issuers wait until Ready', () => {
    expect(waitFor({ ...obj('Certificate'), apiVersion: 'cert-manager.io/v1' })).toBe('condition=Ready');
    expect(waitFor({ ...obj('Certificate'), apiVersion: 'example.com/v1' })).toBeUndefined();
    expect(waitFor(obj('Deployment'))).toBeUndefined();
  });

  test('Services wait for endpoints only when they are load balancers (for their address)', () => {
    expect(readinessAnnotations(obj('Service', { spec: { type: 'ClusterIP' } }))).toEqual({ 'pulumi.com/skipAwait': 'true' });
    expect(readinessAnnotations(obj('Service', { spec: { type: 'LoadBalancer' } }))).toBeUndefined();
    expect(readinessAnnotations(obj('CustomResourceDefinition'))).toEqual({ 'pulumi.com/waitFor': 'condition=Established' });
  });

  test('timeouts are tuned per kind', () => {
    expect(timeoutsFor('Deployment')).toEqual({ create: '900s', update: '900s', delete: '900s' });
    expect(timeoutsFor('CustomResourceDefinition').create).toBe('300s');
    expect(timeoutsFor('RoleBinding').create).toBe('300s');
  });

  test('steps: config, then workloads with their Services and volumes, then webhooks', () => {
    expect(['ConfigMap', 'ClusterRole', 'Certificate'].map(stepOf)).toEqual([0, 0, 0]);
    expect(['Deployment', 'StatefulSet', 'Service', 'PersistentVolumeClaim'].map(stepOf)).toEqual([1, 1, 1, 1]);
    expect(['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'APIService'].map(stepOf)).toEqual([2, 2, 2]);
  });

  test('CRDs and data volumes are retained on destroy', () => {
    expect(isRetained(obj('CustomResourceDefinition'))).toBe(true);
    expect(isRetained(obj('PersistentVolumeClaim'))).toBe(true);
    expect(isRetained(obj('StatefulSet', {}, { 'kubeflow-iac.io/data-volume': 'true' }))).toBe(true);
    expect(isRetained(obj('Deployment'))).toBe(false);
  });

  test('a Secret its controller fills (empty in the manifest) keeps the controller\'s data', () => {
    expect(objectOptions(obj('Secret', { data: {} }), {}).ignoreChanges).toEqual(['data', 'stringData']);
    expect(objectOptions(obj('Secret', { data: { a: 'Yg==' } }), {}).ignoreChanges).toBeUndefined();
  });

  test.each([
    ['Deployment', ['spec.selector']],
    ['StatefulSet', ['spec.selector', 'spec.serviceName']],
    ['ClusterRoleBinding', ['roleRef']],
    ['RoleBinding', ['roleRef']],
  ])('a %s whose immutable fields change is replaced, the old one deleted first (same name)', (kind, fields) => {
    const o = objectOptions(obj(kind), {});
    expect(o.replaceOnChanges).toEqual(fields);
    expect(o.deleteBeforeReplace).toBe(true);
  });

  test.each(['PersistentVolumeClaim', 'ConfigMap', 'CustomResourceDefinition'])('a %s is never replaced for an immutable field', (kind) => {
    expect(objectOptions(obj(kind), {}).replaceOnChanges).toBeUndefined();
  });

  test('namespaces that hold data volumes are retained: deleting one deletes its claims', () => {
    const claim = { ...obj('PersistentVolumeClaim'), metadata: { name: 'db', namespace: 'kubeflow' } };
    const data = dataNamespaces([claim, { ...obj('Deployment'), metadata: { name: 'ui', namespace: 'web' } }]);
    expect([...data]).toEqual(['kubeflow']);
    expect(isRetained({ ...obj('Namespace'), metadata: { name: 'kubeflow' } }, data)).toBe(true);
    expect(isRetained({ ...obj('Namespace'), metadata: { name: 'web' } }, data)).toBe(false);
  });
});

describe('secret placeholders', () => {
  test('one placeholder per key, the length of the value it stands for', () => {
    const store = new PlaceholderStore();
    const a = store.value('a', () => 'x'.repeat(32));
    expect(store.value('a', () => 'other')).toBe(a);
    const b = store.value('b', () => 'abc');
    expect(a).toHaveLength(32);
    expect(a).not.toBe(b);
    expect(store.list().map((s) => [s.key, s.length, s.special])).toEqual([['a', 32, '-_'], ['b', 3, '-_']]);
  });

  test('a bcrypt hash of another secret is made from that secret', () => {
    const store = new PlaceholderStore();
    store.value('pw.hash', () => `$2a$12$${store.value('pw', () => 'secret').length}${'a'.repeat(52)}`);
    expect(store.list().find((s) => s.key === 'pw.hash')?.bcryptOf).toBe('pw');
    expect(store.list().find((s) => s.key === 'pw')?.bcryptOf).toBeUndefined();
  });

  test('strings are cut at their tokens', () => {
    const store = new PlaceholderStore();
    const p = store.value('k', () => 'y'.repeat(20));
    const pattern = tokenPattern([p, lateToken(0)])!;
    expect(splitTokens(`user:${p}@${lateToken(0)}`, pattern)).toEqual([{ text: 'user:' }, { token: p }, { text: '@' }, { token: lateToken(0) }]);
    expect(splitTokens('no tokens', pattern)).toBeUndefined();
  });

  test('substitution replaces strings and base64 data, and shares what it does not change', () => {
    const store = new PlaceholderStore();
    const p = store.value('k', () => 'y'.repeat(20));
    const pattern = tokenPattern([p])!;
    const labels = { app: 'dex' };
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', labels }, stringData: { a: `pw=${p}` }, data: { b: Buffer.from(p).toString('base64'), c: 'bm9uZQ==' } };
    const out = substitute(secret, pattern, (pieces, base64) => ({ pieces, base64 })) as unknown as typeof secret & { stringData: { a: unknown }; data: { b: unknown } };
    expect(out.stringData.a).toEqual({ pieces: [{ text: 'pw=' }, { token: p }], base64: false });
    expect(out.data.b).toEqual({ pieces: [{ token: p }], base64: true });
    expect(out.data.c).toBe('bm9uZQ==');
    expect(out.metadata).toBe(secret.metadata);
    const plain = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } };
    expect(substitute(plain, pattern, () => 'never')).toBe(plain);
  });
});
