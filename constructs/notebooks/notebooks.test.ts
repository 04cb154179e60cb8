import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { catalogFor, Release, RELEASES } from '../catalog';
import { parseConfig } from '../config/load';
import { PlatformConfigInput } from '../config/schema';
import { ImageResolver, rewriteImage } from '../core/images';
import { JupyterWebApp } from './jupyter-web-app';
import { Notebook } from './notebook';
import { NotebookController } from './notebook-controller';
import { wireNotebooks } from './platform';
import { componentObjects, find, Obj, withoutCrdSchemas } from '../platform/test-helpers';

const platform = (input: PlatformConfigInput): Obj[] => componentObjects(wireNotebooks, input);
const spawnerOf = (objs: Obj[]) => parse(find(objs, 'ConfigMap', 'jupyter-web-app-config').data['spawner_ui_config.yaml']);
// The controller reads its settings as env through ConfigMap references; resolve them.
function controllerEnv(objs: Obj[]): Record<string, string> {
  const container = find(objs, 'Deployment', 'notebook-controller-deployment').spec.template.spec.containers[0];
  return Object.fromEntries(container.env.map((e: any) => [e.name, find(objs, 'ConfigMap', e.valueFrom.configMapKeyRef.name).data[e.valueFrom.configMapKeyRef.key]]));
}

describe('Jupyter spawner configuration', () => {
  test.each(RELEASES)('release %s: typed options round-trip to the YAML the web app reads', (release) => {
    const objs = platform({
      release,
      registry: 'mirror.local/kf',
      components: {
        notebooks: {
          spawner: {
            jupyterImages: ['notebooks/jupyter-pytorch-full', 'notebooks/jupyter-scipy'],
            cpu: '1',
            memory: '2Gi',
            cpuLimitFactor: 'none',
            gpuVendors: [{ limitsKey: 'nvidia.com/gpu', uiName: 'NVIDIA' }],
            defaultGpuVendor: 'nvidia.com/gpu',
            storageClass: 'fast',
            workspaceVolumeSize: '20Gi',
            affinityPresets: [{ configKey: 'gpu-nodes', displayName: 'GPU nodes', affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }] } } } }],
            defaultAffinity: 'gpu-nodes',
            tolerationPresets: [{ groupKey: 'spot', displayName: 'Spot', tolerations: [{ key: 'spot', operator: 'Exists', effect: 'NoSchedule' }] }],
            podDefaults: ['access-ml-pipeline'],
            locked: ['cpu', 'workspaceVolume'],
          },
        },
      },
    });
    const img = (n: string) => rewriteImage(catalogFor(release).images[`notebooks/${n}`], 'mirror.local/kf');
    expect(spawnerOf(objs)).toEqual({
      spawnerFormDefaults: {
        allowCustomImage: true,
        hideRegistry: true,
        hideTag: false,
        imagePullPolicy: { readOnly: false, value: 'IfNotPresent' },
        image: { value: img('jupyter-pytorch-full'), options: [img('jupyter-pytorch-full'), img('jupyter-scipy')] },
        imageGroupOne: { value: img('codeserver-python'), options: [img('codeserver-python')] },
        imageGroupTwo: { value: img('rstudio-tidyverse'), options: [img('rstudio-tidyverse')] },
        cpu: { readOnly: true, value: '1', limitFactor: 'none' },
        memory: { readOnly: false, value: '2Gi', limitFactor: '1.2' },
        gpus: { readOnly: false, value: { vendor: 'nvidia.com/gpu', vendors: [{ limitsKey: 'nvidia.com/gpu', uiName: 'NVIDIA' }], num: 'none' } },
        workspaceVolume: {
          readOnly: true,
          value: {
            mount: '/home/jovyan',
            newPvc: { metadata: { name: '{notebook-name}-workspace' }, spec: { storageClassName: 'fast', resources: { requests: { storage: '20Gi' } }, accessModes: ['ReadWriteOnce'] } },
          },
        },
        dataVolumes: { readOnly: false, value: [] },
        affinityConfig: {
          readOnly: false,
          value: 'gpu-nodes',
          options: [{ configKey: 'gpu-nodes', displayName: 'GPU nodes', affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }] } } } }],
        },
        tolerationGroup: { readOnly: false, value: '', options: [{ groupKey: 'spot', displayName: 'Spot', tolerations: [{ key: 'spot', operator: 'Exists', effect: 'NoSchedule' }] }] },
        shm: { readOnly: false, value: true },
        configurations: { readOnly: false, value: ['access-ml-pipeline'] },
        environment: { readOnly: false, value: {} },
      },
    });
  });

  test.each(RELEASES)('the default form offers every catalog notebook image of %s', (release) => {
    const spawner = spawnerOf(platform({ release })).spawnerFormDefaults;
    const images = catalogFor(release).images;
    const gaudi = catalogFor(release).features.jupyterGaudiImage ? ['jupyter-pytorch-gaudi-full'] : [];
    expect(spawner.image.options).toEqual([
      'jupyter-scipy', 'jupyter-pytorch-full', 'jupyter-pytorch-cuda-full', ...gaudi, 'jupyter-tensorflow-full', 'jupyter-tensorflow-cuda-full',
    ].map((n) => images[`notebooks/${n}`]));
    expect(spawner.gpus.value.vendors.map((v: any) => v.limitsKey)).toEqual(['nvidia.com/gpu', 'amd.com/gpu', 'habana.ai/gaudi']);
    expect(spawner.workspaceVolume.value.newPvc.spec).toEqual({ resources: { requests: { storage: '5Gi' } }, accessModes: ['ReadWriteOnce'] });
  });

  test('a changed form rolls the web app', () => {
    const hash = (objs: Obj[]) => find(objs, 'Deployment', 'jupyter-web-app-deployment').spec.template.metadata.annotations['kubeflow-iac.io/config-hash'];
    expect(hash(platform({}))).not.toEqual(hash(platform({ components: { notebooks: { spawner: { cpu: '2' } } } })));
  });

  test('logos are mounted only when given', () => {
    const mounts = (logos?: Record<string, string>) => {
      const chart = Testing.chart();
      new JupyterWebApp(chart, 'j', { logos });
      const objs = Testing.synth(chart) as Obj[];
      return find(objs, 'Deployment', 'jupyter-web-app-deployment').spec.template.spec.containers[0].volumeMounts.map((m: any) => m.mountPath);
    };
    expect(mounts()).toEqual(['/etc/config']);
    expect(mounts({ 'jupyter-icon.svg': '<svg/>' })).toEqual(['/etc/config', '/src/apps/default/static/assets/logos']);
  });

  test('web app settings reach the container and the parameters', () => {
    const objs = platform({ components: { notebooks: { webApp: { secureCookies: false, userIdHeader: 'x-user', userIdPrefix: 'accounts:' } } } });
    const env = find(objs, 'Deployment', 'jupyter-web-app-deployment').spec.template.spec.containers[0].env;
    expect(Object.fromEntries(env.map((e: any) => [e.name, e.value]))).toEqual({
      APP_PREFIX: '/jupyter', UI: 'default', USERID_HEADER: 'x-user', USERID_PREFIX: 'accounts:', APP_SECURE_COOKIES: 'false', METRICS: '1',
    });
    expect(find(objs, 'ConfigMap', 'jupyter-web-app-parameters').data).toEqual({
      JWA_APP_ENABLE_METRICS: '1', JWA_APP_SECURE_COOKIES: 'false', JWA_CLUSTER_DOMAIN: 'cluster.local', JWA_PREFIX: '/jupyter', JWA_UI: 'default', JWA_USERID_HEADER: 'x-user', JWA_USERID_PREFIX: 'accounts:',
    });
  });
});

