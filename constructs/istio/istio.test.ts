import { withoutCrdSchemas } from '../platform/test-helpers';
import { catalogFor, RELEASES } from '../catalog';
import { rewriteImage } from '../core/images';
import { at, configError, find, istioObjects, Obj } from './test-helpers';

type Pod = { spec: { template: { spec: { containers: Record<string, unknown>[]; volumes: { name: string; hostPath?: { path: string } }[]; securityContext?: Record<string, unknown> } } } };
const podOf = (o: Obj) => (o as unknown as Pod).spec.template.spec;
const gatewayService = (objs: Obj[]) => find(objs, 'Service', 'istio-ingressgateway', 'istio-system');

describe('ingress gateway Service per platform', () => {
  test.each([
    ['generic', 'ClusterIP', undefined],
    ['kind', 'ClusterIP', undefined],
    ['gke', 'LoadBalancer', undefined],
    ['eks', 'LoadBalancer', {
      'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb',
      'service.beta.kubernetes.io/aws-load-balancer-internal': 'true',
    }],
  ] as const)('%s: %s', (platform, type, annotations) => {
    const svc = gatewayService(istioObjects({ platform }));
    expect(at(svc, 'spec.type')).toEqual(type);
    expect(svc.metadata.annotations).toEqual(annotations);
  });

  test('the config overrides the type and adds to the platform annotations', () => {
    const svc = gatewayService(istioObjects({
      platform: 'eks',
      components: { istio: { gateway: { serviceType: 'NodePort', serviceAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'false', team: 'ml' } } } },
    }));
    expect(at(svc, 'spec.type')).toEqual('NodePort');
    expect(svc.metadata.annotations).toEqual({
      'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb',
      'service.beta.kubernetes.io/aws-load-balancer-internal': 'false',
      team: 'ml',
    });
  });

  test('fixed node ports go on the HTTP and HTTPS ports of a NodePort gateway, and nowhere on a ClusterIP one', () => {
    const ports = (objs: Obj[]) => (at(gatewayService(objs), 'spec.ports') as { name: string; nodePort?: number }[]).map((p) => [p.name, p.nodePort]);
    expect(ports(istioObjects({ components: { istio: { gateway: { serviceType: 'NodePort', nodePorts: { http: 30080, https: 30443 } } } } }))).toEqual([
      ['status-port', undefined], ['http2', 30080], ['https', 30443],
    ]);
    expect(ports(istioObjects({ components: { istio: { gateway: { nodePorts: { http: 30080 } } } } })).every(([, n]) => n === undefined)).toBe(true);
    expect(configError({ components: { istio: { gateway: { nodePorts: { http: 80 } } } } })).toBe('components.istio.gateway.nodePorts.http: got 80; expected a node port from 30000 to 32767');
  });

  test('an exposed gateway gets a NetworkPolicy for outside traffic; a ClusterIP one does not', () => {
    const policy = (objs: Obj[]) => objs.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'allow-external-to-istio-ingressgateway');
    expect(policy(istioObjects({ platform: 'kind' }))).toEqual([]);
    expect(at(policy(istioObjects({ platform: 'gke' }))[0], 'spec.ingress')).toEqual([{ ports: [{ port: 8080, protocol: 'TCP' }, { port: 8443, protocol: 'TCP' }] }]);
  });
});

