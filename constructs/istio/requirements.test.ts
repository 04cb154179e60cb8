import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../cli/main';
import { parseConfig } from '../config/load';
import { externalIstioRequirements } from './requirements';

const external = (components: Record<string, unknown> = {}) =>
  parseConfig({ components: { istio: { enabled: false, external: true, existing: { version: '1.28.2' } }, ...components } });

describe('what an external Istio must provide', () => {
  test('names the configured gateways, their pods and identity', () => {
    const lines = externalIstioRequirements(parseConfig({
      components: {
        istio: {
          enabled: false, external: true,
          existing: { version: '1.28.2', gateway: { namespace: 'mesh', name: 'public' }, ingressGateway: { namespace: 'edge', serviceAccount: 'edge-sa', app: 'edge', service: 'edge' } },
        },
      },
    }));
    expect(lines).toContain('the Gateway mesh/public on port 80 (443 with TLS) for the Kubeflow host: every web app\'s VirtualService binds to it');
    expect(lines).toContain('its ingress gateway pods in edge, labelled app=edge, behind the Service edge, running as cluster.local/ns/edge/sa/edge-sa (the identity the web apps\' and tenants\' AuthorizationPolicies admit)');
  });

  test.each([
    ['the cluster-local gateway', { knative: { enabled: false }, kserve: { deploymentMode: 'RawDeployment' } }, /^the cluster-local gateway /],
    ['the oauth2-proxy extension provider', { auth: { enabled: false } }, /^mesh config extensionProviders entry "oauth2-proxy"/],
  ])('%s only when the component that needs it is on', (_what, off, line) => {
    expect(externalIstioRequirements(external()).some((l) => line.test(l))).toBe(true);
    expect(externalIstioRequirements(external(off)).some((l) => line.test(l))).toBe(false);
  });

  test('an IngressClass only for KServe raw deployments', () => {
    expect(externalIstioRequirements(external())).not.toContain('an IngressClass named istio (KServe raw deployments create Ingresses of that class)');
    expect(externalIstioRequirements(external({ knative: { enabled: false }, kserve: { deploymentMode: 'RawDeployment' } })))
      .toContain('an IngressClass named istio (KServe raw deployments create Ingresses of that class)');
  });

  test('validate prints the list when Istio is external, and not otherwise', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kfiac-istio-'));
    try {
      const config = path.join(tmp, 'site.yaml');
      fs.writeFileSync(config, 'components:\n  istio: { enabled: false, external: true, existing: { version: "1.28.2" } }\n');
      const run = (args: string[]) => {
        const out: string[] = [];
        expect(main(['validate', '--secrets', path.join(tmp, 'secrets.yaml'), ...args], (l) => out.push(l), () => undefined)).toBe(0);
        return out;
      };
      expect(run(['--config', config])).toEqual([
        `${config}: valid (release 26.03.1, platform generic)`,
        'the external Istio must provide:',
        ...externalIstioRequirements(external()).map((l) => `  - ${l}`),
      ]);
      expect(run([])).toEqual(['default config: valid (release 26.03.1, platform generic)']);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('the README lists the same requirements, for upstream\'s names', () => {
    const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### External Istio'), readme.indexOf('\n## ', readme.indexOf('### External Istio')));
    for (const l of externalIstioRequirements(external({ kserve: { deploymentMode: 'RawDeployment' } })).filter((x) => !x.startsWith('Istio '))) {
      expect(section).toContain(`- ${l.replace(/^(.)/, (c) => c.toUpperCase())}`);
    }
  });
});
