import { Testing } from 'cdk8s';
import { catalogFor, DEFAULT_RELEASE, Release, RELEASES } from '../catalog';
import { DASHBOARD_2_0 } from '../catalog/dashboard-features';
import { parseConfig } from '../config/load';
import { PlatformConfigInput } from '../config/schema';
import { ImageResolver } from '../core/images';
import { EphemeralSecretStore } from '../core/secrets';
import { Sizing } from '../core/sizing';
import { CentralDashboard } from './dashboard';
import { DashboardLinks, dashboardLinks } from './links';
import { wireDashboard } from './platform';
import { platformBuild } from '../platform/build';
import { Obj, withoutCrdSchemas } from '../platform/test-helpers';


function dashboardOf(input: PlatformConfigInput = {}): Obj[] {
  const config = parseConfig(input);
  const chart = Testing.chart();
  wireDashboard(chart, platformBuild(config, new EphemeralSecretStore()));
  return Testing.synth(chart) as Obj[];
}
const find = (objs: Obj[], kind: string, name: string): Obj => objs.find((o) => o.kind === kind && o.metadata.name === name)!;
// The dashboard's object names differ by release (kubeflow/dashboard v2.0.0 renamed them); the catalog says which.
const layoutOf = (release: Release) => catalogFor(release).features.dashboardLayout;
const linksOf = (objs: Obj[], release: Release = DEFAULT_RELEASE): DashboardLinks => JSON.parse(find(objs, 'ConfigMap', layoutOf(release).configMap).data.links);
const env = (objs: Obj[]) => Object.fromEntries(find(objs, 'Deployment', 'centraldashboard').spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom]));

