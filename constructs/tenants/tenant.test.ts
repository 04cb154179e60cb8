import { Testing } from 'cdk8s';
import { ConfigError } from '../config/errors';
import { kfamBindingName } from './names';
import { TenantInput } from './schema';
import { Tenant, TenantProps } from './tenant';
import { Obj } from '../platform/test-helpers';


function synth(tenant: TenantInput, props: Omit<TenantProps, 'tenant'> = {}): Obj[] {
  const chart = Testing.chart();
  new Tenant(chart, 'T', { tenant, ...props });
  return Testing.synth(chart) as Obj[];
}
const find = (objs: Obj[], kind: string, name: string) => {
  const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name} in ${objs.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}`);
  return o;
};

const team: TenantInput = {
  name: 'team-a',
  owner: 'alice@example.com',
  contributors: [
    { user: 'Bob.Smith@example.com', role: 'edit' },
    { group: 'ml-team', role: 'view' },
  ],
  resourceQuota: { cpu: '8', memory: '32Gi', 'requests.nvidia.com/gpu': 1 },
};

describe('kfamBindingName', () => {
  test.each([
    ['User', 'user@example.com', 'edit', 'user-user-example-com-clusterrole-edit'],
    ['User', 'Lalith.Vaka@kp.org', 'view', 'user-lalith-vaka-kp-org-clusterrole-view'],
    ['User', 'a+b__c@x.io', 'edit', 'user-a-b-c-x-io-clusterrole-edit'],
    ['Group', 'ML Team', 'view', 'group-ml-team-clusterrole-view'],
  ] as const)('%s %s as %s is %s', (kind, name, role, expected) => {
    expect(kfamBindingName(kind, name, role)).toEqual(expected);
  });
});

describe('Tenant', () => {
  const objs = synth(team);

  test('the objects of a tenant', () => {
    expect(objs.map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`)).toEqual([
      'Namespace /team-a',
      'Profile /team-a',
      'RoleBinding team-a/user-bob-smith-example-com-clusterrole-edit',
      'AuthorizationPolicy team-a/user-bob-smith-example-com-clusterrole-edit',
      'RoleBinding team-a/group-ml-team-clusterrole-view',
      'AuthorizationPolicy team-a/group-ml-team-clusterrole-view',
    ]);
  });

  test('the Profile: owner and quota', () => {
    expect(find(objs, 'Profile', 'team-a')).toEqual({
      apiVersion: 'kubeflow.org/v1',
      kind: 'Profile',
      metadata: { name: 'team-a' },
      spec: {
        owner: { kind: 'User', name: 'alice@example.com' },
        resourceQuotaSpec: { hard: { cpu: '8', memory: '32Gi', 'requests.nvidia.com/gpu': 1 } },
      },
    });
  });

  test('a user contributor: RoleBinding to the kubeflow role, with KFAM annotations', () => {
    expect(find(objs, 'RoleBinding', 'user-bob-smith-example-com-clusterrole-edit')).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'user-bob-smith-example-com-clusterrole-edit', namespace: 'team-a', annotations: { role: 'edit', user: 'Bob.Smith@example.com' } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kubeflow-edit' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'Bob.Smith@example.com' }],
    });
  });

  test('a user contributor: AuthorizationPolicy on the user header from the gateway and the Pipelines UI', () => {
    expect(find(objs, 'AuthorizationPolicy', 'user-bob-smith-example-com-clusterrole-edit')).toEqual({
      apiVersion: 'security.istio.io/v1beta1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'user-bob-smith-example-com-clusterrole-edit', namespace: 'team-a', annotations: { role: 'edit', user: 'Bob.Smith@example.com' } },
      spec: {
        rules: [{
          from: [{ source: { principals: ['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account', 'cluster.local/ns/kubeflow/sa/ml-pipeline-ui'] } }],
          when: [{ key: 'request.headers[kubeflow-userid]', values: ['Bob.Smith@example.com'] }],
        }],
      },
    });
  });

  test('a group contributor: Group subject, matched on the groups header', () => {
    const rb = find(objs, 'RoleBinding', 'group-ml-team-clusterrole-view');
    expect(rb.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kubeflow-view' });
    expect(rb.subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'ml-team' }]);
    const ap = find(objs, 'AuthorizationPolicy', 'group-ml-team-clusterrole-view');
    expect(ap.spec.rules[0].when).toEqual([{ key: 'request.headers[kubeflow-groups]', values: ['ml-team', 'ml-team,*', '*,ml-team'] }]);
  });

  test('header names and prefix follow the props', () => {
    const o = synth(team, { userIdHeader: 'x-email', userIdPrefix: 'accounts.google.com:', groupsHeader: 'x-groups', userPrincipals: ['cluster.local/ns/gw/sa/gw'] });
    const rule = (name: string) => find(o, 'AuthorizationPolicy', name).spec.rules[0];
    expect(rule('user-bob-smith-example-com-clusterrole-edit')).toEqual({
      from: [{ source: { principals: ['cluster.local/ns/gw/sa/gw'] } }],
      when: [{ key: 'request.headers[x-email]', values: ['accounts.google.com:Bob.Smith@example.com'] }],
    });
    expect(rule('group-ml-team-clusterrole-view')).toEqual({
      from: [{ source: { principals: ['cluster.local/ns/gw/sa/gw'] } }],
      when: [{ key: 'request.headers[x-groups]', values: ['ml-team', 'ml-team,*', '*,ml-team'] }],
    });
  });

  test('the namespace: owner annotation, profile labels and the Pod Security level (restricted by default)', () => {
    expect(find(objs, 'Namespace', 'team-a').metadata).toEqual({
      name: 'team-a',
      annotations: { owner: 'alice@example.com' },
      labels: {
        'app.kubernetes.io/part-of': 'kubeflow-profile',
        'istio-injection': 'enabled',
        'katib.kubeflow.org/metrics-collector-injection': 'enabled',
        'pipelines.kubeflow.org/enabled': 'true',
        'pod-security.kubernetes.io/enforce': 'restricted',
        'serving.kubeflow.org/inferenceservice': 'enabled',
      },
    });
  });

  test.each(['baseline', 'privileged'] as const)('podSecurity %s', (level) => {
    const ns = find(synth({ ...team, podSecurity: level }), 'Namespace', 'team-a');
    expect(ns.metadata.labels?.['pod-security.kubernetes.io/enforce']).toEqual(level);
  });

  test('namespace labels and sidecar injection follow the props', () => {
    const ns = find(synth(team, { namespaceLabels: { team: 'a' }, istioInjection: false }), 'Namespace', 'team-a');
    expect(ns.metadata.labels).toEqual({ team: 'a', 'pod-security.kubernetes.io/enforce': 'restricted' });
  });

  test('no quota and no contributors: a bare Profile', () => {
    const o = synth({ name: 'solo', owner: 'solo@example.com' });
    expect(o.map((x) => x.kind)).toEqual(['Namespace', 'Profile']);
    expect(find(o, 'Profile', 'solo').spec).toEqual({ owner: { kind: 'User', name: 'solo@example.com' } });
  });

  test('cloud identity plugins', () => {
    const o = synth({
      name: 'cloud',
      owner: 'c@example.com',
      cloudIdentity: { awsIamRole: 'arn:aws:iam::123456789012:role/kf-cloud', awsAnnotateOnly: true, gcpServiceAccount: 'kf-cloud@proj-1.iam.gserviceaccount.com' },
    });
    expect((find(o, 'Profile', 'cloud').spec as { plugins: unknown }).plugins).toEqual([
      { kind: 'AwsIamForServiceAccount', spec: { awsIamRole: 'arn:aws:iam::123456789012:role/kf-cloud', annotateOnly: true } },
      { kind: 'WorkloadIdentity', spec: { gcpServiceAccount: 'kf-cloud@proj-1.iam.gserviceaccount.com' } },
    ]);
    const aws = synth({ name: 'aws', owner: 'c@example.com', cloudIdentity: { awsIamRole: 'arn:aws:iam::123456789012:role/kf-aws' } });
    expect((find(aws, 'Profile', 'aws').spec as { plugins: unknown }).plugins).toEqual([
      { kind: 'AwsIamForServiceAccount', spec: { awsIamRole: 'arn:aws:iam::123456789012:role/kf-aws' } },
    ]);
  });

  test('PodDefaults: the Pipelines token preset and a written one with its default selector', () => {
    const o = synth({
      name: 'pd',
      owner: 'p@example.com',
      pipelinesAccess: true,
      podDefaults: [{ name: 'gpu-toleration', desc: 'Run on GPU nodes', tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] }],
    });
    expect(find(o, 'PodDefault', 'access-ml-pipeline')).toEqual({
      apiVersion: 'kubeflow.org/v1alpha1',
      kind: 'PodDefault',
      metadata: { name: 'access-ml-pipeline', namespace: 'pd' },
      spec: {
        desc: 'Allow access to Kubeflow Pipelines',
        env: [{ name: 'KF_PIPELINES_SA_TOKEN_PATH', value: '/var/run/secrets/kubeflow/pipelines/token' }],
        selector: { matchLabels: { 'access-ml-pipeline': 'true' } },
        volumeMounts: [{ mountPath: '/var/run/secrets/kubeflow/pipelines', name: 'volume-kf-pipeline-token', readOnly: true }],
        volumes: [{ name: 'volume-kf-pipeline-token', projected: { sources: [{ serviceAccountToken: { audience: 'pipelines.kubeflow.org', expirationSeconds: 7200, path: 'token' } }] } }],
      },
    });
    expect(find(o, 'PodDefault', 'gpu-toleration').spec).toEqual({
      desc: 'Run on GPU nodes',
      selector: { matchLabels: { 'gpu-toleration': 'true' } },
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
    });
  });

  test('a bad tenant given to the construct throws a ConfigError naming it', () => {
    expect(() => synth({ name: 'bad', owner: 'nobody' })).toThrow(new ConfigError(['tenant "bad": owner: got "nobody"; must be an email address']));
  });
});