describe('CNI node agent', () => {
  const binDir = (platform: 'generic' | 'gke' | 'eks' | 'kind') =>
    podOf(find(istioObjects({ platform }), 'DaemonSet', 'istio-cni-node', 'kube-system')).volumes.find((v) => v.name === 'cni-bin-dir')?.hostPath?.path;
  test('GKE puts the plugin in /home/kubernetes/bin (its /opt/cni/bin is read-only)', () => expect(binDir('gke')).toEqual('/home/kubernetes/bin'));
  test.each(['generic', 'kind', 'eks'] as const)('%s uses /opt/cni/bin', (p) => expect(binDir(p)).toEqual('/opt/cni/bin'));

  test('the agent is the one workload outside restricted: root with network capabilities, unconfined AppArmor, no privilege escalation', () => {
    const c = podOf(find(istioObjects(), 'DaemonSet', 'istio-cni-node')).containers[0];
    expect(c.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      appArmorProfile: { type: 'Unconfined' },
      capabilities: { add: ['NET_ADMIN', 'NET_RAW', 'SYS_PTRACE', 'SYS_ADMIN', 'DAC_OVERRIDE'], drop: ['ALL'] },
      privileged: false,
      runAsGroup: 0,
      runAsNonRoot: false,
      runAsUser: 0,
    });
  });

  test('AppArmor is set by the field, not the annotation deprecated since Kubernetes 1.30', () => {
    const annotations = at(find(istioObjects(), 'DaemonSet', 'istio-cni-node'), 'spec.template.metadata.annotations') as Record<string, string>;
    expect(Object.keys(annotations).filter((k) => k.includes('apparmor'))).toEqual([]);
  });
});

describe('gateway host and TLS', () => {
  test('by default the Kubeflow gateway serves HTTP for any host, and no Certificate is made', () => {
    const objs = istioObjects();
    expect(at(find(objs, 'Gateway', 'kubeflow-gateway', 'kubeflow'), 'spec')).toEqual({
      selector: { istio: 'ingressgateway' },
      servers: [{ hosts: ['*'], port: { name: 'http', number: 80, protocol: 'HTTP' } }],
    });
    expect(objs.filter((o) => o.kind === 'Certificate')).toEqual([]);
  });

  test('TLS with the self-signed issuer: a Certificate in istio-system, HTTPS and a redirect on the gateway', () => {
    const objs = istioObjects({ components: { istio: { gateway: { host: 'kubeflow.example.com', tls: { enabled: true } } } } });
    expect(find(objs, 'Certificate', 'kubeflow-gateway-tls', 'istio-system').spec).toEqual({
      secretName: 'kubeflow-gateway-tls',
      commonName: 'kubeflow.example.com',
      dnsNames: ['kubeflow.example.com'],
      issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'kubeflow-self-signing-issuer' },
      usages: ['server auth', 'digital signature', 'key encipherment'],
    });
    expect(at(find(objs, 'Gateway', 'kubeflow-gateway'), 'spec.servers')).toEqual([
      { hosts: ['kubeflow.example.com'], port: { name: 'http', number: 80, protocol: 'HTTP' }, tls: { httpsRedirect: true } },
      { hosts: ['kubeflow.example.com'], port: { name: 'https', number: 443, protocol: 'HTTPS' }, tls: { mode: 'SIMPLE', credentialName: 'kubeflow-gateway-tls' } },
    ]);
  });

  test('TLS with a named issuer uses it', () => {
    const objs = istioObjects({ components: { istio: { gateway: { host: 'kf.example.org', tls: { enabled: true, source: 'issuer', issuer: { name: 'letsencrypt' }, secretName: 'kf-tls' } } } } });
    expect(at(find(objs, 'Certificate', 'kf-tls'), 'spec.issuerRef')).toEqual({ group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'letsencrypt' });
  });

  test('TLS from an existing Secret: no Certificate, the gateway serves the Secret, HTTP stays open without redirect', () => {
    const objs = istioObjects({ components: { istio: { gateway: { tls: { enabled: true, source: 'secret', secretName: 'my-cert', httpsRedirect: false } } } } });
    expect(objs.filter((o) => o.kind === 'Certificate')).toEqual([]);
    expect(at(find(objs, 'Gateway', 'kubeflow-gateway'), 'spec.servers')).toEqual([
      { hosts: ['*'], port: { name: 'http', number: 80, protocol: 'HTTP' } },
      { hosts: ['*'], port: { name: 'https', number: 443, protocol: 'HTTPS' }, tls: { mode: 'SIMPLE', credentialName: 'my-cert' } },
    ]);
  });
});

