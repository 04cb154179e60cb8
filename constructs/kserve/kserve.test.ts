import { catalogFor, Release, RELEASES } from '../catalog';
import { rewriteImage } from '../core/images';
import { parseConfig } from '../config/load';
import { PlatformConfigInput } from '../config/schema';
import { Schema, structuralProblems } from '../core/schema';
import { KubeflowPlatform } from '../platform/platform';
import { kserveConfig } from './config';
import { wireKserve } from './platform';
import { componentSynth, configErrors, find, Obj, withoutCrdSchemas } from '../platform/test-helpers';
import { EphemeralSecretStore } from '../core/secrets';


const synth = (input: PlatformConfigInput = {}) => componentSynth(wireKserve, input);
const names = (objs: Obj[], kind: string) => objs.filter((o) => o.kind === kind).map((o) => o.metadata.name).sort();
const isvcConfig = (objs: Obj[]) => Object.fromEntries(Object.entries(find(objs, 'ConfigMap', 'inferenceservice-config').data as Record<string, string>).map(([k, v]) => [k, JSON.parse(v)]));
const RAW: PlatformConfigInput = { components: { kserve: { deploymentMode: 'RawDeployment' }, knative: { enabled: false } } };

describe('deployment mode, whole platform', () => {
  test('Serverless (default) installs Knative and KServe defaults to it', () => {
    const platform = new KubeflowPlatform(parseConfig({}), new EphemeralSecretStore());
    const all = platform.manifests() as Obj[];
    expect(all.some((o) => o.kind === 'Namespace' && o.metadata.name === 'knative-serving')).toBe(true);
    expect(isvcConfig(all).deploy).toEqual({ defaultDeploymentMode: 'Serverless' });
    expect(isvcConfig(all).ingress.localGateway).toEqual('knative-serving/knative-local-gateway');
    // KServe waits for Knative.
    const kserveMain = platform.waves().flatMap((w) => w.parts).find((p) => p.component === 'kserve' && p.phase === 'main')!;
    expect(kserveMain.after).toEqual(expect.arrayContaining(['knative/main']));
  });

  test('RawDeployment with Knative off leaves no Knative object, image or webhook anywhere', () => {
    const platform = new KubeflowPlatform(parseConfig(RAW), new EphemeralSecretStore());
    const all = platform.manifests() as Obj[];
    const knative = all.filter((o) => /knative\.dev/.test(o.apiVersion) || o.metadata.namespace === 'knative-serving'
      || o.metadata.name.includes('knative') || (o.kind === 'CustomResourceDefinition' && /knative\.dev$/.test(o.spec.group)));
    expect(knative.map((o) => `${o.kind} ${o.metadata.name}`)).toEqual([]);
    expect(platform.images.list().filter((i) => i.includes('knative'))).toEqual([]);
    const hooks = all.filter((o) => o.kind.endsWith('WebhookConfiguration')).flatMap((o) => o.webhooks.map((w: any) => `${o.metadata.name} -> ${w.clientConfig.service?.namespace}`));
    expect(hooks.filter((h) => h.includes('knative'))).toEqual([]);
    expect(isvcConfig(all).deploy).toEqual({ defaultDeploymentMode: 'RawDeployment' });
    expect(isvcConfig(all).ingress).toMatchObject({ localGateway: 'istio-system/cluster-local-gateway', localGatewayService: 'cluster-local-gateway.istio-system.svc.cluster.local' });
    // Users get no rights on an API that does not exist.
    const editRules = find(all, 'ClusterRole', 'kubeflow-kserve-edit').rules.flatMap((r: { apiGroups: string[] }) => r.apiGroups);
    expect(editRules).toEqual(['serving.kserve.io']);
    const managerGroups = find(all, 'ClusterRole', 'kserve-manager-role').rules.flatMap((r: { apiGroups: string[] }) => r.apiGroups);
    expect(managerGroups.filter((g: string) => g.includes('knative'))).toEqual([]);
  });

  test('Serverless needs Knative; RawDeployment does not', () => {
    expect(configErrors({ components: { knative: { enabled: false } } })).toEqual([
      'components.knative.enabled: false, but components.kserve needs knative in deploymentMode Serverless (the default); enable knative, set components.knative.external: true if the cluster has it, set components.kserve.deploymentMode: RawDeployment (plain Deployments, no Knative), or disable kserve',
    ]);
    expect(configErrors(RAW)).toEqual([]);
  });

  test('an unknown mode is a config error', () => {
    expect(configErrors({ components: { kserve: { deploymentMode: 'Knative' } } })).toEqual([
      'components.kserve.deploymentMode: got "Knative"; allowed: "Serverless", "RawDeployment"',
    ]);
  });
});

