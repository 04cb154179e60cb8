import * as pulumi from '@pulumi/pulumi';
import { Release } from '../../constructs/catalog';
import { ExistingSettings } from '../settings';
import { readServerVersion, serverVersionProblem } from './server-version';
import { ClusterOutputs, kubeProvider } from './types';

/** A cluster made elsewhere, reached with a kubeconfig (path or contents) and context. */
export class ExistingCluster extends pulumi.ComponentResource implements ClusterOutputs {
  public readonly provider;
  public readonly kubeconfig: pulumi.Output<string>;
  public readonly ready: pulumi.Resource[] = [];

  /**
   * @param check the release installed on it, and the stack config key of `skipVersionCheck`
   *   (`kubeflow-iac:cluster.skipVersionCheck`, or `...cluster.existing.skipVersionCheck` under a
   *   cloud platform), for the version check's messages
   */
  constructor(name: string, settings: ExistingSettings, check: { release: Release; skipKey: string }, opts?: pulumi.ComponentResourceOptions) {
    super('kubeflow-iac:index:ExistingCluster', name, {}, opts);
    if (!settings.skipVersionCheck) checkVersion(settings, check.release, check.skipKey, this);
    this.provider = kubeProvider(name, settings.kubeconfig, this, { context: settings.context, adopt: settings.adopt });
    this.kubeconfig = pulumi.secret(settings.kubeconfig ?? '');
    this.registerOutputs({});
  }
}

/** Stops before anything is installed on a cluster older than the release needs (server-version.ts). */
function checkVersion(settings: ExistingSettings, release: Release, skipKey: string, parent: pulumi.Resource): void {
  const where = `the existing cluster (${settings.context ? `context '${settings.context}'` : 'the current context'})`;
  const read = readServerVersion(settings.kubeconfig, settings.context);
  if (read.skipped) return;
  if (!read.version) {
    // Pulumi does not need kubectl, so a machine without it (or one it cannot reach) is warned, not stopped.
    pulumi.log.warn(`could not read the Kubernetes version of ${where} with kubectl (${read.error}); release ${release} needs a minimum version: check it yourself (set ${skipKey}: true to silence this)`, parent);
    return;
  }
  const problem = serverVersionProblem(release, read.version, where, skipKey);
  if (problem) throw new pulumi.RunError(problem);
}
