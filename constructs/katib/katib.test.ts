import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { Release, RELEASES } from '../catalog';
import { parseConfig } from '../config/load';
import { platformConfigSchema, PlatformConfigInput } from '../config/schema';
import { structuralProblems } from '../core/schema';
import { EphemeralSecretStore } from '../core/secrets';
import { Experiment } from './experiment';
import { wireKatib } from './platform';
import { platformBuild } from '../platform/build';
import { find, Obj, withoutCrdSchemas } from '../platform/test-helpers';


function platform(input: PlatformConfigInput, secrets = new EphemeralSecretStore({ 'katib/mysql-root-password': 'from-the-store' })): Obj[] {
  const config = platformConfigSchema.parse(input);
  const chart = Testing.chart();
  wireKatib(chart, platformBuild(config, secrets));
  return Testing.synth(chart) as Obj[];
}
const dbManager = (objs: Obj[]) => find(objs, 'Deployment', 'katib-db-manager').spec.template.spec.containers[0];

describe('katib-config', () => {
  test('every suggestion, early-stopping and metrics-collector image follows the mirror', () => {
    const objs = platform({ registry: 'mirror.local/kf' });
    const config = parse(find(objs, 'ConfigMap', 'katib-config').data['katib-config.yaml']);
    const img = (n: string) => `mirror.local/kf/kubeflow/katib/${n}:v0.19.0`;
    expect(config).toEqual({
      apiVersion: 'config.kubeflow.org/v1beta1',
      kind: 'KatibConfig',
      init: { controller: { webhookPort: 8443, trialResources: ['TrainJob.v1alpha1.trainer.kubeflow.org', 'Job.v1.batch', 'TFJob.v1.kubeflow.org', 'PyTorchJob.v1.kubeflow.org', 'MPIJob.v1.kubeflow.org', 'XGBoostJob.v1.kubeflow.org'] } },
      runtime: {
        metricsCollectors: [
          { kind: 'StdOut', image: img('file-metrics-collector') },
          { kind: 'File', image: img('file-metrics-collector') },
          { kind: 'TensorFlowEvent', image: img('tfevent-metrics-collector'), resources: { limits: { memory: '1Gi' } } },
        ],
        suggestions: [
          { algorithmName: 'random', image: img('suggestion-hyperopt') },
          { algorithmName: 'tpe', image: img('suggestion-hyperopt') },
          { algorithmName: 'grid', image: img('suggestion-optuna') },
          { algorithmName: 'hyperband', image: img('suggestion-hyperband') },
          { algorithmName: 'bayesianoptimization', image: img('suggestion-skopt') },
          { algorithmName: 'cmaes', image: img('suggestion-goptuna') },
          { algorithmName: 'sobol', image: img('suggestion-goptuna') },
          { algorithmName: 'multivariate-tpe', image: img('suggestion-optuna') },
          { algorithmName: 'enas', image: img('suggestion-enas'), resources: { limits: { memory: '400Mi' } } },
          { algorithmName: 'darts', image: img('suggestion-darts') },
          { algorithmName: 'pbt', image: img('suggestion-pbt'), persistentVolumeClaimSpec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '5Gi' } } } },
        ],
        earlyStoppings: [{ algorithmName: 'medianstop', image: img('earlystopping-medianstop') }],
      },
    });
  });

  test('trial templates use catalog images through the mirror', () => {
    const data = find(platform({ registry: 'mirror.local' }), 'ConfigMap', 'trial-templates').data;
    const images = Object.values(data).flatMap((t) => JSON.stringify(parse(t as string)).match(/"image":"[^"]+"/g) ?? []);
    expect([...new Set(images)]).toEqual([
      '"image":"mirror.local/kubeflow/katib/pytorch-mnist-cpu:v0.19.0"',
      '"image":"mirror.local/kubeflow/katib/enas-cnn-cifar10-cpu:v0.19.0"',
    ]);
    expect(parse(data['defaultTrialTemplate.yaml']).spec.template.spec.containers[0].command).toEqual([
      'python3', '/opt/pytorch-mnist/mnist.py', '--epochs=1', '--batch-size=16', '--lr=${trialParameters.learningRate}', '--momentum=${trialParameters.momentum}',
    ]);
  });

  test('trial resources are an option, and a change restarts the controller', () => {
    const objs = platform({ components: { katib: { trialResources: ['Job.v1.batch'] } } });
    expect(parse(find(objs, 'ConfigMap', 'katib-config').data['katib-config.yaml']).init.controller.trialResources).toEqual(['Job.v1.batch']);
    const hash = (o: Obj[]) => find(o, 'Deployment', 'katib-controller').spec.template.metadata.annotations['kubeflow-iac.io/config-hash'];
    expect(hash(objs)).not.toEqual(hash(platform({})));
  });
});

