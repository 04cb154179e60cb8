import { stringify } from 'yaml';
import { ImageResolver } from '../core/images';

const param = (name: string) => `\${trialParameters.${name}}`;

const mnist = (extra: readonly string[]) => [
  'python3', '/opt/pytorch-mnist/mnist.py', '--epochs=1', ...extra,
  `--lr=${param('learningRate')}`, `--momentum=${param('momentum')}`,
];

const job = (container: Record<string, unknown>) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  spec: { template: { spec: { containers: [container], restartPolicy: 'Never' } } },
});

/**
 * The example trial templates the Katib UI offers, by ConfigMap key. Their images come
 * from the catalog, so a mirror applies to them too.
 */
export function trialTemplates(images: ImageResolver): Record<string, Record<string, unknown>> {
  const mnistImage = images.ref('katib/pytorch-mnist-cpu');
  const replica = (replicas: number) => ({
    replicas,
    restartPolicy: 'OnFailure',
    template: { spec: { containers: [{ name: 'pytorch', image: mnistImage, command: mnist([]) }] } },
  });
  return {
    'defaultTrialTemplate.yaml': job({ name: 'training-container', image: mnistImage, command: mnist(['--batch-size=16']) }),
    enasCPUTemplate: job({
      name: 'training-container',
      image: images.ref('katib/enas-cnn-cifar10-cpu'),
      command: [
        'python3', '-u', 'RunTrial.py', '--num_epochs=1',
        `--architecture="${param('neuralNetworkArchitecture')}"`,
        `--nn_config="${param('neuralNetworkConfig')}"`,
      ],
    }),
    pytorchJobTemplate: {
      apiVersion: 'kubeflow.org/v1',
      kind: 'PyTorchJob',
      spec: { pytorchReplicaSpecs: { Master: replica(1), Worker: replica(2) } },
    },
  };
}

/** The templates as the ConfigMap data the UI and controller read. */
export function trialTemplatesData(images: ImageResolver): Record<string, string> {
  return Object.fromEntries(Object.entries(trialTemplates(images)).map(([k, v]) => [k, stringify(v, { lineWidth: 0 })]));
}
