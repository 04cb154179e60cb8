import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { clusterRole, READ, rule } from '../core/rbac';

const CM = 'cert-manager.io';
const ACME = 'acme.cert-manager.io';
const GW = 'gateway.networking.k8s.io';
const UPDATE_PATCH = ['update', 'patch'];
const EVENTS = rule('', ['events'], ['create', 'patch']);
const SECRETS_READ = rule('', ['secrets'], READ);
const SECRETS_MANAGE = ['get', 'list', 'watch', 'create', 'update', 'delete'];
const SIGNERS = ['issuers.cert-manager.io/*', 'clusterissuers.cert-manager.io/*'];
const EDIT_VERBS = ['create', 'delete', 'deletecollection', 'patch', 'update'];

export function leaderElectionRules(leases: readonly string[]): k8s.PolicyRule[] {
  return [
    rule('coordination.k8s.io', ['leases'], ['get', 'update', 'patch'], leases),
    rule('coordination.k8s.io', ['leases'], ['create']),
  ];
}

/** An issuer kind's controller: status updates, reads, secrets for its keys. */
function issuerController(plural: string): k8s.PolicyRule[] {
  return [
    rule(CM, [plural, `${plural}/status`], UPDATE_PATCH),
    rule(CM, [plural], READ),
    rule('', ['secrets'], SECRETS_MANAGE),
    EVENTS,
  ];
}

interface RoleSpec {
  readonly name: string;
  readonly app: 'cert-manager' | 'cainjector' | 'webhook';
  /** The service account bound to it; user-facing aggregated roles have none. */
  readonly bindTo?: 'cert' | 'cainjector' | 'webhook';
  /** The chart's component label when it is not the app's own. @default the app's */
  readonly component?: string;
  readonly rules: k8s.PolicyRule[];
  readonly aggregate?: readonly ('admin' | 'edit' | 'view' | 'cluster-reader')[];
}

