import { Manifest } from '../../constructs/platform/parts';
import { wavesWaits } from './waits';

const hook = (name: string, clientConfig: Record<string, unknown>, annotations?: Record<string, string>): Manifest => ({
  apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration',
  metadata: { name, ...(annotations ? { annotations } : {}) },
  webhooks: [{ name: `${name}.example.com`, clientConfig }],
});
const service = { service: { namespace: 'ns', name: 'svc' } };

// install.sh waits for a webhook configuration's caBundle when something in the cluster writes it:
// cert-manager's cainjector, or a self-signing webhook server (Knative, istiod, Spark, Trainer),
// whose Deployment is ready before the bundle is there.
test.each([
  ['cert-manager injects it', hook('cm', service, { 'cert-manager.io/inject-ca-from': 'ns/cert' }), true],
  ['its own server writes it (a service, no caBundle)', hook('own', service), true],
  ['it ships a caBundle', hook('fixed', { ...service, caBundle: 'Zm9v' }), false],
  ['it calls a URL, not a service', hook('url', { url: 'https://example.com/validate' }), false],
])('waits for the CA bundle when %s', (_, m, waits) => {
  const w = wavesWaits({ index: 0, name: 'wave-00', parts: [{ component: 'c', phase: 'main', manifests: [m], after: [] }] });
  expect(w.caInjected).toEqual(waits ? [{ kind: 'validatingwebhookconfiguration', name: m.metadata.name }] : []);
});
