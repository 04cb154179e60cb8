import { z } from 'zod';
import { componentBase } from '../core/component-config';
import { email, POD_SECURITY_LEVELS, tenantListSchema } from '../tenants/schema';

const options = {
  /** Request header the gateway puts the user's id in. @default "kubeflow-userid" */
  userIdHeader: z.string().min(1).default('kubeflow-userid'),
  /** Prefix before the user id in that header (e.g. `accounts.google.com:` behind IAP). @default "" */
  userIdPrefix: z.string().default(''),
  /** Request header the gateway puts the user's groups in; contributor groups are matched on it. @default "kubeflow-groups" */
  groupsHeader: z.string().min(1).default('kubeflow-groups'),
  /** Users KFAM treats as cluster admins: they manage the contributors of every profile. @default none */
  clusterAdmins: z.array(email()).default([]),
  /**
   * Pod Security level of namespaces of profiles made outside tenant files (the dashboard's
   * registration flow, kubectl). Tenant files set their own level.
   * @default "baseline", as upstream
   */
  podSecurity: z.enum(POD_SECURITY_LEVELS).default('baseline'),
  /** More labels for every profile namespace. @default none */
  namespaceLabels: z.record(z.string(), z.string()).default({}),
};

/** The profiles options as one schema: `ProfilesProps` derive from it and the construct parses through it. */
export const profilesOptions = z.strictObject(options);
/** The user header and its prefix, which KFAM, the profile controller and the dashboard must agree on. */
export const userIdOptions = profilesOptions.pick({ userIdHeader: true, userIdPrefix: true });

/** Platform config of the profiles component (`components.profiles`): profile controller, KFAM, PodDefaults webhook, tenants. */
export const profilesConfig = z
  .strictObject({
    ...componentBase,
    ...options,
    /** GCP service account every profile's `default-editor` is bound to unless its tenant sets one (the controller's WORKLOAD_IDENTITY). @default none */
    defaultWorkloadIdentity: z.string().default(''),
    /**
     * Cloud identity of the profile controller itself, which it needs to run the cloud
     * identity plugins: an IAM role ARN on EKS, a GCP service account email on GKE.
     * @default none
     */
    controllerCloudIdentity: z.string().optional(),
    /**
     * Tenants given in the config, besides the files the CLI reads from `profiles/`
     * (`--profiles DIR`). Same fields as a tenant file.
     * @default none
     */
    tenants: tenantListSchema.default([]),
  })
  .prefault({});

export type ProfilesConfig = z.output<typeof profilesConfig>;
