// A Pulumi program that brings its own cluster (any kubeconfig) and adds Kubeflow to it,
// with a team's Notebook, through the package's Pulumi component.
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { KubeflowPlatform, Notebook, parseConfig, PlaceholderStore, PulumiPlatform } from 'kubeflow-iac';

/** The stack outputs: how many objects Kubeflow is, and the first users' passwords (secrets). */
export async function program(): Promise<Record<string, pulumi.Input<unknown>>> {
  const cfg = new pulumi.Config();
  // Your cluster, your provider: server-side apply, and ConfigMaps/Secrets patched in place
  // (controllers read some of them while an upgrade runs).
  const provider = new k8s.Provider('cluster', {
    kubeconfig: cfg.requireSecret('kubeconfig'),
    enableServerSideApply: true,
    enableConfigMapMutable: true,
    enableSecretMutable: true,
  });

  // Placeholders at synth time; the component makes each a RandomPassword kept secret in state.
  const secrets = new PlaceholderStore();
  const platform = cfg.getObject<{ components?: object }>('platform') ?? {};
  const team = { name: 'team-ml', owner: 'lead@example.com' };
  const kubeflow = new KubeflowPlatform(parseConfig({ ...platform, components: { ...platform.components, profiles: { tenants: [team] } } }), secrets);
  new Notebook(kubeflow.addChart('team-ml'), 'lab', { name: 'lab', namespace: 'team-ml', image: 'notebooks/jupyter-scipy' });

  const install = new PulumiPlatform('kubeflow', { waves: kubeflow.waves(), secrets, provider });
  return { objects: install.objects.size, userPasswords: install.userPasswords };
}
