import { z } from 'zod';
import { componentBase } from '../core/component-config';

/** Platform config of cert-manager (`components.certManager`). */
export const certManagerConfig = z
  .strictObject({
    ...componentBase,
    /** Namespace of the leader-election leases. @default "kube-system" */
    leaderElectionNamespace: z.string().default('kube-system'),
    /** Controller log verbosity (`--v`). @default 2 */
    logLevel: z.number().int().min(0).max(6).default(2),
    /** Create the `kubeflow-self-signing-issuer` ClusterIssuer that Kubeflow's certificates use. @default true */
    kubeflowIssuer: z.boolean().default(true),
  })
  .prefault({});
