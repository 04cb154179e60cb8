import { Testing } from 'cdk8s';
import { catalogFor, Release, RELEASES } from '../catalog';
import { DASHBOARD_2_0 } from '../catalog/dashboard-features';
import { ConfigError } from '../config/errors';
import { parseConfig } from '../config/load';
import { PlatformConfigInput } from '../config/schema';
import { ImageResolver } from '../core/images';
import { Schema, structuralProblems } from '../core/schema';
import { Sizing } from '../core/sizing';
import { EphemeralSecretStore } from '../core/secrets';
import { Profiles } from './profiles';
import { withTenants } from '../tenants/load-config';
import { wireProfiles } from './platform';
import { platformBuild } from '../platform/build';
import { find, Obj, withoutCrdSchemas } from '../platform/test-helpers';
import { KubeflowPlatform } from '../platform/platform';


/** The profiles component's objects for a config, from its wiring alone. */
function profilesOf(input: PlatformConfigInput = {}): Obj[] {
  const config = parseConfig(input);
  const chart = Testing.chart();
  wireProfiles(chart, platformBuild(config, new EphemeralSecretStore()));
  return Testing.synth(chart) as Obj[];
}

describe('Profiles', () => {
  test.each(RELEASES)('snapshot, release %s', (release) => {
    const chart = Testing.chart();
    new Profiles(chart, 'Profiles', {
      images: new ImageResolver(catalogFor(release)),
      sizing: new Sizing('default'),
      tenants: [{ name: 'team-a', owner: 'alice@example.com', contributors: [{ user: 'bob@example.com', role: 'view' }], pipelinesAccess: true }],
    });
    expect(withoutCrdSchemas(Testing.synth(chart))).toMatchSnapshot();
  });

  test.each(RELEASES)('release %s: the CRDs are structural, with upstream versions and scope', (release) => {
    const crds = profilesOf({ release }).filter((o) => o.kind === 'CustomResourceDefinition');
    // kubeflow/dashboard v2.0.0 gives the PodDefault CRD a status subresource.
    const podDefaultStatus = catalogFor(release).features.podDefaultsLayout.crdStatusSubresource ? { status: {} } : null;
    expect(crds.map((c) => [c.metadata.name, c.spec.scope, c.spec.versions.map((v: any) => [v.name, v.served, v.storage, v.subresources ?? null])])).toEqual([
      ['profiles.kubeflow.org', 'Cluster', [['v1', true, true, { status: {} }], ['v1beta1', true, false, { status: {} }]]],
      ['poddefaults.kubeflow.org', 'Namespaced', [['v1alpha1', true, true, podDefaultStatus]]],
    ]);
    for (const c of crds) {
      for (const v of c.spec.versions) expect(structuralProblems(v.schema.openAPIV3Schema as Schema)).toEqual([]);
    }
    const profileSpec = crds[0].spec.versions[0].schema.openAPIV3Schema.properties.spec;
    expect(Object.keys(profileSpec.properties)).toEqual(['owner', 'plugins', 'resourceQuotaSpec']);
    expect(profileSpec.properties.owner.required).toEqual(['kind', 'name']);
    expect(profileSpec.properties.plugins.items.properties.spec).toEqual({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
    expect(profileSpec.properties.resourceQuotaSpec.properties.hard.additionalProperties['x-kubernetes-int-or-string']).toBe(true);
    const podDefaultSpec = crds[1].spec.versions[0].schema.openAPIV3Schema.properties.spec;
    expect(podDefaultSpec.required).toEqual(['selector']);
    expect(Object.keys(podDefaultSpec.properties)).toEqual([
      'annotations', 'args', 'automountServiceAccountToken', 'command', 'desc', 'env', 'envFrom', 'imagePullSecrets', 'initContainers',
      'labels', 'selector', 'serviceAccountName', 'sidecars', 'tolerations', 'volumeMounts', 'volumes',
    ]);
  });

  test.each(RELEASES)('release %s: defaults: upstream config, baseline for namespaces the controller makes', (release) => {
    const objs = profilesOf({ release });
    const labelsConfigMap = catalogFor(release).features.profilesLayout.namespaceLabelsConfigMap;
    expect(find(objs, 'ConfigMap', 'profiles-config').data).toEqual({
      ADMIN: '',
      ISTIO_INGRESS_GATEWAY_PRINCIPAL: 'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account',
      KFP_UI_PRINCIPAL: 'cluster.local/ns/kubeflow/sa/ml-pipeline-ui',
      NOTEBOOK_CONTROLLER_PRINCIPAL: 'cluster.local/ns/kubeflow/sa/notebook-controller-service-account',
      USERID_HEADER: 'kubeflow-userid',
      USERID_PREFIX: '',
      WORKLOAD_IDENTITY: '',
    });
    expect(find(objs, 'ConfigMap', labelsConfigMap).data['namespace-labels.yaml']).toContain('pod-security.kubernetes.io/enforce: baseline\n');
    expect(find(objs, 'ServiceAccount', 'profiles-controller-service-account').metadata.annotations).toBeUndefined();
  });

  test.each(RELEASES)('release %s: options reach the controller, KFAM and the namespace labels', (release) => {
    const objs = profilesOf({
      release,
      components: {
        profiles: {
          userIdHeader: 'x-user', userIdPrefix: 'idp:', clusterAdmins: ['root@example.com', 'ops@example.com'],
          podSecurity: 'restricted', namespaceLabels: { 'example.com/team': 'ml' }, defaultWorkloadIdentity: 'kf@p.iam.gserviceaccount.com',
        },
      },
    });
    expect(find(objs, 'ConfigMap', 'profiles-config').data).toMatchObject({
      ADMIN: 'root@example.com,ops@example.com', USERID_HEADER: 'x-user', USERID_PREFIX: 'idp:', WORKLOAD_IDENTITY: 'kf@p.iam.gserviceaccount.com',
    });
    const labels = find(objs, 'ConfigMap', catalogFor(release).features.profilesLayout.namespaceLabelsConfigMap).data['namespace-labels.yaml'];
    expect(labels).toContain('pod-security.kubernetes.io/enforce: restricted\n');
    expect(labels).toContain('example.com/team: ml\n');
  });

  test('a config change rolls the controller pods', () => {
    const hash = (objs: Obj[]) => find(objs, 'Deployment', 'profiles-deployment').spec.template.metadata.annotations['kubeflow-iac.io/config-hash'];
    expect(hash(profilesOf())).toEqual(hash(profilesOf()));
    expect(hash(profilesOf())).not.toEqual(hash(profilesOf({ components: { profiles: { clusterAdmins: ['a@example.com'] } } })));
  });

  test.each([
    ['eks', 'arn:aws:iam::123456789012:role/profiles', 'eks.amazonaws.com/role-arn'],
    ['gke', 'profiles@p.iam.gserviceaccount.com', 'iam.gke.io/gcp-service-account'],
  ] as const)('controllerCloudIdentity on %s annotates the controller service account', (platform, identity, annotation) => {
    const objs = profilesOf({ platform, components: { profiles: { controllerCloudIdentity: identity } } });
    expect(find(objs, 'ServiceAccount', 'profiles-controller-service-account').metadata.annotations).toEqual({ [annotation]: identity });
  });

  test('controllerCloudIdentity on a platform without a cloud identity is an error', () => {
    expect(() => profilesOf({ platform: 'kind', components: { profiles: { controllerCloudIdentity: 'x' } } })).toThrow(
      new ConfigError(['components.profiles.controllerCloudIdentity: set, but platform kind has no cloud identity; use it with platform eks or gke']),
    );
  });

  test('tenants in the config become Profiles, with the extra namespace labels', () => {
    const objs = profilesOf({ components: { profiles: { namespaceLabels: { team: 'x' }, tenants: [{ name: 'team-x', owner: 'x@example.com', podSecurity: 'baseline' }] } } });
    expect(find(objs, 'Profile', 'team-x').spec).toEqual({ owner: { kind: 'User', name: 'x@example.com' } });
    expect(find(objs, 'Namespace', 'team-x').metadata.labels).toMatchObject({ team: 'x', 'pod-security.kubernetes.io/enforce': 'baseline' });
  });

  test('the config rejects a tenant twice and a bad tenant, with the field', () => {
    const tenants = [{ name: 'team-x', owner: 'x@example.com' }, { name: 'team-x', owner: 'y' }];
    expect(() => parseConfig({ components: { profiles: { tenants } } })).toThrow(new ConfigError([
      'components.profiles.tenants[1].owner: got "y"; must be an email address',
      'components.profiles.tenants[1].name: got "team-x"; tenant "team-x" is also defined at [0]',
    ]));
    expect(() => parseConfig({ components: { profiles: { tenants: [tenants[0], tenants[0]] } } })).toThrow(new ConfigError([
      'components.profiles.tenants[1].name: got "team-x"; tenant "team-x" is also defined at [0]',
    ]));
  });

  test('withTenants adds file tenants, and rejects one the config has', () => {
    const config = parseConfig({ components: { profiles: { tenants: [{ name: 'a', owner: 'a@example.com' }] } } });
    const b = parseConfig({ components: { profiles: { tenants: [{ name: 'b', owner: 'b@example.com' }] } } }).components.profiles.tenants;
    expect(withTenants(config, b).components.profiles.tenants.map((t) => t.name)).toEqual(['a', 'b']);
    expect(() => withTenants(config, config.components.profiles.tenants)).toThrow(
      new ConfigError(['components.profiles.tenants: tenant "a" is also defined in a tenant file; keep one']),
    );
  });

  test('two tenants of one name given to the construct', () => {
    const chart = Testing.chart();
    expect(() => new Profiles(chart, 'P', { tenants: [{ name: 'a', owner: 'a@example.com' }, { name: 'a', owner: 'b@example.com' }] })).toThrow(
      new ConfigError(['tenant "a": defined twice; each tenant needs its own name']),
    );
  });

  // Names and selectors as each release's upstream has them, so an upstream install is adopted in place.
  const KUBEFLOW_1_10: Layout = {
    controllerSelector: { 'kustomize.component': 'profiles' },
    containers: ['kfam', 'manager'],
    namespaceLabels: 'namespace-labels-data',
    webhook: 'admission-webhook',
    webhookSelector: { app: 'poddefaults', 'app.kubernetes.io/component': 'poddefaults', 'app.kubernetes.io/name': 'poddefaults', 'kustomize.component': 'poddefaults' },
    certSecret: 'webhook-certs',
    kfamCaller: 'cluster.local/ns/kubeflow/sa/centraldashboard',
  };
  const kustomized = (app: string, component: string, name: string) => ({
    app, 'app.kubernetes.io/component': component, 'app.kubernetes.io/managed-by': 'kustomize', 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'kubeflow-dashboard',
  });
  interface Layout {
    controllerSelector: Record<string, string>; containers: string[]; namespaceLabels: string;
    webhook: string; webhookSelector: Record<string, string>; certSecret: string; kfamCaller: string;
  }
  const LAYOUT: Record<Release, Layout> = {
    'v1.11.0': KUBEFLOW_1_10,
    '26.03': KUBEFLOW_1_10,
    '26.03.1': {
      controllerSelector: kustomized('profile-controller', 'controller-manager', 'profile-controller'),
      containers: ['access-management', 'manager'],
      namespaceLabels: 'profiles-namespace-labels-data',
      webhook: 'poddefaults-webhook',
      webhookSelector: kustomized('poddefaults', 'poddefaults', 'poddefaults-webhook'),
      certSecret: 'poddefaults-webhook-certs',
      kfamCaller: 'cluster.local/ns/kubeflow/sa/dashboard',
    },
  };

  test.each(RELEASES)('release %s: upstream\'s object names and selectors', (release) => {
    const want = LAYOUT[release];
    const objs = profilesOf({ release });
    const controller = find(objs, 'Deployment', 'profiles-deployment');
    expect(controller.spec.selector).toEqual({ matchLabels: want.controllerSelector });
    expect(controller.spec.template.metadata.labels).toEqual({ ...want.controllerSelector, 'sidecar.istio.io/inject': 'true' });
    expect(controller.spec.template.spec.containers.map((c: any) => c.name)).toEqual(want.containers);
    expect(controller.spec.template.spec.volumes).toEqual([{ name: 'namespace-labels', configMap: { name: want.namespaceLabels } }]);
    expect(find(objs, 'ConfigMap', want.namespaceLabels)).toBeDefined();
    expect(find(objs, 'Service', 'profiles-kfam').spec.selector).toEqual(want.controllerSelector);
    expect(find(objs, 'AuthorizationPolicy', 'profiles-kfam').spec).toMatchObject({
      rules: [{ from: [{ source: { principals: [want.kfamCaller] } }] }], selector: { matchLabels: want.controllerSelector },
    });

    const webhook = find(objs, 'Deployment', `${want.webhook}-deployment`);
    expect(webhook.spec.selector).toEqual({ matchLabels: want.webhookSelector });
    expect(webhook.spec.template.spec.containers[0].name).toEqual(want.webhook);
    expect(webhook.spec.template.spec.serviceAccountName).toEqual(`${want.webhook}-service-account`);
    expect(webhook.spec.template.spec.volumes).toEqual([{ name: 'webhook-cert', secret: { secretName: want.certSecret } }]);
    expect(find(objs, 'Service', `${want.webhook}-service`).spec.selector).toEqual(want.webhookSelector);
    expect(find(objs, 'Certificate', `${want.webhook}-cert`).spec).toMatchObject({ issuerRef: { kind: 'Issuer', name: `${want.webhook}-selfsigned-issuer` }, secretName: want.certSecret });
    const mutating = find(objs, 'MutatingWebhookConfiguration', `${want.webhook}-mutating-webhook-configuration`);
    expect(mutating.metadata.annotations).toEqual({ 'cert-manager.io/inject-ca-from': `kubeflow/${want.webhook}-cert` });
    expect(mutating.webhooks[0]).toMatchObject({ name: `${want.webhook}-deployment.kubeflow.org`, clientConfig: { service: { name: `${want.webhook}-service` } } });
    for (const role of ['cluster-role', 'kubeflow-poddefaults-admin', 'kubeflow-poddefaults-edit', 'kubeflow-poddefaults-view']) {
      expect(find(objs, 'ClusterRole', `${want.webhook}-${role}`)).toBeDefined();
    }
    for (const o of objs) expect(o.metadata.labels?.['app.kubernetes.io/managed-by']).toBeUndefined();
  });
});

describe('the whole platform', () => {
  // kubeflow/dashboard v2.0.0 brings the policies the kubeflow namespace had: each must come from one place only.
  test.each(RELEASES)('release %s has each NetworkPolicy of the dashboard and PodDefaults once', (release) => {
    const objs = new KubeflowPlatform(parseConfig({ release }), new EphemeralSecretStore()).manifests() as unknown as Obj[];
    const policies = objs.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'kubeflow').map((o) => o.metadata.name);
    expect(policies.length).toEqual(new Set(policies).size);
    const want = catalogFor(release).features.dashboardLayout.ownNetworkPolicies ? ['dashboard', 'poddefaults', 'profiles-kfam'] : ['centraldashboard', 'poddefaults'];
    expect(policies.filter((n) => ['centraldashboard', 'dashboard', 'poddefaults', 'profiles-kfam'].includes(n)).sort()).toEqual(want);
  });
});

describe('Profiles, kubeflow/dashboard v2.0.0 layout', () => {
  const v2 = (): Obj[] => {
    const chart = Testing.chart();
    new Profiles(chart, 'Profiles', { sizing: new Sizing('default'), layout: DASHBOARD_2_0.profiles, podDefaultsLayout: DASHBOARD_2_0.podDefaults, dashboardServiceAccount: DASHBOARD_2_0.dashboard.name });
    return Testing.synth(chart) as Obj[];
  };
  const v2Labels = (app: string, component: string, name: string) => ({
    app, 'app.kubernetes.io/component': component, 'app.kubernetes.io/managed-by': 'kustomize', 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'kubeflow-dashboard',
  });
  const controllerSelector = v2Labels('profile-controller', 'controller-manager', 'profile-controller');
  const webhookSelector = v2Labels('poddefaults', 'poddefaults', 'poddefaults-webhook');
  const containers = (objs: Obj[]) => find(objs, 'Deployment', 'profiles-deployment').spec.template.spec.containers;

  test('the controller: leader election on Leases, args, probes and ports of upstream', () => {
    const objs = v2();
    const [kfam, manager] = containers(objs);
    const metrics = { httpGet: { path: '/metrics', port: 8081 }, initialDelaySeconds: 15, periodSeconds: 30 };
    expect([kfam.name, kfam.ports, kfam.livenessProbe, kfam.readinessProbe]).toEqual(['access-management', [{ containerPort: 8081, name: 'http-kfam', protocol: 'TCP' }], metrics, metrics]);
    expect(manager.args).toEqual(['--leader-elect', '--health-probe-bind-address=:9876', '--metrics-bind-address=0']);
    expect([manager.ports, manager.livenessProbe.periodSeconds]).toEqual([[{ containerPort: 9876, name: 'http', protocol: 'TCP' }], 30]);
    expect(find(objs, 'Deployment', 'profiles-deployment').spec.template.metadata.annotations['kubectl.kubernetes.io/default-container']).toEqual('manager');
    expect(find(objs, 'Role', 'profiles-leader-election-role').rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
    ]);
    expect(find(objs, 'Service', 'profiles-kfam').spec.ports).toEqual([{ name: 'http-kfam', port: 8081, protocol: 'TCP', targetPort: 8081 }]);
    expect(find(objs, 'VirtualService', 'profiles-kfam').spec.http[0].headers).toBeUndefined();
  });

  test('profile editor and viewer roles for admins to bind', () => {
    const objs = v2();
    const status = { apiGroups: ['kubeflow.org'], resources: ['profiles/status'], verbs: ['get'] };
    expect(find(objs, 'ClusterRole', 'profiles-profile-editor-role').rules).toEqual([
      { apiGroups: ['kubeflow.org'], resources: ['profiles'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] }, status,
    ]);
    expect(find(objs, 'ClusterRole', 'profiles-profile-viewer-role').rules).toEqual([{ apiGroups: ['kubeflow.org'], resources: ['profiles'], verbs: ['get', 'list', 'watch'] }, status]);
  });

  test('KFAM: only the dashboard may call it, from the gateway or the kubeflow namespace', () => {
    const objs = v2();
    const ns = (n: string) => ({ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [n] }] } });
    expect(find(objs, 'NetworkPolicy', 'profiles-kfam').spec).toEqual({
      podSelector: { matchLabels: controllerSelector },
      ingress: [{ from: [ns('istio-system'), ns('kubeflow')], ports: [{ port: 8081, protocol: 'TCP' }] }],
      policyTypes: ['Ingress'],
    });
    expect(find(objs, 'AuthorizationPolicy', 'profiles-kfam').spec).toEqual({
      action: 'ALLOW', rules: [{ from: [{ source: { principals: ['cluster.local/ns/kubeflow/sa/dashboard'] } }] }], selector: { matchLabels: controllerSelector },
    });
  });

  test('the webhook: any source may reach its port, as the API server calls it', () => {
    const objs = v2();
    expect(find(objs, 'NetworkPolicy', 'poddefaults').spec).toEqual({
      podSelector: { matchLabels: webhookSelector }, ingress: [{ ports: [{ port: 4443, protocol: 'TCP' }] }], policyTypes: ['Ingress'],
    });
    const pod = find(objs, 'Deployment', 'poddefaults-webhook-deployment').spec.template;
    expect(pod.metadata).toEqual({ labels: { ...webhookSelector, 'sidecar.istio.io/inject': 'false' }, annotations: { 'kubectl.kubernetes.io/default-container': 'poddefaults-webhook' } });
    expect(pod.spec.containers[0].securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } });
  });

  test('CRDs: PodDefault gets a status subresource; references and selectors are atomic maps', () => {
    const crds = v2().filter((o) => o.kind === 'CustomResourceDefinition');
    expect(crds.map((c) => [c.metadata.name, c.metadata.labels, c.spec.versions.map((v: any) => [v.name, v.served, v.storage, v.subresources ?? null])])).toEqual([
      ['profiles.kubeflow.org', { 'app.kubernetes.io/name': 'profile-controller', 'app.kubernetes.io/part-of': 'kubeflow-dashboard' },
        [['v1', true, true, { status: {} }], ['v1beta1', true, false, { status: {} }]]],
      ['poddefaults.kubeflow.org', { app: 'poddefaults', 'app.kubernetes.io/component': 'poddefaults', 'app.kubernetes.io/name': 'poddefaults-webhook', 'app.kubernetes.io/part-of': 'kubeflow-dashboard' },
        [['v1alpha1', true, true, { status: {} }]]],
    ]);
    for (const c of crds) {
      for (const v of c.spec.versions) expect(structuralProblems(v.schema.openAPIV3Schema as Schema)).toEqual([]);
    }
    const atomic = (s: any) => s['x-kubernetes-map-type'];
    const profileSpec = crds[0].spec.versions[0].schema.openAPIV3Schema.properties.spec.properties;
    expect([atomic(profileSpec.owner), atomic(profileSpec.resourceQuotaSpec.properties.scopeSelector), atomic(profileSpec.resourceQuotaSpec)]).toEqual(['atomic', 'atomic', undefined]);
    const podDefault = crds[1].spec.versions[0].schema.openAPIV3Schema.properties;
    const p = podDefault.spec.properties;
    const valueFrom = p.env.items.properties.valueFrom.properties;
    expect([
      atomic(p.selector), atomic(p.imagePullSecrets.items), atomic(p.envFrom.items.properties.configMapRef), atomic(p.envFrom.items.properties.secretRef),
      ...['configMapKeyRef', 'fieldRef', 'resourceFieldRef', 'secretKeyRef'].map((k) => atomic(valueFrom[k])), atomic(p.env.items),
    ]).toEqual([...Array(8).fill('atomic'), undefined]);
    expect(podDefault.status).toEqual({ type: 'object' });
  });
});
