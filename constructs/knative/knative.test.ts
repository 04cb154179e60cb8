import { catalogFor, Release, RELEASES } from '../catalog';
import { PlatformConfigInput } from '../config/schema';
import { Schema, structuralProblems } from '../core/schema';
import { knativeConfig } from './config';
import { wireKnative } from './platform';
import { componentSynth, configErrors, find, Obj, withoutCrdSchemas } from '../platform/test-helpers';


const synth = (input: PlatformConfigInput = {}) => componentSynth(wireKnative, input);
const container = (objs: Obj[], name: string) => find(objs, 'Deployment', name).spec.template.spec.containers[0];

describe('queue sidecar image', () => {
  test.each(RELEASES)('%s: config-deployment and the image cache follow the mirror', (release: Release) => {
    const { objs } = synth({ release, registry: 'mirror.local:5000/kf' });
    const digest = catalogFor(release).images['knative/queue'].split('@')[1];
    const queue = `mirror.local:5000/kf/knative-releases/knative.dev/serving/cmd/queue@${digest}`;
    expect(find(objs, 'ConfigMap', 'config-deployment').data).toEqual({
      progressDeadline: '600s',
      'queue-sidecar-image': queue,
      // The mirror may need credentials, so Knative does not ask it for digests.
      'registries-skipping-tag-resolving': 'mirror.local:5000',
    });
    expect(find(objs, 'Image', 'queue-proxy').spec).toEqual({ image: queue });
  });

  test.each(RELEASES)('release %s: without a mirror the upstream image is used and tags are resolved', (release) => {
    expect(find(synth({ release }).objs, 'ConfigMap', 'config-deployment').data).toEqual({
      progressDeadline: '600s',
      'queue-sidecar-image': catalogFor(release).images['knative/queue'],
    });
  });
});

describe('Istio ingress', () => {
  test('routes go through the Kubeflow gateway and the cluster-local gateway', () => {
    const { objs } = synth();
    expect(find(objs, 'ConfigMap', 'config-istio').data).toEqual({
      'gateway.kubeflow.kubeflow-gateway': 'istio-ingressgateway.istio-system.svc.cluster.local',
      'local-gateway.knative-serving.knative-local-gateway': 'knative-local-gateway.istio-system.svc.cluster.local',
    });
    expect(find(objs, 'Service', 'knative-local-gateway').metadata.namespace).toEqual('istio-system');
    expect(find(objs, 'Service', 'knative-local-gateway').spec.selector).toEqual({ app: 'cluster-local-gateway', istio: 'cluster-local-gateway' });
    expect(find(objs, 'Gateway', 'knative-local-gateway').spec).toEqual({
      selector: { app: 'cluster-local-gateway', istio: 'cluster-local-gateway' },
      servers: [{ hosts: ['*'], port: { name: 'http', number: 8081, protocol: 'HTTP' } }],
    });
  });
});

describe('options', () => {
  test('domain becomes the default route domain', () => {
    expect(find(synth({ components: { knative: { domain: 'models.example.org' } } }).objs, 'ConfigMap', 'config-domain').data).toEqual({ 'models.example.org': '' });
    expect(find(synth().objs, 'ConfigMap', 'config-domain').data).toEqual({ 'example.com': '' });
  });

  test('progress deadline and feature flags', () => {
    const { objs } = synth({ components: { knative: { progressDeadline: '15m', features: { 'kubernetes.podspec-nodeselector': 'enabled' } } } });
    expect(find(objs, 'ConfigMap', 'config-deployment').data.progressDeadline).toEqual('15m');
    expect(find(objs, 'ConfigMap', 'config-features').data).toEqual({ 'kubernetes.podspec-nodeselector': 'enabled' });
  });

  test('config defaults', () => {
    expect(knativeConfig.parse(undefined)).toEqual({ enabled: true, external: false, domain: 'example.com', progressDeadline: '600s', features: {} });
  });

  test('config errors name the field', () => {
    expect(configErrors({ components: { knative: { domain: 'Example.COM' } } })).toEqual([
      'components.knative.domain: got "Example.COM"; expected a lower-case DNS name such as example.com',
    ]);
    expect(configErrors({ components: { knative: { progressDeadline: '600' } } })).toEqual([
      'components.knative.progressDeadline: got "600"; expected a duration such as 600s or 10m',
    ]);
  });
});

describe('releases', () => {
  test('Knative 1.16 (v1.11.0) names its metrics domain and keeps 80% of the activator and webhook', () => {
    const { objs } = synth({ release: 'v1.11.0' });
    expect(container(objs, 'controller').env).toContainEqual({ name: 'METRICS_DOMAIN', value: 'knative.dev/internal/serving' });
    expect(find(objs, 'PodDisruptionBudget', 'activator-pdb').spec.minAvailable).toEqual('80%');
  });

  test('Knative 1.21 (26.03) has no metrics domain env and never blocks drains', () => {
    const { objs } = synth();
    expect(container(objs, 'controller').env.map((e: { name: string }) => e.name)).toEqual(['POD_NAME', 'SYSTEM_NAMESPACE', 'CONFIG_LOGGING_NAME', 'CONFIG_OBSERVABILITY_NAME']);
    expect(find(objs, 'PodDisruptionBudget', 'webhook-pdb').spec.minAvailable).toEqual(0);
  });

  test.each(RELEASES)('%s: every server image comes from the catalog', (release: Release) => {
    const { images } = synth({ release });
    const catalog = catalogFor(release).images;
    expect(images.list()).toEqual(Object.keys(catalog).filter((k) => k.startsWith('knative/')).map((k) => catalog[k]).sort());
  });
});

describe('workloads', () => {
  test('selectors are upstream\'s', () => {
    const selectors = Object.fromEntries(synth().objs.filter((o) => o.kind === 'Deployment').map((d) => [d.metadata.name, d.spec.selector.matchLabels]));
    expect(selectors).toEqual({
      activator: { app: 'activator', role: 'activator' },
      autoscaler: { app: 'autoscaler' },
      controller: { app: 'controller' },
      'net-istio-controller': { app: 'net-istio-controller' },
      'net-istio-webhook': { app: 'net-istio-webhook', role: 'net-istio-webhook' },
      webhook: { app: 'webhook', role: 'webhook' },
    });
  });

  test('CRD schemas are structural', () => {
    const crds = synth().objs.filter((o) => o.kind === 'CustomResourceDefinition');
    expect(crds).toHaveLength(12);
    const problems = crds.flatMap((c) => c.spec.versions.flatMap((v: { schema: { openAPIV3Schema: Schema } }) => structuralProblems(v.schema.openAPIV3Schema).map((p) => `${c.metadata.name}: ${p}`)));
    expect(problems).toEqual([]);
  });
});

test.each(RELEASES)('snapshot %s', (release: Release) => {
  expect(withoutCrdSchemas(synth({ release }).objs)).toMatchSnapshot();
});
