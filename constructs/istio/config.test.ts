import { catalogFor, RELEASES } from '../catalog';
import { componentNeeds } from '../config/needs';
import { parseConfig } from '../config/load';
import { KubeflowPlatform } from '../platform/platform';
import { DEFAULT_GATEWAYS } from '../core/mesh-policy';
import { istioVersionSupported, meshGateways } from '.';
import { configError } from './test-helpers';
import { EphemeralSecretStore } from '../core/secrets';

const external = (existing: Record<string, unknown>, release?: string) => ({ ...(release ? { release } : {}), components: { istio: { enabled: false, external: true, existing } } });

describe('an Istio the cluster already has', () => {
  test('emits no Istio objects and names the existing gateways', () => {
    const config = parseConfig(external({ version: '1.28.2', gateway: { namespace: 'mesh', name: 'public' } }));
    const platform = new KubeflowPlatform(config, new EphemeralSecretStore());
    expect(platform.installed()).not.toContain('istio');
    expect(platform.charts.has('istio')).toBe(false);
    expect(meshGateways(config.components.istio)).toEqual({
      gateway: 'mesh/public',
      clusterLocalGateway: 'istio-system/cluster-local-gateway',
      ingress: { namespace: 'istio-system', service: 'istio-ingressgateway', serviceAccount: 'istio-ingressgateway-service-account', labels: { app: 'istio-ingressgateway' } },
      clusterLocal: { namespace: 'istio-system', service: 'cluster-local-gateway', serviceAccount: 'cluster-local-gateway-service-account', labels: { app: 'cluster-local-gateway', istio: 'cluster-local-gateway' } },
    });
  });

  test('the ingress gateway pods and the cluster-local gateway come from existing', () => {
    const config = parseConfig(external({
      version: '1.28.2',
      clusterLocalGateway: { namespace: 'mesh', name: 'local-gw' },
      ingressGateway: { namespace: 'mesh-ingress', service: 'public-gw', serviceAccount: 'public-gw-sa', app: 'public-gw' },
    }));
    expect(meshGateways(config.components.istio)).toEqual({
      gateway: 'kubeflow/kubeflow-gateway',
      clusterLocalGateway: 'mesh/local-gw',
      ingress: { namespace: 'mesh-ingress', service: 'public-gw', serviceAccount: 'public-gw-sa', labels: { app: 'public-gw' } },
      clusterLocal: { namespace: 'mesh', service: 'local-gw', serviceAccount: 'local-gw-service-account', labels: { app: 'local-gw', istio: 'local-gw' } },
    });
  });

  test('installed Istio: the gateways are upstream\'s, whatever existing says', () => {
    expect(meshGateways(parseConfig({}).components.istio)).toBe(DEFAULT_GATEWAYS);
    expect(meshGateways(parseConfig({ components: { istio: { existing: { gateway: { name: 'other' } } } } }).components.istio)).toBe(DEFAULT_GATEWAYS);
  });

  test('a version outside the release range is an error naming the field, value and range', () => {
    expect(configError(external({ version: '1.20.0' }))).toEqual('components.istio.existing.version: got "1.20.0"; Kubeflow 26.03.1 supports Istio 1.28.0 to 1.30.x');
    expect(configError(external({ version: '1.20.0' }, '26.03'))).toEqual('components.istio.existing.version: got "1.20.0"; Kubeflow 26.03 supports Istio 1.27.0 to 1.29.x');
    expect(configError(external({ version: '1.29.1' }, 'v1.11.0'))).toEqual('components.istio.existing.version: got "1.29.1"; Kubeflow v1.11.0 supports Istio 1.26.0 to 1.28.x');
  });

  // The range each release names is the one its catalog features declare; both ends are inside it.
  test.each(RELEASES)('release %s: the range comes from the catalog', (release) => {
    const { istioMinVersion: min, istioMaxVersion: max } = catalogFor(release).features;
    expect(configError(external({ version: '1.20.0' }, release))).toEqual(`components.istio.existing.version: got "1.20.0"; Kubeflow ${release} supports Istio ${min} to ${max}.x`);
    expect(() => parseConfig(external({ version: min }, release))).not.toThrow();
    expect(() => parseConfig(external({ version: `${max}.9` }, release))).not.toThrow();
  });

  test('the version is required', () => {
    expect(configError(external({}))).toEqual('components.istio.existing.version: got nothing; required when components.istio.external is true: the Istio version the cluster runs, e.g. "1.28.0"');
  });

  test('the version must look like one', () => {
    expect(configError(external({ version: 'latest' }))).toEqual('components.istio.existing.version: got "latest"; expected an Istio version such as 1.28.0');
  });

  test.each([
    ['1.27.0', true], ['1.29.9', true], ['1.29', true], ['1.26.9', false], ['1.30.0', false],
  ])('range check: %s is %s for 1.27.0..1.29', (v, ok) => {
    expect(istioVersionSupported(v, '1.27.0', '1.29')).toBe(ok);
  });
});

describe('gateway TLS config', () => {
  test('cert-manager is needed for a self-signed or issued certificate, not for an existing Secret', () => {
    const needs = (tls: Record<string, unknown>) => componentNeeds('istio', parseConfig({ components: { istio: { gateway: { host: 'kf.example.com', tls } } } }));
    expect(needs({ enabled: false })).toEqual([]);
    expect(needs({ enabled: true })).toEqual(['certManager']);
    expect(needs({ enabled: true, source: 'issuer', issuer: { name: 'le' } })).toEqual(['certManager']);
    expect(needs({ enabled: true, source: 'secret' })).toEqual([]);
  });

  test('an issued certificate needs the issuer and a host', () => {
    expect(configError({ components: { istio: { gateway: { host: 'kf.example.com', tls: { enabled: true, source: 'issuer' } } } } }))
      .toEqual('components.istio.gateway.tls.issuer: got nothing; required when gateway.tls.source is "issuer": the cert-manager issuer, e.g. { name: letsencrypt, kind: ClusterIssuer }');
    expect(configError({ components: { istio: { gateway: { tls: { enabled: true } } } } }))
      .toEqual('components.istio.gateway.host: got nothing; required when gateway.tls is enabled with a cert-manager certificate: the DNS name the certificate is issued for');
  });

  test('with cert-manager disabled, TLS from cert-manager is refused', () => {
    expect(configError({ components: { certManager: { enabled: false }, istio: { gateway: { host: 'kf.example.com', tls: { enabled: true } } } } }).split('\n'))
      .toContain('components.certManager.enabled: false, but components.istio needs certManager; enable certManager, set components.certManager.external: true if the cluster has it, or disable istio');
  });
});
