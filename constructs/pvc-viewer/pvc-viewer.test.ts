import { Release, RELEASES } from '../catalog';
import { PlatformConfigInput } from '../config/schema';
import { structuralProblems } from '../core/schema';
import { wirePvcViewer } from './platform';
import { componentObjects, find, Obj, withoutCrdSchemas } from '../platform/test-helpers';

const platform = (input: PlatformConfigInput): Obj[] => componentObjects(wirePvcViewer, input);

test('the webhook serves with the certificate cert-manager issues for its Service', () => {
  const objs = platform({});
  expect(find(objs, 'Certificate', 'pvcviewer-serving-cert').spec).toEqual({
    dnsNames: ['pvcviewer-webhook-service.kubeflow.svc', 'pvcviewer-webhook-service.kubeflow.svc.cluster.local'],
    issuerRef: { kind: 'Issuer', name: 'pvcviewer-selfsigned-issuer' },
    secretName: 'webhook-server-cert',
  });
  const pod = find(objs, 'Deployment', 'pvcviewer-controller-manager').spec.template.spec;
  expect(pod.volumes).toEqual([{ name: 'cert', secret: { secretName: 'webhook-server-cert', defaultMode: 420 } }]);
  for (const kind of ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']) {
    const hook = objs.find((o) => o.kind === kind)!;
    expect(hook.metadata.annotations).toEqual({ 'cert-manager.io/inject-ca-from': 'kubeflow/pvcviewer-serving-cert' });
    expect(hook.webhooks[0].clientConfig.service.name).toBe('pvcviewer-webhook-service');
  }
});

test('the failure policy is an option', () => {
  const objs = platform({ components: { pvcViewer: { failurePolicy: 'Ignore' } } });
  expect(objs.filter((o) => o.kind.endsWith('WebhookConfiguration')).map((o) => o.webhooks[0].failurePolicy)).toEqual(['Ignore', 'Ignore']);
});

test('the CRD converts through the webhook, with the CA injected', () => {
  const crd = find(platform({}), 'CustomResourceDefinition', 'pvcviewers.kubeflow.org');
  expect(crd.metadata.annotations).toEqual({ 'cert-manager.io/inject-ca-from': 'kubeflow/pvcviewer-serving-cert' });
  expect(crd.spec.conversion.webhook.clientConfig.service).toEqual({ namespace: 'kubeflow', name: 'pvcviewer-webhook-service', path: '/convert', port: 443 });
  expect(structuralProblems(crd.spec.versions[0].schema.openAPIV3Schema)).toEqual([]);
  expect(crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.required).toEqual(['pvc', 'rwoScheduling']);
});

test.each(RELEASES)('pvc-viewer component snapshot, release %s', (release: Release) => {
  expect(withoutCrdSchemas(platform({ release }))).toMatchSnapshot();
});
