import { z } from 'zod';
import { QUANTITY, QUANTITY_TEXT } from '../core/quantity';
import { toleration } from '../core/toleration';
import { kfamBindingName } from './names';
import { tenantModelRegistrySchema } from './model-registry';

/** Pod Security levels a tenant namespace can enforce. */
export const POD_SECURITY_LEVELS = ['restricted', 'baseline', 'privileged'] as const;
export type PodSecurityLevel = (typeof POD_SECURITY_LEVELS)[number];

/** Roles a contributor can have; the owner is always admin (the profile controller binds it). */
export const CONTRIBUTOR_ROLES = ['edit', 'view'] as const;
export type ContributorRole = (typeof CONTRIBUTOR_ROLES)[number];

/**
 * Namespaces the platform itself uses: a tenant named like one of them would hand its
 * owner admin rights over platform components.
 */
export const RESERVED_NAMESPACES = [
  'auth', 'cert-manager', 'default', 'istio-system', 'knative-serving', 'kube-node-lease', 'kube-public',
  'kube-system', 'kubeflow', 'kubeflow-system', 'oauth2-proxy',
] as const;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// Deliberately loose: the identity provider decides what an address is; this catches typos
// such as a missing domain or stray spaces.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const AWS_ROLE_ARN = /^arn:aws[a-z-]*:iam::[0-9]{12}:role\/[\w+=,.@/-]+$/;
const GCP_SERVICE_ACCOUNT = /^[a-z][-a-z0-9]{4,28}[a-z0-9]@[-a-z0-9.]+\.iam\.gserviceaccount\.com$/;

const DNS_LABEL_TEXT = "must be a DNS label: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters";

export const dnsLabel = () => z.string().max(63, { message: DNS_LABEL_TEXT }).regex(DNS_LABEL, { message: DNS_LABEL_TEXT });
export const email = () => z.string().regex(EMAIL, { message: 'must be an email address' });
const stringMap = () => z.record(z.string(), z.string());
/** A deep Kubernetes type (a volume source, an env source) kept as written; the API server checks it. */
const k8sObject = () => z.record(z.string(), z.unknown());

/** A quota limit: a Kubernetes quantity, as a string or a number; a negative limit makes no sense. */
const quantity = z.custom<string | number>().superRefine((v: unknown, ctx) => {
  if (typeof v !== 'string' && typeof v !== 'number') {
    ctx.addIssue({ code: 'custom', input: v, message: 'expected a Kubernetes quantity, a string such as "16Gi" or a number' });
    return;
  }
  const text = String(v);
  if (typeof v === 'number' ? !Number.isFinite(v) : !QUANTITY.test(v)) ctx.addIssue({ code: 'custom', input: v, message: QUANTITY_TEXT });
  else if (/^-/.test(text) && Number(text.replace(/[a-zA-Z]+$/, '')) !== 0) ctx.addIssue({ code: 'custom', input: v, message: 'must not be negative: a quota is a limit of 0 or more' });
});

const contributor = z
  .strictObject({
    /** A user, by the email the identity provider reports. */
    user: email().optional(),
    /** A group, by the name in the identity provider's `groups` claim. */
    group: z.string().min(1).optional(),
    role: z.enum(CONTRIBUTOR_ROLES),
  })
  .superRefine((c, ctx) => {
    if ((c.user === undefined) === (c.group === undefined)) {
      ctx.addIssue({ code: 'custom', input: c, message: 'set exactly one of user or group' });
    }
  });

/** A PodDefault: what the admission webhook adds to pods that carry its selector label. */
export const podDefaultSchema = z.strictObject({
  name: z.string().max(253).regex(DNS_SUBDOMAIN, { message: 'must be a DNS subdomain name' }),
  /** Shown in the notebook form's configuration list. */
  desc: z.string().min(1),
  /** Pods it applies to. @default matchLabels `{<name>: "true"}` */
  selector: z.strictObject({ matchLabels: stringMap() }).optional(),
  env: z.array(z.strictObject({ name: z.string().min(1), value: z.string().optional(), valueFrom: k8sObject().optional() })).optional(),
  envFrom: z.array(k8sObject()).optional(),
  volumes: z.array(z.looseObject({ name: z.string().min(1) })).optional(),
  volumeMounts: z.array(z.strictObject({
    name: z.string().min(1),
    mountPath: z.string().min(1),
    readOnly: z.boolean().optional(),
    subPath: z.string().optional(),
    subPathExpr: z.string().optional(),
    mountPropagation: z.enum(['None', 'HostToContainer', 'Bidirectional']).optional(),
  })).optional(),
  annotations: stringMap().optional(),
  labels: stringMap().optional(),
  serviceAccountName: z.string().optional(),
  automountServiceAccountToken: z.boolean().optional(),
  tolerations: z.array(toleration).optional(),
  imagePullSecrets: z.array(z.strictObject({ name: z.string().min(1) })).optional(),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
});