describe('mesh config', () => {
  test('names oauth2-proxy as the external authorization provider the auth component uses', () => {
    const mesh = at(find(istioObjects(), 'ConfigMap', 'istio', 'istio-system'), 'data.mesh') as string;
    expect(mesh).toContain([
      'extensionProviders:',
      '  - name: oauth2-proxy',
      '    envoyExtAuthzHttp:',
      '      service: oauth2-proxy.oauth2-proxy.svc.cluster.local',
      '      port: 80',
    ].join('\n'));
  });

  test('the injected sidecar uses the catalog proxy image, through the mirror', () => {
    const objs = istioObjects({ registry: 'registry.local/kf' });
    const config = at(find(objs, 'ConfigMap', 'istio-sidecar-injector'), 'data.config') as string;
    // 26.03.1 pulls Istio from registry.istio.io/release.
    expect(config).toContain('{{- $proxyImage := "registry.local/kf/release/proxyv2:1.30.1" }}');
    expect(config).not.toContain('gcr.io');
  });

  test.each(RELEASES)('release %s: the injected sidecar uses that catalog\'s proxy image, through the mirror', (release) => {
    const objs = istioObjects({ release, registry: 'registry.local/kf' });
    const config = at(find(objs, 'ConfigMap', 'istio-sidecar-injector'), 'data.config') as string;
    expect(config).toContain(`{{- $proxyImage := "${rewriteImage(catalogFor(release).images['istio/proxyv2'], 'registry.local/kf')}" }}`);
    expect(config).not.toContain('gcr.io');
  });
});

describe('sizing', () => {
  // istiod's requests are raised to upstream's (500m, 2048Mi) in default and large: docs/sizing.md.
  test.each([['default', 1, { cpu: '500m', memory: '2048Mi' }], ['large', 2, { cpu: '500m', memory: '2048Mi' }]] as const)('%s: %i replicas at least, istiod requests', (sizing, replicas, requests) => {
    const objs = istioObjects({ sizing });
    for (const name of ['istiod', 'istio-ingressgateway', 'cluster-local-gateway']) {
      expect(at(find(objs, 'HorizontalPodAutoscaler', name), 'spec.minReplicas')).toEqual(replicas);
    }
    expect(at(podOf(find(objs, 'Deployment', 'istiod')).containers[0], 'resources.requests')).toEqual(requests);
  });
});

describe('releases', () => {
  test('26.03 has the istio-system NetworkPolicies; v1.11.0 does not', () => {
    const policies = (release: '26.03' | 'v1.11.0') => istioObjects({ release }).filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata.name);
    expect(policies('26.03')).toEqual(['allow-istiod-control-plane', 'allow-knative-to-istio-gateways', 'default-allow-same-namespace-istio-system', 'istiod-webhook-apiserver']);
    expect(policies('v1.11.0')).toEqual([]);
  });

  test.each(RELEASES)('%s: workloads in istio-system meet Pod Security restricted', (release) => {
    for (const d of istioObjects({ release }).filter((o) => o.kind === 'Deployment')) {
      const pod = podOf(d);
      expect([d.metadata.name, pod.securityContext?.runAsNonRoot, at(pod.securityContext, 'seccompProfile.type')]).toEqual([d.metadata.name, true, 'RuntimeDefault']);
      for (const c of pod.containers) {
        expect([d.metadata.name, at(c, 'securityContext.allowPrivilegeEscalation'), at(c, 'securityContext.capabilities.drop')]).toEqual([d.metadata.name, false, ['ALL']]);
      }
    }
  });

  test.each(RELEASES)('%s snapshot', (release) => {
    expect(withoutCrdSchemas(istioObjects({ release }))).toMatchSnapshot();
  });
});
