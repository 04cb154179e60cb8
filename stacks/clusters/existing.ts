import * as pulumi from '@pulumi/pulumi';
import { ExistingSettings } from '../settings';
import { ClusterOutputs, kubeProvider } from './types';

/** A cluster made elsewhere, reached with a kubeconfig (path or contents) and context. */
export class ExistingCluster extends pulumi.ComponentResource implements ClusterOutputs {
  public readonly provider;
  public readonly kubeconfig: pulumi.Output<string>;
  public readonly ready: pulumi.Resource[] = [];

  constructor(name: string, settings: ExistingSettings, opts?: pulumi.ComponentResourceOptions) {
    super('kubeflow-iac:index:ExistingCluster', name, {}, opts);
    this.provider = kubeProvider(name, settings.kubeconfig, this, { context: settings.context, adopt: settings.adopt });
    this.kubeconfig = pulumi.secret(settings.kubeconfig ?? '');
    this.registerOutputs({});
  }
}
