// A cdk8s app that installs Kubeflow and a team's own work on it: the platform, the
// team's tenant, and its Notebook, InferenceService and Experiment, placed in the
// install waves after what they need. Run it with `node main.js [OUT]` once compiled.
import * as path from 'path';
import { Experiment, FileSecretStore, InferenceService, KubeflowPlatform, Notebook, parseConfig, renderWaves, writeTree } from 'kubeflow-iac';

/** The platform with the team's objects; credentials come from (and go to) `secretsFile`. */
export function build(secretsFile: string): { platform: KubeflowPlatform; secrets: FileSecretStore } {
  const config = parseConfig({
    release: '26.03',
    components: { profiles: { tenants: [{ name: 'team-ml', owner: 'lead@example.com', contributors: [{ user: 'dev@example.com', role: 'edit' }] }] } },
  });
  // Without a kept store every build would make new passwords and client secrets.
  const secrets = new FileSecretStore(secretsFile);
  const platform = new KubeflowPlatform(config, secrets);

  const team = platform.addChart('team-ml');
  new Notebook(team, 'lab', { name: 'lab', namespace: 'team-ml', image: 'notebooks/jupyter-scipy', cpu: '1', memory: '2Gi' });
  new InferenceService(team, 'iris', {
    name: 'iris',
    namespace: 'team-ml',
    predictor: { model: { modelFormat: { name: 'sklearn' }, storageUri: 'gs://kfserving-examples/models/sklearn/1.0/model' } },
  });
  new Experiment(team, 'tune', {
    name: 'tune',
    namespace: 'team-ml',
    objective: { type: 'maximize', metric: 'accuracy', goal: 0.99 },
    algorithm: { name: 'random' },
    maxTrialCount: 6,
    parameters: [{ name: 'lr', type: 'double', min: '0.01', max: '0.1' }],
    trialTemplate: {
      primaryContainerName: 'training',
      parameters: [{ name: 'learningRate', reference: 'lr' }],
      source: {
        trialSpec: {
          apiVersion: 'batch/v1',
          kind: 'Job',
          spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'training', image: 'docker.io/kubeflowkatib/pytorch-mnist-cpu:v0.19.0', command: ['python3', '/opt/pytorch-mnist/mnist.py', '--lr=${trialParameters.learningRate}'] }] } } },
        },
      },
    },
  });
  return { platform, secrets };
}

/** Writes the install waves to `out` (one folder per wave, in order) and keeps the credentials. */
export function synth(out: string, secretsFile: string): number {
  const { platform, secrets } = build(secretsFile);
  const files = renderWaves(platform.waves());
  // Saved before the manifests: no output exists whose credentials were lost.
  secrets.save();
  writeTree(out, files);
  return files.size;
}

if (require.main === module) {
  const out = process.argv[2] ?? 'dist';
  const files = synth(out, path.join('.kubeflow-iac', 'secrets.yaml'));
  console.log(`wrote ${files} files to ${out}/`);
}