/** One tenant: a Profile, its namespace, its contributors and its defaults. */
export const tenantSchema = z
  .strictObject({
    /** Profile and namespace name. */
    name: dnsLabel().refine((n) => !(RESERVED_NAMESPACES as readonly string[]).includes(n), { message: 'is a platform namespace; pick another name' }),
    /** The owner's email: admin of the namespace, and the only one who can add contributors in the dashboard. */
    owner: email(),
    /** Users and groups with edit or view rights. @default none */
    contributors: z.array(contributor).default([]),
    /** Hard limits of the namespace's ResourceQuota (`kf-resource-quota`). @default no quota */
    resourceQuota: z.record(z.string(), quantity).optional(),
    /** Pod Security level enforced in the namespace. @default "restricted" */
    podSecurity: z.enum(POD_SECURITY_LEVELS).default('restricted'),
    /** Add upstream's `access-ml-pipeline` PodDefault (a Pipelines API token). @default false */
    pipelinesAccess: z.boolean().default(false),
    /** More PodDefaults in the namespace. @default none */
    podDefaults: z.array(podDefaultSchema).default([]),
    /** Cloud identity of the namespace's `default-editor` service account. @default none */
    cloudIdentity: z
      .strictObject({
        /** AWS IAM role (IRSA), through the `AwsIamForServiceAccount` plugin. */
        awsIamRole: z.string().regex(AWS_ROLE_ARN, { message: 'must be an IAM role ARN, arn:aws:iam::<account>:role/<name>' }).optional(),
        /** Only annotate the service account; leave the role's trust policy alone. @default false */
        awsAnnotateOnly: z.boolean().optional(),
        /** GCP service account (Workload Identity), through the `WorkloadIdentity` plugin. */
        gcpServiceAccount: z.string().regex(GCP_SERVICE_ACCOUNT, { message: 'must be a service account email, <name>@<project>.iam.gserviceaccount.com' }).optional(),
      })
      .optional(),
    /** A Kubeflow Hub model registry in the namespace. @default `components.hub.modelRegistry.defaultForTenants` */
    modelRegistry: tenantModelRegistrySchema.optional(),
  })
  .superRefine((t, ctx) => {
    const seen = new Map<string, number>();
    const bindings = new Map<string, number>();
    t.contributors.forEach((c, i) => {
      const who = c.user !== undefined ? `user "${c.user}"` : `group "${c.group}"`;
      if (c.user !== undefined && c.user === t.owner) {
        ctx.addIssue({ code: 'custom', path: ['contributors', i], input: c.user, message: 'is the owner, who is already admin; remove this contributor' });
      }
      const first = seen.get(who);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['contributors', i], input: c.user ?? c.group, message: `${who} is listed twice (also contributors[${first}])` });
        return;
      }
      seen.set(who, i);
      const binding = kfamBindingName(c.user !== undefined ? 'User' : 'Group', c.user ?? c.group ?? '', c.role);
      const clash = bindings.get(binding);
      if (clash !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['contributors', i], input: c.user ?? c.group, message: `gets the same binding name as contributors[${clash}] (${binding}); KFAM cannot tell them apart` });
      } else bindings.set(binding, i);
    });
    const names = new Set<string>();
    t.podDefaults.forEach((p, i) => {
      if (names.has(p.name) || (t.pipelinesAccess && p.name === ACCESS_ML_PIPELINE)) {
        ctx.addIssue({ code: 'custom', path: ['podDefaults', i, 'name'], input: p.name, message: 'names another PodDefault of this tenant' });
      }
      names.add(p.name);
    });
  });

/** Upstream's PodDefault that mounts a Pipelines API token. */
export const ACCESS_ML_PIPELINE = 'access-ml-pipeline';

/** A tenant as written in a file or the platform config. */
export type TenantInput = z.input<typeof tenantSchema>;
/** A checked tenant, every default filled in. */
export type TenantSpec = z.output<typeof tenantSchema>;
export type PodDefaultSpec = z.output<typeof podDefaultSchema>;

/** Tenants of the platform config: each a valid tenant, no name twice. */
export const tenantListSchema = z.array(tenantSchema).superRefine((list, ctx) => {
  const first = new Map<string, number>();
  list.forEach((t, i) => {
    const at = first.get(t.name);
    if (at !== undefined) ctx.addIssue({ code: 'custom', path: [i, 'name'], input: t.name, message: `tenant "${t.name}" is also defined at [${at}]` });
    else first.set(t.name, i);
  });
});