const ROLES: readonly RoleSpec[] = [
  {
    name: 'cert-manager-cainjector', app: 'cainjector', bindTo: 'cainjector',
    rules: [
      rule(CM, ['certificates'], READ),
      rule('', ['secrets'], READ),
      rule('', ['events'], ['get', 'create', 'update', 'patch']),
      rule('admissionregistration.k8s.io', ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations'], [...READ, 'update', 'patch']),
      rule('apiregistration.k8s.io', ['apiservices'], [...READ, 'update', 'patch']),
      rule('apiextensions.k8s.io', ['customresourcedefinitions'], [...READ, 'update', 'patch']),
    ],
  },
  { name: 'cert-manager-cluster-view', app: 'cert-manager', aggregate: ['cluster-reader'], rules: [rule(CM, ['clusterissuers'], READ)] },
  // The chart labels this pair (and the CSR one below) with component cert-manager, not controller.
  { name: 'cert-manager-controller-approve:cert-manager-io', app: 'cert-manager', component: 'cert-manager', bindTo: 'cert', rules: [rule(CM, ['signers'], ['approve'], SIGNERS)] },
  {
    name: 'cert-manager-controller-certificates', app: 'cert-manager', bindTo: 'cert',
    rules: [
      rule(CM, ['certificates', 'certificates/status', 'certificaterequests', 'certificaterequests/status'], UPDATE_PATCH),
      rule(CM, ['certificates', 'certificaterequests', 'clusterissuers', 'issuers'], READ),
      rule(CM, ['certificates/finalizers', 'certificaterequests/finalizers'], ['update']),
      rule(ACME, ['orders'], ['create', 'delete', ...READ]),
      rule('', ['secrets'], [...READ, 'create', 'update', 'delete', 'patch']),
      EVENTS,
    ],
  },
  {
    name: 'cert-manager-controller-certificatesigningrequests', app: 'cert-manager', component: 'cert-manager', bindTo: 'cert',
    rules: [
      rule('certificates.k8s.io', ['certificatesigningrequests'], [...READ, 'update']),
      rule('certificates.k8s.io', ['certificatesigningrequests/status'], UPDATE_PATCH),
      rule('certificates.k8s.io', ['signers'], ['sign'], SIGNERS),
      rule('authorization.k8s.io', ['subjectaccessreviews'], ['create']),
    ],
  },
  {
    name: 'cert-manager-controller-challenges', app: 'cert-manager', bindTo: 'cert',
    rules: [
      rule(ACME, ['challenges', 'challenges/status'], UPDATE_PATCH),
      rule(ACME, ['challenges'], READ),
      rule(CM, ['issuers', 'clusterissuers'], READ),
      SECRETS_READ,
      EVENTS,
      rule('', ['pods', 'services'], [...READ, 'create', 'delete']),
      rule('networking.k8s.io', ['ingresses'], [...READ, 'create', 'delete', 'update']),
      rule(GW, ['httproutes'], [...READ, 'create', 'delete', 'update']),
      rule('route.openshift.io', ['routes/custom-host'], ['create']),
      rule(ACME, ['challenges/finalizers'], ['update']),
      SECRETS_READ,
    ],
  },
  { name: 'cert-manager-controller-clusterissuers', app: 'cert-manager', bindTo: 'cert', rules: issuerController('clusterissuers') },
  {
    name: 'cert-manager-controller-ingress-shim', app: 'cert-manager', bindTo: 'cert',
    rules: [
      rule(CM, ['certificates', 'certificaterequests'], ['create', 'update', 'delete']),
      rule(CM, ['certificates', 'certificaterequests', 'issuers', 'clusterissuers'], READ),
      rule('networking.k8s.io', ['ingresses'], READ),
      rule('networking.k8s.io', ['ingresses/finalizers'], ['update']),
      rule(GW, ['gateways', 'httproutes'], READ),
      rule(GW, ['gateways/finalizers', 'httproutes/finalizers'], ['update']),
      EVENTS,
    ],
  },
  { name: 'cert-manager-controller-issuers', app: 'cert-manager', bindTo: 'cert', rules: issuerController('issuers') },
  {
    name: 'cert-manager-controller-orders', app: 'cert-manager', bindTo: 'cert',
    rules: [
      rule(ACME, ['orders', 'orders/status'], UPDATE_PATCH),
      rule(ACME, ['orders', 'challenges'], READ),
      rule(CM, ['clusterissuers', 'issuers'], READ),
      rule(ACME, ['challenges'], ['create', 'delete']),
      rule(ACME, ['orders/finalizers'], ['update']),
      SECRETS_READ,
      EVENTS,
    ],
  },
  {
    name: 'cert-manager-edit', app: 'cert-manager', aggregate: ['admin', 'edit'],
    rules: [
      rule(CM, ['certificates', 'certificaterequests', 'issuers'], EDIT_VERBS),
      rule(CM, ['certificates/status'], ['update']),
      rule(ACME, ['challenges', 'orders'], EDIT_VERBS),
    ],
  },
  {
    name: 'cert-manager-view', app: 'cert-manager', aggregate: ['admin', 'cluster-reader', 'edit', 'view'],
    rules: [rule(CM, ['certificates', 'certificaterequests', 'issuers'], READ), rule(ACME, ['challenges', 'orders'], READ)],
  },
  { name: 'cert-manager-webhook:subjectaccessreviews', app: 'webhook', bindTo: 'webhook', rules: [rule('authorization.k8s.io', ['subjectaccessreviews'], ['create'])] },
];

/** cert-manager's ClusterRoles; returns their specs so the caller binds them. */
export function controllerRoles(scope: Construct, labels: (app: string, component?: string) => Record<string, string>): readonly RoleSpec[] {
  for (const r of ROLES) {
    const aggregate = Object.fromEntries((r.aggregate ?? []).map((a) => [`rbac.authorization.k8s.io/aggregate-to-${a}`, 'true']));
    clusterRole(scope, r.name, r.rules, { labels: { ...labels(r.app, r.component), ...aggregate } });
  }
  return ROLES;
}
