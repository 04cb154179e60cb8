import { z } from 'zod';
import { componentBase } from '../core/component-config';

const options = {
  /** Namespace of the leader-election leases. @default "kube-system" */
  leaderElectionNamespace: z.string().default('kube-system'),
  /** Log verbosity (`--v`) of the controller, cainjector and webhook. @default 2 */
  logLevel: z.number().int().min(0).max(6).default(2),
  /** Create the `kubeflow-self-signing-issuer` ClusterIssuer that Kubeflow's certificates use. @default true */
  kubeflowIssuer: z.boolean().default(true),
};

/** cert-manager's options as one schema: `CertManagerProps` derive from it and the construct parses through it. */
export const certManagerOptions = z.strictObject(options);

/** Platform config of cert-manager (`components.certManager`). */
export const certManagerConfig = z
  .strictObject({
    ...componentBase,
    ...options,
  })
  .prefault({});