describe('CentralDashboard', () => {
  test.each(RELEASES)('snapshot, release %s', (release) => {
    const chart = Testing.chart();
    new CentralDashboard(chart, 'Dashboard', { images: new ImageResolver(catalogFor(release)), sizing: new Sizing('default') });
    expect(withoutCrdSchemas(Testing.synth(chart))).toMatchSnapshot();
  });

  test.each(RELEASES)('with every component, the menu is upstream\'s (release %s)', (release) => {
    const links = linksOf(dashboardOf({ release }), release);
    expect(links.menuLinks.map((l) => l.text)).toEqual(['Notebooks', 'TensorBoards', 'Volumes', 'Katib Experiments', 'KServe Endpoints', 'Pipelines']);
    expect(links.menuLinks[5]).toEqual({
      type: 'section', text: 'Pipelines', icon: 'kubeflow:pipeline-centered',
      items: ['pipelines', 'experiments', 'runs', 'recurringruns', 'artifacts', 'executions'].map((h, i) => ({
        type: 'item', link: `/pipeline/#/${h}`, text: ['Pipelines', 'Experiments', 'Runs', 'Recurring Runs', 'Artifacts', 'Executions'][i],
      })),
    });
    expect(links.documentationItems.map((d) => d.text)).toEqual([
      'Kubeflow Website', 'Kubeflow Pipelines Documentation', 'Kubeflow Notebooks Documentation', 'Kubeflow Training Operator Documentation', 'Katib Documentation',
    ]);
    expect(links.quickLinks.map((d) => d.link)).toEqual(['/jupyter/new', '/pipeline/#/pipelines', '/pipeline/#/runs']);
    expect(links.externalLinks).toEqual([]);
  });

  test.each(RELEASES)('the menu follows the installed components; external ones count as present (release %s)', (release) => {
    const links = linksOf(dashboardOf({
      release,
      components: { pipelines: { enabled: false }, katib: { enabled: false }, kserve: { enabled: false }, tensorboards: { enabled: false }, trainer: { enabled: false }, volumes: { enabled: false, external: true } },
    }), release);
    expect(links).toEqual({
      menuLinks: [{ type: 'item', link: '/jupyter/', text: 'Notebooks', icon: 'book' }, { type: 'item', link: '/volumes/', text: 'Volumes', icon: 'device:storage' }],
      externalLinks: [],
      documentationItems: [
        { desc: 'The Kubeflow website', link: 'https://www.kubeflow.org/', text: 'Kubeflow Website' },
        { desc: 'Documentation for Kubeflow Notebooks', link: 'https://www.kubeflow.org/docs/components/notebooks/', text: 'Kubeflow Notebooks Documentation' },
      ],
      quickLinks: [{ desc: 'Kubeflow Notebooks', link: '/jupyter/new', text: 'Create a new Notebook' }],
    });
  });

  test('dashboardLinks with nothing installed keeps only the Kubeflow website', () => {
    expect(dashboardLinks([])).toEqual({
      menuLinks: [], externalLinks: [], quickLinks: [],
      documentationItems: [{ desc: 'The Kubeflow website', link: 'https://www.kubeflow.org/', text: 'Kubeflow Website' }],
    });
  });

  // The env and CD_* parameters of the kubeflow/kubeflow v1.10.0 layout; the v2.0.0 layout's are checked below.
  test('external links, registration flow, metrics, iframe and logout follow the config', () => {
    const objs = dashboardOf({
      release: '26.03',
      components: {
        dashboard: { registrationFlow: true, collectMetrics: false, forceIframe: false, logoutUrl: '/logout', externalLinks: [{ text: 'Grafana', link: 'https://grafana.example.com', icon: 'assessment' }] },
        profiles: { userIdHeader: 'x-user', userIdPrefix: 'idp:' },
      },
    });
    expect(linksOf(objs, '26.03').externalLinks).toEqual([{ type: 'item', link: 'https://grafana.example.com', text: 'Grafana', icon: 'assessment' }]);
    expect(JSON.parse(find(objs, 'ConfigMap', 'centraldashboard-config').data.settings)).toEqual({ DASHBOARD_FORCE_IFRAME: false });
    expect(env(objs)).toEqual({
      LOGOUT_URL: '/logout',
      USERID_HEADER: 'x-user',
      USERID_PREFIX: 'idp:',
      PROFILES_KFAM_SERVICE_HOST: 'profiles-kfam.kubeflow',
      REGISTRATION_FLOW: 'true',
      DASHBOARD_CONFIGMAP: 'centraldashboard-config',
      POD_NAMESPACE: { fieldRef: { fieldPath: 'metadata.namespace' } },
      COLLECT_METRICS: 'false',
    });
    expect(find(objs, 'ConfigMap', 'centraldashboard-parameters').data).toEqual({
      CD_CLUSTER_DOMAIN: 'cluster.local', CD_COLLECT_METRICS: 'false', CD_REGISTRATION_FLOW: 'true', CD_USERID_HEADER: 'x-user', CD_USERID_PREFIX: 'idp:',
    });
  });

  test.each(RELEASES)('routed at / through the Kubeflow gateway, callable only from the gateway (release %s)', (release) => {
    const objs = dashboardOf({ release });
    const layout = layoutOf(release);
    expect(find(objs, 'VirtualService', layout.name).spec).toEqual({
      gateways: ['kubeflow-gateway'],
      hosts: ['*'],
      http: [{ match: [{ uri: { prefix: '/' } }], rewrite: { uri: '/' }, route: [{ destination: { host: `${layout.name}.kubeflow.svc.cluster.local`, port: { number: 80 } } }] }],
    });
    expect(find(objs, 'AuthorizationPolicy', layout.authorizationPolicy).spec.rules).toEqual([
      { from: [{ source: { principals: ['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'] } }] },
    ]);
  });

  test.each(RELEASES)('the large preset runs two replicas (release %s)', (release) => {
    expect(find(dashboardOf({ release, sizing: 'large' }), 'Deployment', layoutOf(release).name).spec.replicas).toEqual(2);
  });

  // Names and selectors as each release's upstream has them, so an upstream install is adopted in place.
  const V2_SELECTOR = {
    app: 'kubeflow-dashboard', 'app.kubernetes.io/component': 'dashboard', 'app.kubernetes.io/managed-by': 'kustomize',
    'app.kubernetes.io/name': 'centraldashboard', 'app.kubernetes.io/part-of': 'kubeflow-dashboard',
  };
  const LAYOUT: Record<Release, { name: string; config: string; parameters: string; policy: string; selector: Record<string, string>; policySelector: Record<string, string> }> = {
    'v1.11.0': {
      name: 'centraldashboard', config: 'centraldashboard-config', parameters: 'centraldashboard-parameters', policy: 'central-dashboard',
      selector: { app: 'centraldashboard', 'app.kubernetes.io/component': 'centraldashboard', 'app.kubernetes.io/name': 'centraldashboard', 'kustomize.component': 'centraldashboard' },
      policySelector: { app: 'centraldashboard' },
    },
    '26.03': {
      name: 'centraldashboard', config: 'centraldashboard-config', parameters: 'centraldashboard-parameters', policy: 'central-dashboard',
      selector: { app: 'centraldashboard', 'app.kubernetes.io/component': 'centraldashboard', 'app.kubernetes.io/name': 'centraldashboard', 'kustomize.component': 'centraldashboard' },
      policySelector: { app: 'centraldashboard' },
    },
    '26.03.1': {
      name: 'dashboard', config: 'dashboard-config', parameters: 'dashboard-parameters', policy: 'dashboard',
      selector: V2_SELECTOR,
      policySelector: V2_SELECTOR,
    },
  };

  test.each(RELEASES)('release %s: upstream\'s object names and selectors', (release) => {
    const want = LAYOUT[release];
    const objs = dashboardOf({ release });
    for (const kind of ['ServiceAccount', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'Service', 'Deployment', 'VirtualService']) {
      expect(find(objs, kind, want.name)).toBeDefined();
    }
    expect([want.config, want.parameters].map((n) => find(objs, 'ConfigMap', n).metadata.name)).toEqual([want.config, want.parameters]);
    const deployment = find(objs, 'Deployment', want.name);
    expect(deployment.spec.selector).toEqual({ matchLabels: want.selector });
    expect(deployment.spec.template.metadata.labels).toEqual({ ...want.selector, 'sidecar.istio.io/inject': 'true' });
    expect(deployment.spec.template.spec.containers[0].name).toEqual(want.name);
    expect(deployment.spec.template.spec.serviceAccountName).toEqual(want.name);
    expect(find(objs, 'Service', want.name).spec.selector).toEqual(want.selector);
    expect(find(objs, 'VirtualService', want.name).spec.http[0].route[0].destination.host).toEqual(`${want.name}.kubeflow.svc.cluster.local`);
    expect(find(objs, 'AuthorizationPolicy', want.policy).spec.selector).toEqual({ matchLabels: want.policySelector });
    // Object metadata says kubeflow-iac manages it, whatever the selector carries.
    expect(deployment.metadata.labels?.['app.kubernetes.io/managed-by']).toBeUndefined();
    expect(objs.filter((o) => o.kind === 'ConfigMap').map((o) => o.metadata.name).sort()).toEqual([want.config, want.parameters].sort());
  });
});