describe('config', () => {
  test('defaults: Serverless, every runtime, LLM controller and web app on, cache off', () => {
    expect(kserveConfig.parse(undefined)).toEqual({
      enabled: true,
      external: false,
      deploymentMode: 'Serverless',
      runtimes: {
        huggingfaceserver: true, 'huggingfaceserver-multinode': true, lgbserver: true, mlserver: true, paddleserver: true, pmmlserver: true,
        predictiveserver: true, sklearnserver: true, 'tensorflow-serving': true, torchserve: true, tritonserver: true, xgbserver: true,
      },
      localModelCache: false,
      modelcar: true,
      llmInferenceService: true,
      modelsWebApp: true,
      urlScheme: 'http',
    });
  });

  test('raw deployments can have their own domain', () => {
    const c = isvcConfig(synth({ components: { kserve: { deploymentMode: 'RawDeployment', domain: 'models.internal' }, knative: { enabled: false } } }).objs);
    expect(c.ingress.ingressDomain).toEqual('models.internal');
    expect(configErrors({ components: { kserve: { domain: 'Not A Domain' } } })).toEqual([
      'components.kserve.domain: got "Not A Domain"; expected a lower-case DNS name such as example.com',
    ]);
  });
});

describe('serving runtimes', () => {
  // 26.03's runtimes (KServe v0.16.0; v0.18.0 in 26.03.1 adds kserve-predictiveserver).
  test('all of the release are installed by default (26.03)', () => {
    expect(names(synth({ release: '26.03' }).objs, 'ClusterServingRuntime')).toEqual([
      'kserve-huggingfaceserver', 'kserve-huggingfaceserver-multinode', 'kserve-lgbserver', 'kserve-mlserver', 'kserve-paddleserver', 'kserve-pmmlserver',
      'kserve-sklearnserver', 'kserve-tensorflow-serving', 'kserve-torchserve', 'kserve-tritonserver', 'kserve-xgbserver',
    ]);
  });

  test('a disabled runtime and its image are absent (26.03)', () => {
    const { objs, images } = synth({ release: '26.03', components: { kserve: { runtimes: { tritonserver: false, mlserver: false } } } });
    expect(names(objs, 'ClusterServingRuntime')).not.toContain('kserve-tritonserver');
    expect(names(objs, 'ClusterServingRuntime')).not.toContain('kserve-mlserver');
    expect(images.list().filter((i) => i.includes('/tritonserver:') || i.includes('/mlserver:'))).toEqual([]);
    expect(images.list()).toContain('kserve/pmmlserver:v0.16.0');
  });

  test('the GPU image is listed only while the multinode GPU runtime is enabled (26.03)', () => {
    const gpu = (input: PlatformConfigInput) => synth({ release: '26.03', ...input }).images.list().filter((i) => i.endsWith('-gpu'));
    expect(gpu({})).toEqual(['kserve/huggingfaceserver:v0.16.0-gpu']);
    expect(gpu({ components: { kserve: { runtimes: { 'huggingfaceserver-multinode': false } } } })).toEqual([]);
    // The CPU Hugging Face runtime stays.
    expect(synth({ release: '26.03', components: { kserve: { runtimes: { 'huggingfaceserver-multinode': false } } } }).images.list()).toContain('kserve/huggingfaceserver:v0.16.0');
  });

  test('an unknown runtime is a config error', () => {
    expect(configErrors({ components: { kserve: { runtimes: { vllm: false } } } })[0]).toMatch(/^components\.kserve\.runtimes\.vllm: unknown key; allowed keys here: huggingfaceserver, /);
  });

  test('sklearn runtime, exact (26.03)', () => {
    expect(find(synth({ release: '26.03' }).objs, 'ClusterServingRuntime', 'kserve-sklearnserver').spec).toEqual({
      annotations: { 'prometheus.kserve.io/path': '/metrics', 'prometheus.kserve.io/port': '8080' },
      containers: [{
        name: 'kserve-container',
        image: 'kserve/sklearnserver:v0.16.0',
        args: ['--model_name={{.Name}}', '--model_dir=/mnt/models', '--http_port=8080'],
        resources: { limits: { cpu: '1', memory: '2Gi' }, requests: { cpu: '1', memory: '2Gi' } },
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, runAsNonRoot: true },
      }],
      protocolVersions: ['v1', 'v2'],
      supportedModelFormats: [{ autoSelect: true, name: 'sklearn', priority: 1, version: '1' }],
    });
  });
});

