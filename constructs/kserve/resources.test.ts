import { Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { InferenceService, ServingRuntime } from './resources';

describe('InferenceService', () => {
  test('a predictor with a model format, storage URI, runtime, resources and autoscaling', () => {
    const chart = Testing.chart();
    new InferenceService(chart, 'Iris', {
      name: 'sklearn-iris',
      namespace: 'team-a',
      deploymentMode: 'RawDeployment',
      predictor: {
        minReplicas: 0,
        maxReplicas: 3,
        scaleMetric: 'cpu',
        scaleTarget: 80,
        canaryTrafficPercent: 10,
        tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }],
        model: {
          modelFormat: { name: 'sklearn', version: '1' },
          storageUri: 'gs://kfserving-examples/models/sklearn/1.0/model',
          runtime: 'kserve-sklearnserver',
          protocolVersion: 'v2',
          resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } },
          env: [{ name: 'LOG_LEVEL', value: 'debug' }],
        },
      },
    });
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: { name: 'sklearn-iris', namespace: 'team-a', annotations: { 'serving.kserve.io/deploymentMode': 'RawDeployment' } },
      spec: {
        predictor: {
          minReplicas: 0, maxReplicas: 3, scaleTarget: 80, scaleMetric: 'cpu', canaryTrafficPercent: 10,
          tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }],
          model: {
            modelFormat: { name: 'sklearn', version: '1' },
            storageUri: 'gs://kfserving-examples/models/sklearn/1.0/model',
            runtime: 'kserve-sklearnserver',
            protocolVersion: 'v2',
            resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } },
            env: [{ name: 'LOG_LEVEL', value: 'debug' }],
          },
        },
      },
    }]);
  });

  test('a transformer is plain containers, with Kubernetes quantities written out', () => {
    const chart = Testing.chart();
    new InferenceService(chart, 'Hf', {
      name: 'bert',
      namespace: 'team-a',
      predictor: { model: { modelFormat: { name: 'huggingface' }, storageUri: 'hf://bert-base-uncased' } },
      transformer: {
        containers: [{ name: 'kserve-container', image: 'example.com/pre:1', resources: { requests: { cpu: k8s.Quantity.fromString('100m') } } }],
      },
    });
    const spec = (Testing.synth(chart)[0] as { spec: Record<string, unknown> }).spec;
    expect(spec).toEqual({
      predictor: { model: { modelFormat: { name: 'huggingface' }, storageUri: 'hf://bert-base-uncased' } },
      transformer: { containers: [{ name: 'kserve-container', image: 'example.com/pre:1', resources: { requests: { cpu: '100m' } } }] },
    });
  });
});

describe('ServingRuntime', () => {
  test('namespaced with a namespace, cluster-wide without one', () => {
    const chart = Testing.chart();
    const props = {
      name: 'vllm-custom',
      container: { name: '', image: 'example.com/vllm:0.9', args: ['--port=8080'] },
      supportedModelFormats: [{ name: 'huggingface', version: '1', autoSelect: true, priority: 3 }],
      protocolVersions: ['v2' as const],
      metricsPort: 8080,
    };
    new ServingRuntime(chart, 'Ns', { ...props, namespace: 'team-a' });
    new ServingRuntime(chart, 'Cluster', props);
    const [ns, cluster] = Testing.synth(chart) as { kind: string; metadata: object; spec: object }[];
    const spec = {
      annotations: { 'prometheus.kserve.io/path': '/metrics', 'prometheus.kserve.io/port': '8080' },
      containers: [{ name: 'kserve-container', image: 'example.com/vllm:0.9', args: ['--port=8080'] }],
      supportedModelFormats: [{ name: 'huggingface', version: '1', autoSelect: true, priority: 3 }],
      protocolVersions: ['v2'],
    };
    expect([ns.kind, ns.metadata, ns.spec]).toEqual(['ServingRuntime', { name: 'vllm-custom', namespace: 'team-a' }, spec]);
    expect([cluster.kind, cluster.metadata, cluster.spec]).toEqual(['ClusterServingRuntime', { name: 'vllm-custom' }, spec]);
  });
});
