import { Construct } from 'constructs';
import { ConfigError } from '../config/errors';
import { ConfigInput } from '../core/component-config';
import { ComponentContext, resolveContext } from '../core/context';
import { ingressPrincipal } from '../core/mesh-policy';
import { DEFAULT_USER_PRINCIPALS, POD_SECURITY_ENFORCE, PROFILE_NAMESPACE_LABELS } from '../tenants/namespace';
import { TenantInput } from '../tenants/schema';
import { Tenant } from '../tenants/tenant';
import { PodDefaultsLayout, ProfilesLayout } from '../catalog/dashboard-features';
import { profilesOptions } from './config';
import { profilesCrds } from './crds';
import { PodDefaultsWebhook } from './poddefaults-webhook';
import { ProfileController } from './profile-controller';

// userIdHeader, userIdPrefix, groupsHeader, clusterAdmins, podSecurity and namespaceLabels are
// config fields: their defaults live in the schema.
export interface ProfilesProps extends ComponentContext, ConfigInput<typeof profilesOptions> {
  /** @default "kubeflow" */
  readonly namespace?: string;
  /** Default GCP service account of profiles (WORKLOAD_IDENTITY). @default none */
  readonly workloadIdentity?: string;
  /** Annotations of the controller's service account (its cloud identity). @default none */
  readonly controllerServiceAccountAnnotations?: Readonly<Record<string, string>>;
  /** Tenants as code: each a Profile with its contributors. @default none */
  readonly tenants?: readonly TenantInput[];
  /** Profile controller and Profile CRD layout. @default the release catalog's `profilesLayout` */
  readonly layout?: ProfilesLayout;
  /** PodDefaults webhook and PodDefault CRD layout. @default the release catalog's `podDefaultsLayout` */
  readonly podDefaultsLayout?: PodDefaultsLayout;
  /** The dashboard's service account, KFAM's only caller. @default the release catalog's dashboard name */
  readonly dashboardServiceAccount?: string;
}

/**
 * Kubeflow multi-tenancy: the Profile and PodDefault CRDs, the profile controller with
 * KFAM, the PodDefaults webhook, and the platform's tenants.
 */
export class Profiles extends Construct {
  public readonly tenants: Tenant[] = [];

  constructor(scope: Construct, id: string, props: ProfilesProps = {}) {
    super(scope, id);
    const context = resolveContext(props);
    const namespace = props.namespace ?? 'kubeflow';
    const o = profilesOptions.parse({
      userIdHeader: props.userIdHeader, userIdPrefix: props.userIdPrefix, groupsHeader: props.groupsHeader,
      clusterAdmins: props.clusterAdmins, podSecurity: props.podSecurity, namespaceLabels: props.namespaceLabels,
    });
    const namespaceLabels = { ...PROFILE_NAMESPACE_LABELS, ...o.namespaceLabels };
    const features = context.images.catalog.features;
    const layouts = { profiles: props.layout ?? features.profilesLayout, podDefaults: props.podDefaultsLayout ?? features.podDefaultsLayout };
    profilesCrds(this, layouts);
    new ProfileController(this, 'Controller', {
      ...context,
      namespace,
      userIdHeader: o.userIdHeader,
      userIdPrefix: o.userIdPrefix,
      clusterAdmins: o.clusterAdmins,
      workloadIdentity: props.workloadIdentity,
      serviceAccountAnnotations: props.controllerServiceAccountAnnotations,
      namespaceLabels: { ...namespaceLabels, [POD_SECURITY_ENFORCE]: o.podSecurity },
      layout: layouts.profiles,
      dashboardServiceAccount: props.dashboardServiceAccount,
    });
    new PodDefaultsWebhook(this, 'PodDefaults', { ...context, namespace, layout: layouts.podDefaults });

    const seen = new Set<string>();
    for (const t of props.tenants ?? []) {
      if (seen.has(t.name)) throw new ConfigError([`tenant "${t.name}": defined twice; each tenant needs its own name`]);
      seen.add(t.name);
      this.tenants.push(new Tenant(this, `Tenant-${t.name}`, {
        tenant: t,
        userIdHeader: o.userIdHeader,
        userIdPrefix: o.userIdPrefix,
        groupsHeader: o.groupsHeader,
        namespaceLabels,
        // KFAM's default pair, with the ingress gateway the platform actually has.
        userPrincipals: [ingressPrincipal(context.gateways), DEFAULT_USER_PRINCIPALS.pipelinesUi],
      }));
    }
  }
}
