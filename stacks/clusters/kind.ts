import * as command from '@pulumi/command';
import * as pulumi from '@pulumi/pulumi';
import { KindSettings } from '../settings';
import { kindConfigYaml, PortMapping } from './kind-config';
import { CREATE_SCRIPT, DELETE_SCRIPT, existsMessage } from './kind-scripts';
import { ClusterOutputs, kubeProvider } from './types';

export interface KindClusterArgs {
  readonly settings: KindSettings;
  /** Node ports of the gateway (`gatewayNodePorts` of the synthesized platform). */
  readonly gatewayNodePorts: { readonly http: number; readonly https: number };
  /** Registry mirror of the platform config. @default none */
  readonly registry?: string;
}

/** A local kind cluster, made with the `kind` CLI; `pulumi destroy` deletes it. */
export class KindCluster extends pulumi.ComponentResource implements ClusterOutputs {
  public readonly provider;
  public readonly kubeconfig: pulumi.Output<string>;
  public readonly gatewayAddress: pulumi.Output<string>;
  public readonly ready: pulumi.Resource[];

  constructor(name: string, args: KindClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kubeflow-iac:index:KindCluster', name, {}, opts);
    const s = args.settings;
    const ports: PortMapping[] = [
      { containerPort: args.gatewayNodePorts.http, hostPort: s.httpPort },
      { containerPort: args.gatewayNodePorts.https, hostPort: s.httpsPort },
    ];
    const config = kindConfigYaml({ nodeImage: s.nodeImage, workers: s.workers, ports, registry: args.registry });
    // kind reads its config from a file; the scripts never delete or remake a cluster they did
    // not make (kind-scripts.ts).
    const cluster = new command.local.Command(`${name}-cluster`, {
      create: CREATE_SCRIPT,
      delete: DELETE_SCRIPT,
      environment: { KIND_CONFIG: config, KIND_NAME: s.name, KIND_EXISTS_MESSAGE: existsMessage(s.name) },
      triggers: [s.name, config],
    }, {
      parent: this,
      additionalSecretOutputs: ['stdout'],
      // A changed config means a new cluster of the same name. Pulumi makes the new one first,
      // which create refuses while the old one exists (it would be deleted, data and all): the
      // user deletes it on purpose, and the old resource's delete then leaves the new one alone.
      deleteBeforeReplace: false,
    });
    this.kubeconfig = pulumi.secret(cluster.stdout);
    this.provider = kubeProvider(name, this.kubeconfig, this);
    this.gatewayAddress = pulumi.output(`localhost:${s.httpPort}`);
    this.ready = [cluster];
    this.registerOutputs({ kubeconfig: this.kubeconfig });
  }
}
