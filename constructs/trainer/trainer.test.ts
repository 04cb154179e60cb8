import { Testing } from 'cdk8s';
import { catalogFor, RELEASES } from '../catalog';
import { ConfigError } from '../config/errors';
import { parseConfig } from '../config/load';
import { PlatformConfigInput } from '../config/schema';
import { ImageResolver } from '../core/images';
import { structuralProblems, Schema } from '../core/schema';
import { KubeflowPlatform } from '../platform/platform';
import { RUNTIME_NAMES } from './runtimes';
import { TrainJob } from './train-job';
import { Trainer, TrainerProps } from './trainer';
import { find, Obj, withoutCrdSchemas } from '../platform/test-helpers';
import { EphemeralSecretStore } from '../core/secrets';


function synth(props: TrainerProps = {}): Obj[] {
  const chart = Testing.chart();
  new Trainer(chart, 'trainer', props);
  return Testing.synth(chart) as Obj[];
}
const names = (objs: Obj[], kind: string) => objs.filter((o) => o.kind === kind).map((o) => o.metadata.name);

function platform(input: PlatformConfigInput = {}) {
  const p = new KubeflowPlatform(parseConfig(input), new EphemeralSecretStore());
  return { objs: p.manifests().filter((m) => m.metadata.labels?.['kubeflow-iac.io/component'] === 'trainer') as unknown as Obj[], images: p.images.list() };
}

