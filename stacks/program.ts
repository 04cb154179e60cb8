import * as pulumi from '@pulumi/pulumi';
import { KubeflowPlatform } from '../constructs/platform/platform';
import { Manifest } from '../constructs/platform/parts';
import { databaseSecret, LateOutput } from './cluster-facts';
import { gatewayNodePorts } from './clusters/kind-config';
import { ClusterOutputs } from './clusters/types';
import { PulumiPlatform } from './platform/platform';
import { PlaceholderStore } from './platform/secrets';
import { ClusterSettings, readStackConfig } from './settings';

/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * Builds the cluster of the chosen layer. Its own component: platform changes never touch it.
 * Each layer is loaded on use: the AWS and GCP SDKs take a second each to load.
 */
export function makeCluster(cluster: ClusterSettings, platform: KubeflowPlatform): ClusterOutputs & pulumi.Resource {
  switch (cluster.layer) {
    case 'existing': {
      const { ExistingCluster } = require('./clusters/existing') as typeof import('./clusters/existing');
      const skipKey = `kubeflow-iac:cluster.${platform.config.platform === 'generic' ? '' : 'existing.'}skipVersionCheck`;
      return new ExistingCluster('cluster', cluster.settings, { release: platform.config.release, skipKey });
    }
    case 'kind': {
      const { KindCluster } = require('./clusters/kind') as typeof import('./clusters/kind');
      return new KindCluster('cluster', { settings: cluster.settings, gatewayNodePorts: gatewayNodePorts(platform.manifests()), registry: platform.config.registry });
    }
    case 'eks': {
      const { EksCluster } = require('./clusters/eks') as typeof import('./clusters/eks');
      return new EksCluster('cluster', { settings: cluster.settings, database: !!cluster.settings.database });
    }
    case 'gke': {
      const { GkeCluster } = require('./clusters/gke') as typeof import('./clusters/gke');
      return new GkeCluster('cluster', { settings: cluster.settings });
    }
  }
}
/* eslint-enable @typescript-eslint/no-require-imports */

/** The Pulumi program: the cluster, then Kubeflow on it. Returns the stack outputs. */
export async function program(): Promise<Record<string, pulumi.Input<unknown>>> {
  const secrets = new PlaceholderStore();
  // Components check the config against the platform as they are built: their problems are
  // reported with those of the stack config.
  const { platform: config, cluster: clusterSettings, late, built: kubeflow } = readStackConfig((c) => {
    const k = new KubeflowPlatform(c, secrets);
    k.waves();
    return k;
  });
  const waves = kubeflow.waves();
  const cluster = makeCluster(clusterSettings, kubeflow);
  const lateOutputs: Record<LateOutput, pulumi.Output<string> | undefined> = {
    oidcIssuer: cluster.oidcIssuer,
    pipelinesRoleArn: cluster.pipelinesRoleArn,
    databaseHost: cluster.database?.host,
    databasePassword: cluster.database?.password,
  };
  const platform = new PulumiPlatform('kubeflow', {
    waves,
    secrets,
    provider: cluster.provider,
    serviceAccountAnnotations: cluster.serviceAccountAnnotations,
    after: cluster.ready,
    lateValues: new Map(Object.entries(late).flatMap(([token, output]) => (lateOutputs[output] ? [[token, lateOutputs[output]!]] : []))),
    extraManifests: databaseSecret(late) as Manifest[],
  });
  const gatewayAddress = cluster.gatewayAddress ?? platform.gatewayAddress;
  return {
    kubeconfig: cluster.kubeconfig,
    ...(gatewayAddress ? { gatewayAddress, dashboardUrl: pulumi.output(gatewayAddress).apply((a) => (a ? `http://${a}/` : '')) } : {}),
    ...(cluster.bucket ? { bucket: cluster.bucket } : {}),
    ...(cluster.database ? { databaseHost: cluster.database.host, databasePassword: cluster.database.password } : {}),
    userPasswords: platform.userPasswords,
    release: config.release,
    objects: platform.objects.size,
  };
}