describe('CentralDashboard, kubeflow/dashboard v2.0.0 layout', () => {
  const v2 = (props: Partial<ConstructorParameters<typeof CentralDashboard>[2]> = {}): Obj[] => {
    const chart = Testing.chart();
    new CentralDashboard(chart, 'Dashboard', { sizing: new Sizing('default'), layout: DASHBOARD_2_0.dashboard, ...props });
    return Testing.synth(chart) as Obj[];
  };
  const selector = {
    app: 'kubeflow-dashboard', 'app.kubernetes.io/component': 'dashboard', 'app.kubernetes.io/managed-by': 'kustomize',
    'app.kubernetes.io/name': 'centraldashboard', 'app.kubernetes.io/part-of': 'kubeflow-dashboard',
  };
  const container = (objs: Obj[]) => find(objs, 'Deployment', 'dashboard').spec.template.spec.containers[0];

  test('parameters come from the parameters ConfigMap; env keeps the rest', () => {
    const objs = v2({ userIdHeader: 'x-user', userIdPrefix: 'idp:', registrationFlow: true, collectMetrics: false, logoutUrl: '/logout' });
    expect(find(objs, 'ConfigMap', 'dashboard-parameters').data).toEqual({ COLLECT_METRICS: 'false', REGISTRATION_FLOW: 'true', USERID_HEADER: 'x-user', USERID_PREFIX: 'idp:' });
    expect(container(objs).envFrom).toEqual([{ configMapRef: { name: 'dashboard-parameters' } }]);
    expect(container(objs).env).toEqual([
      { name: 'PROFILES_KFAM_SERVICE_HOST', value: 'profiles-kfam.kubeflow' },
      { name: 'DASHBOARD_CONFIGMAP', value: 'dashboard-config' },
      { name: 'LOGOUT_URL', value: '/logout' },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    ]);
  });

  test('a parameter change rolls the pods; the pods name their main container', () => {
    const annotations = (objs: Obj[]) => find(objs, 'Deployment', 'dashboard').spec.template.metadata.annotations;
    expect(annotations(v2())['kubectl.kubernetes.io/default-container']).toEqual('dashboard');
    expect(annotations(v2())['kubeflow-iac.io/config-hash']).toEqual(annotations(v2())['kubeflow-iac.io/config-hash']);
    expect(annotations(v2())['kubeflow-iac.io/config-hash']).not.toEqual(annotations(v2({ registrationFlow: true }))['kubeflow-iac.io/config-hash']);
  });

  test('probes, port name and Pod Security', () => {
    const c = container(v2());
    const healthz = { httpGet: { path: '/healthz', port: 8082 }, initialDelaySeconds: 15, periodSeconds: 30 };
    expect([c.livenessProbe, c.readinessProbe, c.ports]).toEqual([healthz, healthz, [{ containerPort: 8082, name: 'http', protocol: 'TCP' }]]);
    expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, runAsNonRoot: true, runAsUser: 1000, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
    expect(c.resources.requests).toBeDefined();
  });

  test('the Role no longer grants pods/exec or Secrets', () => {
    expect(find(v2(), 'Role', 'dashboard').rules).toEqual([
      { apiGroups: ['', 'app.k8s.io'], resources: ['applications', 'pods', 'pods/log'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] },
    ]);
  });

  test('its own NetworkPolicy and AuthorizationPolicy select the pods by every selector label', () => {
    const objs = v2();
    expect(find(objs, 'NetworkPolicy', 'dashboard').spec).toEqual({
      podSelector: { matchLabels: selector },
      ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['istio-system'] }] } }, { podSelector: {} }] }],
      policyTypes: ['Ingress'],
    });
    expect(find(objs, 'AuthorizationPolicy', 'dashboard').spec).toEqual({
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'] } }] }],
      selector: { matchLabels: selector },
    });
  });

  test('the kubeflow/kubeflow layout brings no NetworkPolicy of its own (the kubeflow namespace has it)', () => {
    expect(dashboardOf({ release: '26.03' }).filter((o) => o.kind === 'NetworkPolicy')).toEqual([]);
  });
});
