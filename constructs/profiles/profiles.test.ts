import { Testing } from 'cdk8s';
import { catalogFor, RELEASES } from '../catalog';
import { ConfigError } from '../config/errors';
import { parseConfig } from '../config/load';
import { PlatformConfigInput } from '../config/schema';
import { ImageResolver } from '../core/images';
import { Schema, structuralProblems } from '../core/schema';
import { Sizing } from '../core/sizing';
import { EphemeralSecretStore } from '../core/secrets';
import { Profiles } from './profiles';
import { withTenants } from '../tenants/config';
import { addProfiles } from './platform';
import { platformBuild } from '../platform/build';
import { find, Obj } from '../platform/test-helpers';


/** The profiles component's objects for a config, from its wiring alone. */
function profilesOf(input: PlatformConfigInput = {}): Obj[] {
  const config = parseConfig(input);
  const chart = Testing.chart();
  addProfiles(chart, platformBuild(config, new EphemeralSecretStore()));
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
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('the CRDs are structural, with upstream versions and scope', () => {
    const crds = profilesOf().filter((o) => o.kind === 'CustomResourceDefinition');
    expect(crds.map((c) => [c.metadata.name, c.spec.scope, c.spec.versions.map((v: any) => [v.name, v.served, v.storage, v.subresources ?? null])])).toEqual([
      ['profiles.kubeflow.org', 'Cluster', [['v1', true, true, { status: {} }], ['v1beta1', true, false, { status: {} }]]],
      ['poddefaults.kubeflow.org', 'Namespaced', [['v1alpha1', true, true, null]]],
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

  test('defaults: upstream config, baseline for namespaces the controller makes', () => {
    const objs = profilesOf();
    expect(find(objs, 'ConfigMap', 'profiles-config').data).toEqual({
      ADMIN: '',
      ISTIO_INGRESS_GATEWAY_PRINCIPAL: 'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account',
      KFP_UI_PRINCIPAL: 'cluster.local/ns/kubeflow/sa/ml-pipeline-ui',
      NOTEBOOK_CONTROLLER_PRINCIPAL: 'cluster.local/ns/kubeflow/sa/notebook-controller-service-account',
      USERID_HEADER: 'kubeflow-userid',
      USERID_PREFIX: '',
      WORKLOAD_IDENTITY: '',
    });
    expect(find(objs, 'ConfigMap', 'namespace-labels-data').data['namespace-labels.yaml']).toContain('pod-security.kubernetes.io/enforce: baseline\n');
    expect(find(objs, 'ServiceAccount', 'profiles-controller-service-account').metadata.annotations).toBeUndefined();
  });

  test('options reach the controller, KFAM and the namespace labels', () => {
    const objs = profilesOf({
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
    const labels = find(objs, 'ConfigMap', 'namespace-labels-data').data['namespace-labels.yaml'];
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
});
