import { Testing } from 'cdk8s';
import { Release, RELEASES } from '../catalog';
import { PlatformConfigInput } from '../config/schema';
import { structuralProblems } from '../core/schema';
import { wireTensorboards } from './platform';
import { componentObjects, find, Obj, withoutCrdSchemas } from '../platform/test-helpers';
import { Tensorboard } from './tensorboard';

const platform = (input: PlatformConfigInput): Obj[] => componentObjects(wireTensorboards, input);

test.each([
  ['v1.11.0', 'kubeflow/kubeflow/tensorboard-controller:v1.10.0'],
  ['26.03', 'kubeflow/kubeflow/tensorboard-controller:v1.10.0'],
  ['26.03.1', 'kubeflow/notebooks/tensorboard-controller:v1.11.0'],
] as const)('the TensorBoard image in the controller\'s ConfigMap follows the mirror (%s)', (release, controller) => {
  const objs = platform({ release, registry: 'mirror.local', components: { tensorboards: { rwoPvcScheduling: false } } });
  expect(find(objs, 'ConfigMap', 'tensorboard-controller-config').data).toEqual({
    ISTIO_GATEWAY: 'kubeflow/kubeflow-gateway',
    ISTIO_HOST: '*',
    RWO_PVC_SCHEDULING: 'False',
    TENSORBOARD_IMAGE: 'mirror.local/tensorflow/tensorflow:2.5.1',
  });
  const pod = find(objs, 'Deployment', 'tensorboard-controller-deployment').spec.template.spec;
  expect(pod.containers[0].envFrom).toEqual([{ configMapRef: { name: 'tensorboard-controller-config' } }]);
  expect(pod.containers.map((c: any) => c.image)).toEqual([`mirror.local/${controller}`, 'mirror.local/brancz/kube-rbac-proxy:v0.8.0']);
});

test('the web app is served at /tensorboards/ to the gateway only', () => {
  const objs = platform({});
  expect(find(objs, 'VirtualService', 'tensorboards-web-app-tensorboards-web-app').spec.http[0]).toEqual({
    headers: { request: { add: { 'x-forwarded-prefix': '/tensorboards' } } },
    match: [{ uri: { prefix: '/tensorboards/' } }],
    rewrite: { uri: '/' },
    route: [{ destination: { host: 'tensorboards-web-app-service.kubeflow.svc.cluster.local', port: { number: 80 } } }],
  });
  expect(find(objs, 'AuthorizationPolicy', 'tensorboards-web-app').spec.rules).toEqual([{ from: [{ source: { principals: ['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'] } }] }]);
});

test('the Tensorboard CRD requires logspath and is structural', () => {
  const crd = find(platform({}), 'CustomResourceDefinition', 'tensorboards.tensorboard.kubeflow.org');
  const schema = crd.spec.versions[0].schema.openAPIV3Schema;
  expect(schema.properties.spec).toEqual({ type: 'object', properties: { logspath: { type: 'string' } }, required: ['logspath'] });
  expect(structuralProblems(schema)).toEqual([]);
});

describe('Tensorboard', () => {
  const spec = (logs: ConstructorParameters<typeof Tensorboard>[2]['logs']) => {
    const chart = Testing.chart();
    new Tensorboard(chart, 't', { name: 'tb', namespace: 'alice', logs });
    return (Testing.synth(chart) as Obj[])[0].spec;
  };
  test('logs on a volume or in an object store', () => {
    expect(spec({ pvc: 'runs', path: '/mnist/logs' })).toEqual({ logspath: 'pvc://runs/mnist/logs' });
    expect(spec('gs://bucket/run1')).toEqual({ logspath: 'gs://bucket/run1' });
  });
  test('a bare path is rejected', () => {
    expect(() => spec('/logs')).toThrow("Tensorboard tb: logs '/logs' must be a URL such as gs://bucket/path, or { pvc, path }");
  });
});

test.each(RELEASES)('tensorboards component snapshot, release %s', (release: Release) => {
  expect(withoutCrdSchemas(platform({ release }))).toMatchSnapshot();
});