describe('inferenceservice-config', () => {
  test.each(RELEASES)('release %s: injected images are the catalog\'s, through the mirror', (release) => {
    const c = isvcConfig(synth({ release, registry: 'mirror.local/kf' }).objs);
    const ref = (key: string) => rewriteImage(catalogFor(release).images[key], 'mirror.local/kf');
    expect([c.agent.image, c.batcher.image, c.logger.image, c.router.image, c.storageInitializer.image, c.localModel.defaultJobImage]).toEqual([
      ref('kserve/agent'), ref('kserve/agent'), ref('kserve/agent'), ref('kserve/router'), ref('kserve/storage-initializer'), ref('kserve/storage-initializer'),
    ]);
  });

  test('injected images follow the mirror (26.03)', () => {
    const c = isvcConfig(synth({ release: '26.03', registry: 'mirror.local/kf' }).objs);
    expect([c.agent.image, c.batcher.image, c.logger.image, c.router.image, c.storageInitializer.image, c.localModel.defaultJobImage]).toEqual([
      'mirror.local/kf/kserve/agent:v0.16.0', 'mirror.local/kf/kserve/agent:v0.16.0', 'mirror.local/kf/kserve/agent:v0.16.0',
      'mirror.local/kf/kserve/router:v0.16.0', 'mirror.local/kf/kserve/storage-initializer:v0.16.0', 'mirror.local/kf/kserve/storage-initializer:v0.16.0',
    ]);
    expect(c.explainers).toEqual({ art: { image: 'mirror.local/kf/kserve/art-explainer', defaultImageVersion: 'latest' } });
  });

  test('ingress follows Knative\'s domain and the URL scheme option', () => {
    const c = isvcConfig(synth({ components: { knative: { domain: 'ml.example.org' }, kserve: { urlScheme: 'https' } } }).objs);
    expect(c.ingress).toEqual({
      enableGatewayApi: false,
      kserveIngressGateway: 'kserve/kserve-ingress-gateway',
      ingressGateway: 'kubeflow/kubeflow-gateway',
      localGateway: 'knative-serving/knative-local-gateway',
      localGatewayService: 'knative-local-gateway.istio-system.svc.cluster.local',
      ingressDomain: 'ml.example.org',
      ingressClassName: 'istio',
      domainTemplate: '{{ .Name }}-{{ .Namespace }}.{{ .IngressDomain }}',
      urlScheme: 'https',
      disableIstioVirtualHost: false,
      disableIngressCreation: false,
      pathTemplate: '/serving/{{ .Namespace }}/{{ .Name }}',
    });
  });

  test('local model cache and modelcar switches', () => {
    const c = isvcConfig(synth({ components: { kserve: { localModelCache: true, modelcar: false } } }).objs);
    expect(c.localModel.enabled).toBe(true);
    expect(c.storageInitializer.enableModelcar).toBe(false);
  });

  test.each([
    ['26.03', true, undefined],
    ['v1.11.0', false, true],
  ] as const)('%s: release keys (0.16 autoscaler windows; 0.15 direct PVC mount)', (release, autoscaler, directPvc) => {
    const c = isvcConfig(synth({ release }).objs);
    expect('autoscaler' in c).toBe(autoscaler);
    expect(c.storageInitializer.enableDirectPvcVolumeMount).toEqual(directPvc);
  });
});

