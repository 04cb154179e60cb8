import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { authorizationPolicy } from '../core/mesh-policy';
import { roleBinding } from '../core/rbac';
import { parseTenant } from './load';
import { kfamBindingName, kubeflowRole } from './names';
import { DEFAULT_USER_PRINCIPALS, POD_SECURITY_ENFORCE, PROFILE_NAMESPACE_LABELS } from './namespace';
import { accessMlPipeline, podDefaultObjectSpec } from './pod-defaults';
import { TenantInput, TenantSpec } from './schema';

export interface TenantProps {
  /** The tenant, as written in its file; checked here (throws ConfigError). */
  readonly tenant: TenantInput;
  /** Request header carrying the user's id, as the profile controller and KFAM are told. @default "kubeflow-userid" */
  readonly userIdHeader?: string;
  /** Prefix of the user id in that header. @default "" */
  readonly userIdPrefix?: string;
  /** Request header carrying the user's groups, comma separated. @default "kubeflow-groups" */
  readonly groupsHeader?: string;
  /** Principals allowed to pass those headers to tenant workloads. @default the ingress gateway and the Pipelines UI, as KFAM */
  readonly userPrincipals?: readonly string[];
  /** Labels every tenant namespace carries. @default the profile controller's defaults */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
  /** Label the namespace for Istio sidecar injection, as the profile controller does. @default true */
  readonly istioInjection?: boolean;
}

type Subject = { kind: 'User' | 'Group'; name: string };

/**
 * A tenant as code: the Profile the profile controller turns into a namespace (owner
 * bindings, default service accounts, quota, cloud identity), and what KFAM would
 * create when the owner adds contributors in the dashboard: one RoleBinding and one
 * AuthorizationPolicy per contributor, with KFAM's names and annotations.
 *
 * The namespace is created here too, with the owner annotation the controller checks
 * before adopting it: the contributor bindings need it before the Profile is reconciled,
 * and the Profile has no field for the namespace's Pod Security level. The controller
 * adds its labels but never replaces one that is set, so the level here wins.
 */
export class Tenant extends Construct {
  public readonly spec: TenantSpec;
  public readonly profile: ApiObject;
  public readonly namespace: k8s.KubeNamespace;

  constructor(scope: Construct, id: string, props: TenantProps) {
    super(scope, id);
    const t = (this.spec = parseTenant(props.tenant, `tenant ${JSON.stringify((props.tenant as { name?: unknown }).name ?? id)}`));
    const ns = t.name;

    this.namespace = new k8s.KubeNamespace(this, 'Namespace', {
      metadata: {
        name: ns,
        annotations: { owner: t.owner },
        labels: {
          ...(props.namespaceLabels ?? PROFILE_NAMESPACE_LABELS),
          ...((props.istioInjection ?? true) ? { 'istio-injection': 'enabled' } : {}),
          [POD_SECURITY_ENFORCE]: t.podSecurity,
        },
      },
    });

    this.profile = new ApiObject(this, 'Profile', {
      apiVersion: 'kubeflow.org/v1',
      kind: 'Profile',
      metadata: { name: ns },
      spec: {
        owner: { kind: 'User', name: t.owner },
        ...(t.resourceQuota && Object.keys(t.resourceQuota).length ? { resourceQuotaSpec: { hard: { ...t.resourceQuota } } } : {}),
        ...(plugins(t).length ? { plugins: plugins(t) } : {}),
      },
    });

    const header = props.userIdHeader ?? 'kubeflow-userid';
    const prefix = props.userIdPrefix ?? '';
    const groupsHeader = props.groupsHeader ?? 'kubeflow-groups';
    const principals = [...(props.userPrincipals ?? [DEFAULT_USER_PRINCIPALS.gateway, DEFAULT_USER_PRINCIPALS.pipelinesUi])];
    for (const c of t.contributors) {
      const subject: Subject = c.user !== undefined ? { kind: 'User', name: c.user } : { kind: 'Group', name: c.group! };
      const name = kfamBindingName(subject.kind, subject.name, c.role);
      const annotations = { role: c.role, user: subject.name };
      roleBinding(this, ns, name, { kind: 'ClusterRole', name: kubeflowRole(c.role) }, [subject], { annotations });
      const when = subject.kind === 'User'
        ? { key: `request.headers[${header}]`, values: [`${prefix}${subject.name}`] }
        // The gateway joins a user's groups with commas; Istio matches whole values, prefixes
        // and suffixes only, so a group in the middle of several is not matched (denied).
        : { key: `request.headers[${groupsHeader}]`, values: [subject.name, `${subject.name},*`, `*,${subject.name}`] };
      authorizationPolicy(this, `AuthorizationPolicy-${name}`, { name, namespace: ns, annotations }, { rules: [{ from: [{ source: { principals } }], when: [when] }] });
    }

    const podDefaults = [...(t.pipelinesAccess ? [accessMlPipeline()] : []), ...t.podDefaults];
    for (const p of podDefaults) {
      new ApiObject(this, `PodDefault-${p.name}`, {
        apiVersion: 'kubeflow.org/v1alpha1',
        kind: 'PodDefault',
        metadata: { name: p.name, namespace: ns },
        spec: podDefaultObjectSpec(p),
      });
    }
  }
}

/** The Profile plugins for the tenant's cloud identity. */
function plugins(t: TenantSpec): Record<string, unknown>[] {
  const id = t.cloudIdentity;
  const out: Record<string, unknown>[] = [];
  if (id?.awsIamRole) {
    out.push({ kind: 'AwsIamForServiceAccount', spec: { awsIamRole: id.awsIamRole, ...(id.awsAnnotateOnly ? { annotateOnly: true } : {}) } });
  }
  if (id?.gcpServiceAccount) out.push({ kind: 'WorkloadIdentity', spec: { gcpServiceAccount: id.gcpServiceAccount } });
  return out;
}