describe('database', () => {
  test('in-cluster MySQL gets its root password from the secret store, on a 10Gi volume', () => {
    const objs = platform({});
    expect(find(objs, 'Secret', 'katib-mysql-secrets').stringData).toEqual({ MYSQL_ROOT_PASSWORD: 'from-the-store' });
    expect(find(objs, 'PersistentVolumeClaim', 'katib-mysql').spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } });
    expect(dbManager(objs).env).toEqual([
      { name: 'DB_NAME', value: 'mysql' },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'katib-mysql-secrets', key: 'MYSQL_ROOT_PASSWORD' } } },
    ]);
  });

  test('a fresh store generates a random password and records it', () => {
    const store = new EphemeralSecretStore();
    const password = find(platform({}, store), 'Secret', 'katib-mysql-secrets').stringData.MYSQL_ROOT_PASSWORD;
    expect(store.generated).toEqual(['katib/mysql-root-password']);
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(find(platform({}, store), 'Secret', 'katib-mysql-secrets').stringData.MYSQL_ROOT_PASSWORD).toBe(password);
  });

  test('storage size and class of the in-cluster volume', () => {
    const pvc = find(platform({ components: { katib: { database: { kind: 'in-cluster', size: '50Gi', storageClass: 'ssd' } } } }), 'PersistentVolumeClaim', 'katib-mysql');
    expect(pvc.spec).toEqual({ accessModes: ['ReadWriteOnce'], storageClassName: 'ssd', resources: { requests: { storage: '50Gi' } } });
  });

  test('an external database changes the DB manager and drops the in-cluster MySQL', () => {
    const store = new EphemeralSecretStore();
    const objs = platform({ components: { katib: { database: { kind: 'external', host: 'db.example.com', port: 3307, secretName: 'katib-db', usernameKey: 'user' } } } }, store);
    expect(dbManager(objs).env).toEqual([
      { name: 'DB_NAME', value: 'mysql' },
      { name: 'DB_USER', valueFrom: { secretKeyRef: { name: 'katib-db', key: 'user' } } },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'katib-db', key: 'password' } } },
      { name: 'KATIB_MYSQL_DB_HOST', value: 'db.example.com' },
      { name: 'KATIB_MYSQL_DB_PORT', value: '3307' },
      { name: 'KATIB_MYSQL_DB_DATABASE', value: 'katib' },
    ]);
    expect(objs.filter((o) => o.metadata.name.startsWith('katib-mysql')).map((o) => o.kind)).toEqual([]);
    expect(store.generated).toEqual([]);
  });

  test('an external database needs the Secret with its credentials', () => {
    expect(() => parseConfig({ components: { katib: { database: { kind: 'external', host: 'db' } } } })).toThrow(
      'components.katib.database.secretName: got nothing; expected string',
    );
  });
});

test('webhooks skip the controller\'s own pods and get the CA of the webhook certificate', () => {
  const objs = platform({});
  const mutating = find(objs, 'MutatingWebhookConfiguration', 'katib.kubeflow.org');
  expect(mutating.metadata.annotations).toEqual({ 'cert-manager.io/inject-ca-from': 'kubeflow/katib-webhook-cert' });
  expect(mutating.webhooks[1].matchConditions).toEqual([{ name: 'exclude-katib-controller', expression: 'request.userInfo.username != "system:serviceaccount:kubeflow:katib-controller"' }]);
  expect(find(objs, 'Certificate', 'katib-webhook-cert').spec).toEqual({
    commonName: 'katib-controller.kubeflow.svc',
    dnsNames: ['katib-controller.kubeflow.svc', 'katib-controller.kubeflow.svc.cluster.local'],
    isCA: true,
    issuerRef: { kind: 'Issuer', name: 'katib-selfsigned-issuer' },
    secretName: 'katib-webhook-cert',
  });
});

test('the CRDs are structural and keep upstream\'s printer columns', () => {
  const crds = platform({}).filter((o) => o.kind === 'CustomResourceDefinition');
  expect(crds.map((c) => c.metadata.name)).toEqual(['experiments.kubeflow.org', 'suggestions.kubeflow.org', 'trials.kubeflow.org']);
  for (const c of crds) expect(structuralProblems(c.spec.versions[0].schema.openAPIV3Schema)).toEqual([]);
  expect(crds[1].spec.versions[0].additionalPrinterColumns.map((p: any) => p.name)).toEqual(['Type', 'Status', 'Requested', 'Assigned', 'Age']);
});