describe('controllers', () => {
  test.each([
    ['26.03', {}, true],
    ['26.03', { llmInferenceService: false }, false],
    ['v1.11.0', {}, false],
  ] as const)('%s %j: the LLM controller, its CRDs and webhook', (release, kserve, present) => {
    const { objs } = synth({ release, components: { kserve } });
    expect(objs.some((o) => o.kind === 'Deployment' && o.metadata.name === 'llmisvc-controller-manager')).toBe(present);
    expect(objs.some((o) => o.kind === 'CustomResourceDefinition' && o.metadata.name === 'llminferenceservices.serving.kserve.io')).toBe(present);
    expect(objs.some((o) => o.kind === 'ValidatingWebhookConfiguration' && o.metadata.name === 'llminferenceservice.serving.kserve.io')).toBe(present);
  });

  // 26.03's names (KServe v0.18.0 in 26.03.1 renames the web app kserve-models-web-application).
  test('selectors are upstream\'s (26.03)', () => {
    const selectors = Object.fromEntries(synth({ release: '26.03' }).objs.filter((o) => o.kind === 'Deployment').map((d) => [d.metadata.name, d.spec.selector.matchLabels]));
    const cp = (n: string) => ({ app: 'kserve', 'app.kubernetes.io/name': 'kserve', 'control-plane': n, 'controller-tools.k8s.io': '1.0' });
    expect(selectors).toEqual({
      'kserve-controller-manager': cp('kserve-controller-manager'),
      'kserve-localmodel-controller-manager': cp('kserve-localmodel-controller-manager'),
      'llmisvc-controller-manager': cp('llmisvc-controller-manager'),
      'kserve-models-web-app': { app: 'kserve', 'app.kubernetes.io/component': 'kserve-models-web-app', 'app.kubernetes.io/name': 'kserve', 'kustomize.component': 'kserve-models-web-app' },
    });
  });

  // 26.03's certificates (26.03.1 gives the local model cache webhook its own localmodel-serving-cert).
  test('webhooks get their CA from the serving certificates (26.03)', () => {
    const { objs } = synth({ release: '26.03' });
    const hooks = objs.filter((o) => o.kind.endsWith('WebhookConfiguration'));
    expect(Object.fromEntries(hooks.map((h) => [h.metadata.name, h.metadata.annotations?.['cert-manager.io/inject-ca-from']]))).toEqual({
      'inferenceservice.serving.kserve.io': 'kubeflow/serving-cert',
      'clusterservingruntime.serving.kserve.io': 'kubeflow/serving-cert',
      'inferencegraph.serving.kserve.io': 'kubeflow/serving-cert',
      'llminferenceservice.serving.kserve.io': 'kubeflow/llmisvc-serving-cert',
      'localmodelcache.serving.kserve.io': 'kubeflow/serving-cert',
      'servingruntime.serving.kserve.io': 'kubeflow/serving-cert',
      'trainedmodel.serving.kserve.io': 'kubeflow/serving-cert',
    });
  });

  test('the models web app can be left out', () => {
    expect(synth({ components: { kserve: { modelsWebApp: false } } }).objs.filter((o) => o.metadata.name.includes('models-web-app'))).toEqual([]);
  });

  test.each([
    ['26.03', [['v1alpha1', true, true]], undefined],
    ['26.03.1', [['v1alpha1', true, false], ['v1alpha2', true, true]], 'llmisvc-webhook-server-service'],
  ] as const)('%s: LLM CRD versions and their conversion', (release: Release, versions, service) => {
    for (const name of ['llminferenceservices.serving.kserve.io', 'llminferenceserviceconfigs.serving.kserve.io']) {
      const crd = synth({ release }).objs.find((o) => o.kind === 'CustomResourceDefinition' && o.metadata.name === name)!;
      expect(crd.spec.versions.map((v: { name: string; served: boolean; storage: boolean }) => [v.name, v.served, v.storage])).toEqual(versions);
      expect(crd.spec.conversion?.webhook.clientConfig.service.name).toBe(service);
    }
  });

  test.each([['v1.11.0', 9], ['26.03', 13], ['26.03.1', 17]] as const)('%s: CRD schemas are structural (%i CRDs)', (release: Release, count) => {
    const crds = synth({ release }).objs.filter((o) => o.kind === 'CustomResourceDefinition');
    expect(crds).toHaveLength(count);
    const problems = crds.flatMap((c) => c.spec.versions.flatMap((v: { schema: { openAPIV3Schema: Schema } }) => structuralProblems(v.schema.openAPIV3Schema).map((p) => `${c.metadata.name}: ${p}`)));
    expect(problems).toEqual([]);
  });
});

test.each(RELEASES)('snapshot %s', (release: Release) => {
  expect(withoutCrdSchemas(synth({ release }).objs)).toMatchSnapshot();
});
