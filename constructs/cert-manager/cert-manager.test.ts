import { Testing } from 'cdk8s';
import { catalogFor, RELEASES } from '../catalog';
import { ImageResolver } from '../core/images';
import { CertManager, KUBEFLOW_ISSUER } from './cert-manager';
import { find, Obj, withoutCrdSchemas } from '../platform/test-helpers';


function synth(props: ConstructorParameters<typeof CertManager>[2] = {}): Obj[] {
  const chart = Testing.chart();
  new CertManager(chart, 'cm', props);
  return Testing.synth(chart) as Obj[];
}

describe('CertManager', () => {
  test('the controller passes the ACME solver image through the mirror', () => {
    const images = new ImageResolver(catalogFor('26.03'), 'mirror.local');
    const controller = find(synth({ images }), 'Deployment', 'cert-manager');
    expect(controller.spec.template.spec.containers[0].args).toContain('--acme-http01-solver-image=mirror.local/jetstack/cert-manager-acmesolver:v1.19.4');
    expect(images.list()).toContain('mirror.local/jetstack/cert-manager-acmesolver:v1.19.4');
  });

  test('leader election happens in the namespace asked for', () => {
    const objs = synth({ leaderElectionNamespace: 'cert-manager' });
    expect(find(objs, 'Deployment', 'cert-manager-cainjector').spec.template.spec.containers[0].args).toContain('--leader-election-namespace=cert-manager');
    expect(find(objs, 'Role', 'cert-manager:leaderelection').metadata.namespace).toBe('cert-manager');
  });

  test('selectors are upstream\'s and carry no version', () => {
    const selectors = synth().filter((o) => o.kind === 'Deployment').map((d) => d.spec.selector.matchLabels);
    expect(selectors).toEqual([
      { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/instance': 'cert-manager', 'app.kubernetes.io/name': 'cert-manager' },
      { 'app.kubernetes.io/component': 'cainjector', 'app.kubernetes.io/instance': 'cert-manager', 'app.kubernetes.io/name': 'cainjector' },
      { 'app.kubernetes.io/component': 'webhook', 'app.kubernetes.io/instance': 'cert-manager', 'app.kubernetes.io/name': 'webhook' },
    ]);
  });

  test('the webhooks get their CA from the webhook\'s own secret', () => {
    const objs = synth();
    for (const kind of ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']) {
      expect(find(objs, kind, 'cert-manager-webhook').metadata.annotations).toEqual({ 'cert-manager.io/inject-ca-from-secret': 'cert-manager/cert-manager-webhook-ca' });
    }
  });

  test('the Kubeflow issuer can be left out', () => {
    expect(find(synth(), 'ClusterIssuer', KUBEFLOW_ISSUER)).toBeDefined();
    expect(synth({ kubeflowIssuer: false }).some((o) => o.kind === 'ClusterIssuer')).toBe(false);
  });

  test('every ClusterRole the controller needs is bound to its service account', () => {
    const objs = synth();
    const bound = objs.filter((o) => o.kind === 'ClusterRoleBinding').map((b) => [b.roleRef.name, b.subjects[0].name]);
    expect(bound).toContainEqual(['cert-manager-controller-certificates', 'cert-manager']);
    expect(bound).toContainEqual(['cert-manager-cainjector', 'cert-manager-cainjector']);
    expect(bound).toContainEqual(['cert-manager-webhook:subjectaccessreviews', 'cert-manager-webhook']);
    expect(bound.map(([r]) => r)).not.toContain('cert-manager-edit');
  });

  test('the user-facing roles aggregate into the built-in ones', () => {
    expect(find(synth(), 'ClusterRole', 'cert-manager-view').metadata.labels).toMatchObject({
      'rbac.authorization.k8s.io/aggregate-to-view': 'true',
      'rbac.authorization.k8s.io/aggregate-to-edit': 'true',
      'rbac.authorization.k8s.io/aggregate-to-admin': 'true',
      'rbac.authorization.k8s.io/aggregate-to-cluster-reader': 'true',
    });
  });

  test('CRDs have the upstream versions, scope and status subresource', () => {
    const crds = synth().filter((o) => o.kind === 'CustomResourceDefinition');
    expect(crds.map((c) => [c.metadata.name, c.spec.scope, c.spec.versions.map((v: any) => [v.name, v.served, v.storage, Object.keys(v.subresources)])])).toEqual([
      ['certificaterequests.cert-manager.io', 'Namespaced', [['v1', true, true, ['status']]]],
      ['certificates.cert-manager.io', 'Namespaced', [['v1', true, true, ['status']]]],
      ['challenges.acme.cert-manager.io', 'Namespaced', [['v1', true, true, ['status']]]],
      ['clusterissuers.cert-manager.io', 'Cluster', [['v1', true, true, ['status']]]],
      ['issuers.cert-manager.io', 'Namespaced', [['v1', true, true, ['status']]]],
      ['orders.acme.cert-manager.io', 'Namespaced', [['v1', true, true, ['status']]]],
    ]);
  });

  test.each(RELEASES)('release %s matches its snapshot', (release) => {
    expect(withoutCrdSchemas(synth({ images: new ImageResolver(catalogFor(release)) }))).toMatchSnapshot();
  });
});