// Paths of a value the API server would prune with this structural schema.
function pruned(value: unknown, schema: any, path = ''): string[] {
  if (schema['x-kubernetes-preserve-unknown-fields'] || value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => pruned(v, schema.items ?? {}, `${path}[${i}]`));
  return Object.entries(value).flatMap(([k, v]) => {
    const sub = schema.properties?.[k] ?? schema.additionalProperties;
    return sub ? pruned(v, sub, `${path}.${k}`) : [`${path}.${k}`];
  });
}

describe('Experiment', () => {
  const props: ConstructorParameters<typeof Experiment>[2] = {
    name: 'mnist',
    namespace: 'alice',
    objective: { type: 'maximize', metric: 'accuracy', goal: 0.99 },
    algorithm: { name: 'random' },
    parameters: [{ name: 'lr', type: 'double', min: '0.01', max: '0.05' }, { name: 'optimizer', type: 'categorical', list: ['sgd', 'adam'] }],
    maxTrialCount: 12,
    trialTemplate: {
      source: { configMap: { name: 'trial-templates', namespace: 'kubeflow', path: 'defaultTrialTemplate.yaml' } },
      parameters: [{ name: 'learningRate', reference: 'lr' }],
      primaryContainerName: 'training-container',
    },
  };
  test('renders the v1beta1 spec', () => {
    const chart = Testing.chart();
    new Experiment(chart, 'e', props);
    expect((Testing.synth(chart) as Obj[])[0].spec).toEqual({
      objective: { type: 'maximize', goal: 0.99, objectiveMetricName: 'accuracy' },
      algorithm: { algorithmName: 'random' },
      parallelTrialCount: 3,
      maxTrialCount: 12,
      parameters: [
        { name: 'lr', parameterType: 'double', feasibleSpace: { min: '0.01', max: '0.05' } },
        { name: 'optimizer', parameterType: 'categorical', feasibleSpace: { list: ['sgd', 'adam'] } },
      ],
      trialTemplate: {
        primaryContainerName: 'training-container',
        trialParameters: [{ name: 'learningRate', reference: 'lr' }],
        configMap: { configMapName: 'trial-templates', configMapNamespace: 'kubeflow', templatePath: 'defaultTrialTemplate.yaml' },
      },
    });
  });
  test('a full Experiment fits the CRD without pruning', () => {
    const chart = Testing.chart();
    new Experiment(chart, 'e', {
      ...props,
      earlyStopping: { name: 'medianstop', settings: { min_trials_required: '2' } },
      algorithm: { name: 'tpe', settings: { n_startup_trials: '5' } },
      objective: { ...props.objective, additionalMetrics: ['loss'] },
      parameters: [...props.parameters, { name: 'momentum', type: 'double', min: '0.5', max: '0.9', step: '0.1', distribution: 'uniform' }],
      metricsCollector: { kind: 'File', path: '/var/log/katib/metrics.log', format: 'TEXT' },
      resumePolicy: 'LongRunning',
      maxFailedTrialCount: 3,
      trialTemplate: { ...props.trialTemplate, source: { trialSpec: { apiVersion: 'batch/v1', kind: 'Job' } }, retain: true, successCondition: 'status.succeeded>0', failureCondition: 'status.failed>0' },
    });
    // The API server handles metadata itself; the rest must fit the schema.
    const { metadata: _metadata, ...experiment } = (Testing.synth(chart) as Obj[])[0];
    const crd = find(platform({}), 'CustomResourceDefinition', 'experiments.kubeflow.org');
    expect(pruned(experiment, crd.spec.versions[0].schema.openAPIV3Schema)).toEqual([]);
  });

  test('a trial parameter must reference a parameter', () => {
    const chart = Testing.chart();
    expect(() => new Experiment(chart, 'e', { ...props, trialTemplate: { ...props.trialTemplate, parameters: [{ name: 'm', reference: 'momentum' }] } }))
      .toThrow("Experiment mnist: trial parameter 'm' references 'momentum', which is not a parameter");
  });
});

test.each(RELEASES)('katib component snapshot, release %s', (release: Release) => {
  expect(withoutCrdSchemas(platform({ release }))).toMatchSnapshot();
});
