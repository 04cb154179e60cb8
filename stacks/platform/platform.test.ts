import * as k8s from '@pulumi/kubernetes';
import { Wave } from '../../constructs/platform/platform';
import { GraphResult, runGraph } from '../graph';
import { inputsOf } from '../testing';
import { PulumiPlatform } from './platform';
import { lateToken, PlaceholderStore } from './secrets';

// A hand-made platform of a few objects: the install rules without the components.
const store = new PlaceholderStore();
const token = store.value('db.password', () => 'p'.repeat(24));
const m = (apiVersion: string, kind: string, name: string, namespace?: string, extra: Record<string, unknown> = {}, annotations?: Record<string, string>) =>
  ({ apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}), ...(annotations ? { annotations } : {}) }, ...extra });
const WAVES: Wave[] = [
  { index: 0, name: 'wave-00-crds', parts: [{ component: 'a', phase: 'crds', after: [], manifests: [m('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'things.example.com')] }] },
  { index: 1, name: 'wave-01-namespaces', parts: [{ component: 'a', phase: 'namespaces', after: [], manifests: [m('v1', 'Namespace', 'a')] }] },
  {
    index: 2, name: 'wave-02', parts: [{
      component: 'a', phase: 'main', after: [], manifests: [
        m('v1', 'ServiceAccount', 'server', 'a'),
        m('v1', 'Secret', 'db', 'a', { stringData: { url: `mysql://root:${token}@db` }, data: { password: Buffer.from(token).toString('base64') } }),
        m('v1', 'ConfigMap', 'issuer', 'a', { data: { issuer: `https://${lateToken(0)}.invalid`, jwks: `https://${lateToken(0)}.invalid/keys` } }),
        m('apps/v1', 'StatefulSet', 'store', 'a', {}, { 'kubeflow-iac.io/data-volume': 'true' }),
        m('apps/v1', 'Deployment', 'server', 'a'),
        m('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', 'server', undefined, {}, { 'cert-manager.io/inject-ca-from': 'a/cert' }),
      ],
    }],
  },
  { index: 3, name: 'wave-03', parts: [{ component: 'a', phase: 'post', after: ['a/main'], manifests: [m('example.com/v1', 'Thing', 'one', 'a')] }] },
];

let g: GraphResult;
beforeAll(async () => {
  g = await runGraph(async () => {
    const provider = new k8s.Provider('k8s', { enableServerSideApply: true });
    const p = new PulumiPlatform('kubeflow', {
      waves: WAVES,
      secrets: store,
      provider,
      serviceAccountAnnotations: { 'a/server': { 'example.com/role': 'arn:role' } },
      lateValues: new Map([[`https://${lateToken(0)}.invalid`, 'https://issuer.example.com']]),
    });
    return { objects: p.objects.size, unsubstituted: p.unsubstitutedSecrets };
  }, { keepInputs: true });
});

const entry = (name: string) => g.entries.find((e) => e.name === name)!;

test('objects are grouped by wave and step; each waits for the wave before and the step before', () => {
  expect(entry('thing/a/one')).toMatchObject({ type: 'kubernetes:example.com/v1:Thing', parent: 'kubeflow-iac:index:WaveStep::kubeflow/wave-03/config', dependsOn: ['kubeflow-iac:index:Wave::kubeflow/wave-02'] });
  expect(entry('deployment/a/server').dependsOn).toEqual(['kubeflow-iac:index:Wave::kubeflow/wave-01-namespaces', 'kubeflow-iac:index:WaveStep::kubeflow/wave-02/config']);
  expect(entry('validatingwebhookconfiguration/server').dependsOn).toEqual(['kubeflow-iac:index:Wave::kubeflow/wave-01-namespaces', 'kubeflow-iac:index:WaveStep::kubeflow/wave-02/workloads']);
  expect(entry('namespace/a').dependsOn).toEqual(['kubeflow-iac:index:Wave::kubeflow/wave-00-crds']);
});

test('CRDs and marked data volumes are retained; CRDs are never replaced first', () => {
  expect(['customresourcedefinition/things.example.com', 'statefulset/a/store', 'deployment/a/server'].map((n) => entry(n).retainOnDelete)).toEqual([true, true, false]);
});

test('placeholders become the RandomPassword, base64-encoded in data', () => {
  const secret = inputsOf(g, 'kubernetes:core/v1:Secret');
  const unwrap = (v: Record<string, unknown>) => ('value' in v ? v.value : v) as Record<string, string>;
  expect(unwrap(secret.stringData)).toEqual({ url: `mysql://root:${'x'.repeat(24)}@db` });
  expect(unwrap(secret.data)).toEqual({ password: Buffer.from('x'.repeat(24)).toString('base64') });
  expect(inputsOf(g, 'random:index/randomPassword:RandomPassword')).toMatchObject({ length: 24, special: true, overrideSpecial: '-_' });
  expect(g.outputs!.unsubstituted).toEqual([]);
});

test('late values are filled in, and not marked secret', () => {
  expect(inputsOf(g, 'kubernetes:core/v1:ConfigMap').data).toEqual({ issuer: 'https://issuer.example.com', jwks: 'https://issuer.example.com/keys' });
});

test('service accounts get the cloud identity annotations; webhooks wait for their CA', () => {
  expect(inputsOf(g, 'kubernetes:core/v1:ServiceAccount').metadata.annotations).toEqual({ 'example.com/role': 'arn:role' });
  expect(inputsOf(g, 'kubernetes:admissionregistration.k8s.io/v1:ValidatingWebhookConfiguration').metadata.annotations['pulumi.com/waitFor']).toBe('jsonpath={.webhooks[0].clientConfig.caBundle}');
});