describe('Trainer', () => {
  test.each([
    ['v1.11.0', ['deepspeed-distributed', 'mlx-distributed', 'torch-distributed', 'torchtune-llama3.2-1b', 'torchtune-llama3.2-3b', 'torchtune-qwen2.5-1.5b']],
    ['26.03', ['deepspeed-distributed', 'mlx-distributed', 'torch-distributed', 'torchtune-llama3.2-1b', 'torchtune-llama3.2-3b', 'torchtune-qwen2.5-1.5b']],
    ['26.03.1', [...RUNTIME_NAMES]],
  ] as const)('release %s installs every runtime it ships by default', (release, runtimes) => {
    expect(names(synth({ images: new ImageResolver(catalogFor(release)) }), 'ClusterTrainingRuntime')).toEqual(runtimes);
    expect(names(platform({ release }).objs, 'ClusterTrainingRuntime')).toEqual(runtimes);
  });

  test.each(RELEASES)('release %s: a disabled runtime is absent, and so are the images only it used', (release) => {
    const off = ['deepspeed-distributed', 'torchtune-llama3.2-1b'];
    const { objs, images } = platform({ release, components: { trainer: { runtimes: { 'deepspeed-distributed': false, 'torchtune-llama3.2-1b': false } } } });
    const { features, images: catalogImages } = catalogFor(release);
    expect(names(objs, 'ClusterTrainingRuntime')).toEqual(features.trainerRuntimes.filter((r) => !off.includes(r)));
    expect(images.filter((i) => i.includes('deepspeed'))).toEqual([]);
    // The other torchtune runtimes still use the torchtune trainer.
    expect(images).toContain(catalogImages['trainer/torchtune-trainer']);
  });

  test('with every torchtune runtime off, the initializer and torchtune images are not pulled', () => {
    const off = Object.fromEntries(RUNTIME_NAMES.filter((n) => n.startsWith('torchtune')).map((n) => [n, false]));
    // 26.03's runtimes: images of one release (26.03.1 adds the xgboost runtime).
    const { images } = platform({ release: '26.03', components: { trainer: { runtimes: off } } });
    expect(images.filter((i) => i.startsWith('ghcr.io/kubeflow/trainer/'))).toEqual([
      'ghcr.io/kubeflow/trainer/deepspeed-runtime:v2.1.0',
      'ghcr.io/kubeflow/trainer/mlx-runtime:v2.1.0',
      'ghcr.io/kubeflow/trainer/trainer-controller-manager:v2.1.0',
    ]);
  });

  test('an unknown runtime name is a config error', () => {
    expect(() => parseConfig({ components: { trainer: { runtimes: { 'torch-distributd': false } as never } } })).toThrow(
      new ConfigError([
        'components.trainer.runtimes.torch-distributd: unknown key; allowed keys here: deepspeed-distributed, jax-distributed, mlx-distributed, torch-distributed, torchtune-llama3.2-1b, torchtune-llama3.2-3b, torchtune-qwen2.5-1.5b, xgboost-distributed',
      ]),
    );
  });

  test('runtime images go through the mirror', () => {
    const images = new ImageResolver(catalogFor('26.03'), 'mirror.local/kf');
    const torch = find(synth({ images, runtimes: ['torch-distributed'] }), 'ClusterTrainingRuntime', 'torch-distributed');
    expect(torch.spec.template.spec.replicatedJobs[0].template.spec.template.spec.containers[0].image).toEqual('mirror.local/kf/pytorch/pytorch:2.7.1-cuda12.8-cudnn9-runtime');
  });

  // Trainer v2.1.0 (26.03) mounts the PVC in each job; 26.03.1 has trainerVolumeClaimPolicies and no such volumes.
  test('torchtune runtimes download into a PVC named after the runtime (26.03)', () => {
    const rt = find(synth({ images: new ImageResolver(catalogFor('26.03')) }), 'ClusterTrainingRuntime', 'torchtune-qwen2.5-1.5b');
    const jobs = rt.spec.template.spec.replicatedJobs as any[];
    expect(jobs.map((j) => j.name)).toEqual(['dataset-initializer', 'model-initializer', 'node']);
    expect(jobs[1].template.spec.template.spec.containers[0].env).toEqual([{ name: 'STORAGE_URI', value: 'hf://Qwen/Qwen2.5-1.5B-Instruct' }]);
    expect(jobs.map((j) => j.template.spec.template.spec.volumes)).toEqual(Array(3).fill([{ name: 'initializer', persistentVolumeClaim: { claimName: 'torchtune-qwen2.5-1.5b' } }]));
    expect(jobs[2].dependsOn).toEqual([{ name: 'dataset-initializer', status: 'Complete' }, { name: 'model-initializer', status: 'Complete' }]);
  });

  test('external JobSet emits no JobSet object and no JobSet image', () => {
    const { objs, images } = platform({ components: { trainer: { jobset: 'external' } } });
    expect(objs.filter((o) => o.apiVersion.startsWith('jobset.') || o.metadata.name.startsWith('jobset') || JSON.stringify(o).includes('jobset.x-k8s.io/v1alpha2'))).toEqual([]);
    expect(images.filter((i) => i.includes('jobset'))).toEqual([]);
    // The trainer still drives JobSets.
    expect(find(objs, 'Deployment', 'kubeflow-trainer-controller-manager')).toBeDefined();
  });

  // 26.03's JobSet 0.10 selector (jobsetLabels: per-object); every release's is checked below.
  test('installed JobSet has its CRD, controller and webhooks (26.03)', () => {
    const objs = synth({ images: new ImageResolver(catalogFor('26.03')) });
    expect(names(objs, 'CustomResourceDefinition')).toContain('jobsets.jobset.x-k8s.io');
    expect(find(objs, 'Deployment', 'jobset-controller-manager').spec.selector).toEqual({ matchLabels: { 'control-plane': 'controller-manager' } });
    expect(names(objs, 'MutatingWebhookConfiguration')).toEqual(['jobset-mutating-webhook-configuration']);
    expect(names(objs, 'ValidatingWebhookConfiguration')).toEqual(['jobset-validating-webhook-configuration', 'validator.trainer.kubeflow.org']);
  });

  // JobSet 0.11 (jobsetLabels: jobset-wide) widens the controller's selector with upstream's kustomize labels.
  test.each(RELEASES)('release %s: the JobSet controller selector is upstream\'s', (release) => {
    const wide = catalogFor(release).features.jobsetLabels === 'jobset-wide'
      ? { 'app.kubernetes.io/instance': 'jobset', 'app.kubernetes.io/managed-by': 'kustomize', 'app.kubernetes.io/name': 'jobset' }
      : {};
    const objs = synth({ images: new ImageResolver(catalogFor(release)) });
    expect(find(objs, 'Deployment', 'jobset-controller-manager').spec.selector).toEqual({ matchLabels: { ...wide, 'control-plane': 'controller-manager' } });
  });

  test('the controllers make their own certificates into Secrets that exist beforehand', () => {
    const objs = synth();
    expect(find(objs, 'Secret', 'kubeflow-trainer-webhook-cert')).toMatchObject({ type: 'Opaque', data: {} });
    expect(find(objs, 'Secret', 'jobset-webhook-server-cert')).toBeDefined();
    const trainer = find(objs, 'Deployment', 'kubeflow-trainer-controller-manager').spec.template.spec;
    expect(trainer.volumes[1]).toEqual({ name: 'cert', secret: { secretName: 'kubeflow-trainer-webhook-cert', defaultMode: 420 } });
    expect(objs.some((o) => o.apiVersion.startsWith('cert-manager.io'))).toBe(false);
  });

  test('the trainer selector is upstream\'s', () => {
    expect(find(synth(), 'Deployment', 'kubeflow-trainer-controller-manager').spec.selector).toEqual({
      matchLabels: { 'app.kubernetes.io/component': 'manager', 'app.kubernetes.io/name': 'trainer', 'app.kubernetes.io/part-of': 'kubeflow' },
    });
  });

  test('CRDs keep upstream versions, scope, subresources and printer columns, with structural schemas', () => {
    const crds = synth().filter((o) => o.kind === 'CustomResourceDefinition');
    expect(crds.map((c) => [c.metadata.name, c.spec.scope, c.spec.versions.map((v: any) => [v.name, v.served, v.storage, Object.keys(v.subresources ?? {})])])).toEqual([
      ['trainjobs.trainer.kubeflow.org', 'Namespaced', [['v1alpha1', true, true, ['status']]]],
      ['trainingruntimes.trainer.kubeflow.org', 'Namespaced', [['v1alpha1', true, true, []]]],
      ['clustertrainingruntimes.trainer.kubeflow.org', 'Cluster', [['v1alpha1', true, true, []]]],
      ['jobsets.jobset.x-k8s.io', 'Namespaced', [['v1alpha2', true, true, ['status']]]],
    ]);
    expect(find(crds, 'CustomResourceDefinition', 'trainjobs.trainer.kubeflow.org').spec.versions[0].additionalPrinterColumns).toEqual([
      { name: 'State', type: 'string', jsonPath: '.status.conditions[-1:].type' },
      { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    ]);
    for (const c of crds) expect(structuralProblems(c.spec.versions[0].schema.openAPIV3Schema as Schema)).toEqual([]);
  });

  test('JobSet versions are converted by its webhook Service', () => {
    const crd = find(synth({ namespace: 'ml' }), 'CustomResourceDefinition', 'jobsets.jobset.x-k8s.io');
    expect(crd.spec.conversion.webhook.clientConfig.service).toEqual({ namespace: 'ml', name: 'jobset-webhook-service', path: '/convert', port: 443 });
  });

  test.each(RELEASES)('release %s matches its snapshot', (release) => {
    expect(withoutCrdSchemas(synth({ images: new ImageResolver(catalogFor(release)) }))).toMatchSnapshot();
  });
});

describe('TrainJob', () => {
  function job(props: Partial<ConstructorParameters<typeof TrainJob>[2]> = {}): Obj {
    const chart = Testing.chart();
    new TrainJob(chart, 'job', { name: 'mnist', namespace: 'team-a', runtime: { name: 'torch-distributed' }, ...props });
    return Testing.synth(chart)[0] as Obj;
  }

  test('references a cluster runtime by default and sets only what is given', () => {
    expect(job({ trainer: { numNodes: 2, resourcesPerNode: { limits: { 'nvidia.com/gpu': 1 } } } }).spec).toEqual({
      runtimeRef: { apiGroup: 'trainer.kubeflow.org', kind: 'ClusterTrainingRuntime', name: 'torch-distributed' },
      trainer: { numNodes: 2, resourcesPerNode: { limits: { 'nvidia.com/gpu': 1 } } },
    });
  });

  test('initializers carry their storage URI and credentials', () => {
    const spec = job({ runtime: { name: 'torchtune-llama3.2-1b' }, initializer: { model: { storageUri: 'hf://meta-llama/Llama-3.2-1B-Instruct', secretName: 'hf-token' } } }).spec;
    expect(spec.initializer).toEqual({ model: { storageUri: 'hf://meta-llama/Llama-3.2-1B-Instruct', secretRef: { name: 'hf-token' } } });
  });

  test('rejects a name the API server would reject', () => {
    expect(() => job({ name: 'MNIST_1' })).toThrow("TrainJob test/job: 'name' (MNIST_1) must be an RFC 1035 label: lower-case letters, digits and '-', starting with a letter, ending with a letter or digit, at most 63 characters");
  });
});