describe('notebook controller', () => {
  test('culling options land in the controller\'s env', () => {
    const objs = platform({ components: { notebooks: { culling: { enabled: true, idleMinutes: 60, checkPeriodMinutes: 5 } } } });
    expect(controllerEnv(objs)).toEqual({
      USE_ISTIO: 'true', ISTIO_GATEWAY: 'kubeflow/kubeflow-gateway', ISTIO_HOST: '*', CLUSTER_DOMAIN: 'cluster.local',
      ENABLE_CULLING: 'true', CULL_IDLE_TIME: '60', IDLENESS_CHECK_PERIOD: '5',
    });
  });

  test('culling is off by default, with upstream\'s idle time', () => {
    expect(controllerEnv(platform({}))).toMatchObject({ ENABLE_CULLING: 'false', CULL_IDLE_TIME: '1440', IDLENESS_CHECK_PERIOD: '1' });
  });

  test('the Notebook CRD serves v1, v1beta1 and v1alpha1 and stores v1', () => {
    const chart = Testing.chart();
    new NotebookController(chart, 'c');
    const crd = find(Testing.synth(chart) as Obj[], 'CustomResourceDefinition', 'notebooks.kubeflow.org');
    expect(crd.spec.versions.map((v: any) => [v.name, v.served, v.storage, v.subresources])).toEqual([
      ['v1', true, true, { status: {} }], ['v1alpha1', true, false, { status: {} }], ['v1beta1', true, false, { status: {} }],
    ]);
    expect(crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.template.properties.spec).toEqual({
      type: 'object', 'x-kubernetes-preserve-unknown-fields': true, required: ['containers'],
    });
  });
});

