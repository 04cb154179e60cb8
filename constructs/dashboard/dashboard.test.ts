import { Testing } from 'cdk8s';
import { catalogFor, RELEASES } from '../catalog';
import { parseConfig } from '../config/load';
import { PlatformConfigInput } from '../config/schema';
import { ImageResolver } from '../core/images';
import { EphemeralSecretStore } from '../core/secrets';
import { Sizing } from '../core/sizing';
import { CentralDashboard } from './dashboard';
import { DashboardLinks, dashboardLinks } from './links';
import { addDashboard } from './platform';
import { platformBuild } from '../platform/build';

type Obj = { kind: string; metadata: { name: string }; [k: string]: any };

function dashboardOf(input: PlatformConfigInput = {}): Obj[] {
  const config = parseConfig(input);
  const chart = Testing.chart();
  addDashboard(chart, platformBuild(config, new EphemeralSecretStore()));
  return Testing.synth(chart) as Obj[];
}
const find = (objs: Obj[], kind: string, name: string): Obj => objs.find((o) => o.kind === kind && o.metadata.name === name)!;
const linksOf = (objs: Obj[]): DashboardLinks => JSON.parse(find(objs, 'ConfigMap', 'centraldashboard-config').data.links);
const env = (objs: Obj[]) => Object.fromEntries(find(objs, 'Deployment', 'centraldashboard').spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom]));

describe('CentralDashboard', () => {
  test.each(RELEASES)('snapshot, release %s', (release) => {
    const chart = Testing.chart();
    new CentralDashboard(chart, 'Dashboard', { images: new ImageResolver(catalogFor(release)), sizing: new Sizing('default') });
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('with every component, the menu is upstream\'s', () => {
    const links = linksOf(dashboardOf());
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

  test('the menu follows the installed components; external ones count as present', () => {
    const links = linksOf(dashboardOf({
      components: { pipelines: { enabled: false }, katib: { enabled: false }, kserve: { enabled: false }, tensorboards: { enabled: false }, trainer: { enabled: false }, volumes: { enabled: false, external: true } },
    }));
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

  test('external links, registration flow, metrics, iframe and logout follow the config', () => {
    const objs = dashboardOf({
      components: {
        dashboard: { registrationFlow: true, collectMetrics: false, forceIframe: false, logoutUrl: '/logout', externalLinks: [{ text: 'Grafana', link: 'https://grafana.example.com', icon: 'assessment' }] },
        profiles: { userIdHeader: 'x-user', userIdPrefix: 'idp:' },
      },
    });
    expect(linksOf(objs).externalLinks).toEqual([{ type: 'item', link: 'https://grafana.example.com', text: 'Grafana', icon: 'assessment' }]);
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

  test('routed at / through the Kubeflow gateway, callable only from the gateway', () => {
    const objs = dashboardOf();
    expect(find(objs, 'VirtualService', 'centraldashboard').spec).toEqual({
      gateways: ['kubeflow-gateway'],
      hosts: ['*'],
      http: [{ match: [{ uri: { prefix: '/' } }], rewrite: { uri: '/' }, route: [{ destination: { host: 'centraldashboard.kubeflow.svc.cluster.local', port: { number: 80 } } }] }],
    });
    expect(find(objs, 'AuthorizationPolicy', 'central-dashboard').spec.rules).toEqual([
      { from: [{ source: { principals: ['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'] } }] },
    ]);
  });

  test('the large preset runs two replicas', () => {
    expect(find(dashboardOf({ sizing: 'large' }), 'Deployment', 'centraldashboard').spec.replicas).toEqual(2);
  });
});