describe('config errors', () => {
  const message = (input: unknown) => {
    try {
      parseConfig(input);
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };
  test('a default affinity must name a preset', () => {
    expect(message({ components: { notebooks: { spawner: { defaultAffinity: 'big' } } } })).toBe(
      'components.notebooks.spawner.defaultAffinity: got "big"; no affinity preset has configKey \'big\'',
    );
  });
  test('offered images are catalog keys', () => {
    expect(message({ components: { notebooks: { spawner: { vscodeImages: ['jupyter/base:latest'] } } } })).toBe(
      'components.notebooks.spawner.vscodeImages[0]: got "jupyter/base:latest"; allowed: "notebooks/jupyter-scipy", "notebooks/jupyter-pytorch-full", '
      + '"notebooks/jupyter-pytorch-cuda-full", "notebooks/jupyter-pytorch-gaudi-full", "notebooks/jupyter-tensorflow-full", '
      + '"notebooks/jupyter-tensorflow-cuda-full", "notebooks/codeserver-python", "notebooks/rstudio-tidyverse"',
    );
  });
  test('a default GPU vendor must be offered', () => {
    expect(message({ components: { notebooks: { spawner: { defaultGpuVendor: 'intel.com/gpu' } } } })).toBe(
      'components.notebooks.spawner.defaultGpuVendor: got "intel.com/gpu"; no GPU vendor has limitsKey \'intel.com/gpu\'',
    );
  });
  // The spawner's toleration presets are checked by core's toleration schema, as placement's are.
  test.each([
    [{ value: 'b' }, 'operator: got "Equal"; must be Exists when key is empty (a toleration of every taint)'],
    [{ key: 'spot', operator: 'Exists', value: 'b' }, 'value: got "b"; must be empty when operator is Exists'],
    [{ key: 'spot', operator: 'In' }, 'operator: got "In"; allowed: "Equal", "Exists"'],
  ])('a toleration preset %j', (t, problem) => {
    const tolerationPresets = [{ groupKey: 'spot', displayName: 'Spot', tolerations: [t] }];
    expect(message({ components: { notebooks: { spawner: { tolerationPresets } } } })).toBe(`components.notebooks.spawner.tolerationPresets[0].tolerations[0].${problem}`);
  });
  test('culling times are whole minutes', () => {
    expect(message({ components: { notebooks: { culling: { idleMinutes: 0 } } } })).toBe('components.notebooks.culling.idleMinutes: got 0; must be at least 1');
  });
});

describe('Notebook', () => {
  const synth = (props: Partial<ConstructorParameters<typeof Notebook>[2]>) => {
    const chart = Testing.chart();
    new Notebook(chart, 'n', { name: 'nb', namespace: 'alice', image: 'notebooks/jupyter-scipy', images: new ImageResolver(catalogFor('26.03'), 'mirror.local'), ...props });
    return Testing.synth(chart) as Obj[];
  };
  test('a catalog key resolves through the mirror; the workspace is a new 5Gi claim', () => {
    const objs = synth({});
    const nb = find(objs, 'Notebook', 'nb');
    expect(nb.spec.template.spec.containers[0]).toEqual({
      name: 'nb',
      image: 'mirror.local/kubeflow/kubeflow/notebook-servers/jupyter-scipy:v1.10.0',
      imagePullPolicy: 'IfNotPresent',
      resources: { requests: { cpu: '0.5', memory: '1Gi' }, limits: { cpu: '0.6', memory: '1.2Gi' } },
      volumeMounts: [{ name: 'nb-workspace', mountPath: '/home/jovyan' }, { name: 'dshm', mountPath: '/dev/shm' }],
    });
    expect(find(objs, 'PersistentVolumeClaim', 'nb-workspace').spec.resources.requests.storage).toBe('5Gi');
  });
  test('an image reference goes through the mirror too; RStudio gets its path header', () => {
    const objs = synth({ image: 'registry.example.com/rstudio:1', serverType: 'rstudio', workspace: { claimName: 'data' }, gpu: { resource: 'nvidia.com/gpu', count: 1 }, limitFactor: 'none' });
    const nb = find(objs, 'Notebook', 'nb');
    expect(nb.metadata.annotations).toEqual({
      'notebooks.kubeflow.org/server-type': 'group-two',
      'notebooks.kubeflow.org/http-rewrite-uri': '/',
      'notebooks.kubeflow.org/http-headers-request-set': '{"X-RStudio-Root-Path":"/notebook/alice/nb/"}',
    });
    expect(nb.spec.template.spec.containers[0].image).toBe('mirror.local/rstudio:1');
    expect(nb.spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: '0.5', memory: '1Gi' }, limits: { 'nvidia.com/gpu': '1' } });
    expect(objs.filter((o) => o.kind === 'PersistentVolumeClaim')).toEqual([]);
  });
});

test.each(RELEASES)('notebooks component snapshot, release %s', (release: Release) => {
  expect(withoutCrdSchemas(platform({ release }))).toMatchSnapshot();
});
