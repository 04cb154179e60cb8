import { ConfigError } from '../config/errors';
import { PlatformConfigInput } from '../config/schema';
import { DATA_VOLUME_ANNOTATION } from '../core/labels';
import { INGRESS_GATEWAY_PRINCIPAL } from '../core/mesh-policy';
import { EphemeralSecretStore } from '../core/secrets';
import { KubeflowPlatform } from '../platform';
import { parseConfig } from '../config/load';
import { componentObjects, componentSynth, configErrors, find, Obj, withoutCrdSchemas } from '../platform/test-helpers';
import { TenantInput } from '../tenants/schema';
import { parseTenant } from '../tenants/load';
import { wireHub, CATALOG_PASSWORD_KEY, registryPasswordKey } from './platform';

const RELEASE = '26.03.1';
const EXAMPLE: TenantInput = { name: 'kubeflow-user-example-com', owner: 'user@example.com' };
const TEAM: TenantInput = {
  name: 'team-a',
  owner: 'alice@example.com',
  contributors: [{ user: 'bob@example.com', role: 'edit' }, { group: 'ml-team', role: 'view' }],
};

function hub(tenants: TenantInput[] = [EXAMPLE], extra: PlatformConfigInput['components'] = {}, secrets = new EphemeralSecretStore()): Obj[] {
  return componentObjects(wireHub, { release: RELEASE, components: { profiles: { tenants }, ...extra } }, secrets);
}
const ids = (objs: Obj[]) => objs.map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`).sort();
const inNamespace = (objs: Obj[], ns: string) => objs.filter((o) => o.metadata.namespace === ns);
const container = (o: Obj) => o.spec.template.spec.containers[0];

describe('defaults by release', () => {
  test.each([
    ['26.03.1', true],
    ['26.03', false],
    ['v1.11.0', false],
  ] as const)('release %s: Hub installed is %s', (release, enabled) => {
    expect(new KubeflowPlatform(parseConfig({ release }), new EphemeralSecretStore()).installed().includes('hub')).toBe(enabled);
  });

  test('one config, two releases (the upgrade plan): each gets its release\'s default', () => {
    const config = parseConfig({});
    expect(new KubeflowPlatform({ ...config, release: '26.03.1' }, new EphemeralSecretStore()).installed()).toContain('hub');
    expect(new KubeflowPlatform({ ...config, release: '26.03' }, new EphemeralSecretStore()).installed()).not.toContain('hub');
  });

  test('a config that switches Hub on, given a release without it, is a config error', () => {
    const config = parseConfig({ release: RELEASE, components: { hub: { enabled: true } } });
    expect(() => new KubeflowPlatform({ ...config, release: '26.03' }, new EphemeralSecretStore())).toThrow(new ConfigError([
      'components.hub.enabled: true, but Kubeflow 26.03 has no Kubeflow Hub (it comes with 26.03.1); set release: "26.03.1" or remove components.hub.enabled',
    ]));
  });

  test('an explicit enabled: false on 26.03.1 stays off', () => {
    expect(new KubeflowPlatform(parseConfig({ release: RELEASE, components: { hub: { enabled: false } } }), new EphemeralSecretStore()).installed()).not.toContain('hub');
  });
});

describe('model catalog', () => {
  const objs = hub([]);

  test('one per cluster, in kubeflow, under upstream names', () => {
    expect(ids(inNamespace(objs, 'kubeflow')).filter((i) => !i.includes('model-registry'))).toEqual([
      'ConfigMap kubeflow/model-catalog-demo-perf-data',
      'ConfigMap kubeflow/model-catalog-sources',
      'Deployment kubeflow/model-catalog-server',
      'PersistentVolumeClaim kubeflow/model-catalog-postgres',
      'Secret kubeflow/model-catalog-hf-api-key',
      'Secret kubeflow/model-catalog-postgres',
      'Service kubeflow/model-catalog',
      'Service kubeflow/model-catalog-postgres',
      'StatefulSet kubeflow/model-catalog-postgres',
    ]);
  });

  test('selectors are upstream\'s', () => {
    expect(find(objs, 'Deployment', 'model-catalog-server').spec.selector).toEqual({
      matchLabels: { 'app.kubernetes.io/component': 'server', 'app.kubernetes.io/name': 'model-catalog', 'app.kubernetes.io/part-of': 'model-catalog' },
    });
    expect(find(objs, 'StatefulSet', 'model-catalog-postgres').spec.selector).toEqual({
      matchLabels: { 'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/part-of': 'model-catalog' },
    });
    expect(find(objs, 'Service', 'model-catalog').spec.selector).toEqual({ 'app.kubernetes.io/component': 'server', 'app.kubernetes.io/part-of': 'model-catalog' });
    expect(find(objs, 'Service', 'model-catalog-postgres').spec.selector).toEqual({
      'app.kubernetes.io/component': 'database', 'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/part-of': 'model-catalog',
    });
  });

  test('the StatefulSet has no serviceName (immutable, and upstream sets none)', () => {
    expect(find(objs, 'StatefulSet', 'model-catalog-postgres').spec.serviceName).toBeUndefined();
  });

  test('its database volume is a retained data volume, 5Gi by default', () => {
    expect(find(objs, 'PersistentVolumeClaim', 'model-catalog-postgres')).toEqual(expect.objectContaining({
      metadata: expect.objectContaining({ annotations: { [DATA_VOLUME_ANNOTATION]: 'true' } }),
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } },
    }));
    const sized = hub([], { hub: { modelCatalog: { database: { size: '20Gi', storageClass: 'fast' } } } });
    expect(find(sized, 'PersistentVolumeClaim', 'model-catalog-postgres').spec).toEqual({ accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '20Gi' } } });
  });

  test('the database password comes from the secret store; the server reads it from the Secret', () => {
    const store = new EphemeralSecretStore({ [CATALOG_PASSWORD_KEY]: 'from-the-store' });
    expect(find(hub([], {}, store), 'Secret', 'model-catalog-postgres').stringData).toEqual({ POSTGRES_USER: 'postgres', POSTGRES_PASSWORD: 'from-the-store' });
    const env = container(find(objs, 'Deployment', 'model-catalog-server')).env;
    expect(env.find((e: { name: string }) => e.name === 'PGPASSWORD')).toEqual({ name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: 'model-catalog-postgres', key: 'POSTGRES_PASSWORD' } } });
  });

  test('the Hugging Face API key Secret holds no value; the server treats it as optional', () => {
    const secret = find(objs, 'Secret', 'model-catalog-hf-api-key');
    expect(secret.data).toBeUndefined();
    expect(secret.stringData).toBeUndefined();
    const env = container(find(objs, 'Deployment', 'model-catalog-server')).env;
    expect(env.find((e: { name: string }) => e.name === 'HF_API_KEY').valueFrom.secretKeyRef).toEqual({ name: 'model-catalog-hf-api-key', key: 'HF_API_KEY', optional: true });
  });

  test('sources come from the config; no demo models by default', () => {
    expect(find(objs, 'ConfigMap', 'model-catalog-sources').data).toEqual({ 'sources.yaml': 'model_catalogs: []\nmcp_catalogs: []\n' });
    const own = hub([], { hub: { modelCatalog: {
      sources: { model_catalogs: [{ name: 'Ours', id: 'ours', type: 'yaml', enabled: true, properties: { yamlCatalogPath: 'ours.yaml' } }] },
      catalogFiles: { 'ours.yaml': 'source: Ours\nmodels: []\n' },
    } } });
    expect(find(own, 'ConfigMap', 'model-catalog-sources').data).toEqual({
      'sources.yaml': 'model_catalogs:\n  - name: Ours\n    id: ours\n    type: yaml\n    enabled: true\n    properties:\n      yamlCatalogPath: ours.yaml\n',
      'ours.yaml': 'source: Ours\nmodels: []\n',
    });
  });

  describe('performance metrics', () => {
    const server = (objs: ReturnType<typeof hub>) => find(objs, 'Deployment', 'model-catalog-server') as any;
    const perfVolume = (objs: ReturnType<typeof hub>) => server(objs).spec.template.spec.volumes.find((v: any) => v.name === 'demo-perf-data');

    test('the server reads a folder filled by upstream\'s init container; empty by default, no demo data', () => {
      const objs = hub([]);
      const cm = find(objs, 'ConfigMap', 'model-catalog-demo-perf-data') as any;
      expect(cm.data).toBeUndefined();
      expect(cm.binaryData).toBeUndefined();
      const pod = server(objs).spec.template.spec;
      expect(pod.containers[0].args[0]).toBe('--performance-metrics=/perf-data');
      expect(pod.initContainers.map((c: any) => [c.name, c.image])).toEqual([['perf-data-init', 'busybox']]);
      expect(perfVolume(objs)).toEqual({ name: 'demo-perf-data', configMap: { name: 'model-catalog-demo-perf-data' } });
    });

    test('files from the config appear at their paths; an archive is unpacked first', () => {
      const archive = Buffer.from([0x1f, 0x8b, 8, 0]).toString('base64');
      const objs = hub([], { hub: { modelCatalog: { performanceMetrics: {
        files: { 'ours/llm-8b/performance.ndjson': '{"x":1}\n', 'ours/llm-8b/metadata.json': '{}' },
        archive,
      } } } });
      const cm = find(objs, 'ConfigMap', 'model-catalog-demo-perf-data') as any;
      expect(cm.data).toEqual({ 'ours__llm-8b__metadata.json': '{}', 'ours__llm-8b__performance.ndjson': '{"x":1}\n' });
      expect(cm.binaryData).toEqual({ 'performance-metrics.tar.gz': archive });
      expect(perfVolume(objs).configMap.items).toEqual([
        { key: 'ours__llm-8b__metadata.json', path: 'tree/ours/llm-8b/metadata.json' },
        { key: 'ours__llm-8b__performance.ndjson', path: 'tree/ours/llm-8b/performance.ndjson' },
        { key: 'performance-metrics.tar.gz', path: 'performance-metrics.tar.gz' },
      ]);
      const script = server(objs).spec.template.spec.initContainers[0].command[2] as string;
      expect(script.indexOf('tar zxf /demo-perf-data/performance-metrics.tar.gz')).toBeLessThan(script.indexOf('cp -RL /demo-perf-data/tree/.'));
    });
  });

  test('modelCatalog.enabled: false leaves the catalog out', () => {
    expect(ids(hub([], { hub: { modelCatalog: { enabled: false } } })).filter((i) => i.includes('catalog'))).toEqual([]);
  });
});

describe('model registry per tenant', () => {
  const objs = hub([EXAMPLE, TEAM]);
  const ex = inNamespace(objs, 'kubeflow-user-example-com');

  test('the example tenant gets upstream\'s registry objects in its namespace', () => {
    expect(ids(ex)).toEqual([
      'AuthorizationPolicy kubeflow-user-example-com/model-registry-service',
      'ConfigMap kubeflow-user-example-com/model-registry-configmap',
      'ConfigMap kubeflow-user-example-com/model-registry-db-parameters',
      'Deployment kubeflow-user-example-com/model-registry-db',
      'Deployment kubeflow-user-example-com/model-registry-deployment',
      'DestinationRule kubeflow-user-example-com/model-registry-service',
      'PersistentVolumeClaim kubeflow-user-example-com/metadata-postgres',
      'Secret kubeflow-user-example-com/model-registry-db-secrets',
      'Service kubeflow-user-example-com/model-registry-db',
      'Service kubeflow-user-example-com/model-registry-service',
      'ServiceAccount kubeflow-user-example-com/model-registry-server',
      'VirtualService kubeflow-user-example-com/model-registry',
    ]);
    expect(ids(inNamespace(objs, 'team-a'))).toEqual(ids(ex).map((i) => i.replace('kubeflow-user-example-com', 'team-a')));
  });

  test.each([
    ['Deployment', 'model-registry-deployment', { matchLabels: { component: 'model-registry-server' } }],
    ['Deployment', 'model-registry-db', { matchLabels: { component: 'db' } }],
    ['Service', 'model-registry-service', { component: 'model-registry-server' }],
    ['Service', 'model-registry-db', { component: 'db' }],
  ])('%s %s selects as upstream', (kind, name, selector) => {
    expect(find(objs, kind, name, 'team-a').spec.selector).toEqual(selector);
  });

  test('its database volume is retained, 10Gi by default, and a tenant can size it', () => {
    expect(find(objs, 'PersistentVolumeClaim', 'metadata-postgres', 'team-a').metadata.annotations).toEqual({ [DATA_VOLUME_ANNOTATION]: 'true' });
    expect(find(objs, 'PersistentVolumeClaim', 'metadata-postgres', 'team-a').spec.resources).toEqual({ requests: { storage: '10Gi' } });
    const sized = hub([{ ...TEAM, modelRegistry: { database: { volume: { size: '50Gi', storageClass: 'ssd' } } } }], { hub: { modelRegistry: { database: { size: '20Gi' } } } });
    expect(find(sized, 'PersistentVolumeClaim', 'metadata-postgres', 'team-a').spec).toEqual({ accessModes: ['ReadWriteOnce'], storageClassName: 'ssd', resources: { requests: { storage: '50Gi' } } });
    const platformDefault = hub([TEAM], { hub: { modelRegistry: { database: { size: '20Gi', storageClass: 'std' } } } });
    expect(find(platformDefault, 'PersistentVolumeClaim', 'metadata-postgres', 'team-a').spec).toEqual({ accessModes: ['ReadWriteOnce'], storageClassName: 'std', resources: { requests: { storage: '20Gi' } } });
  });

  test('each tenant gets its own generated password, stable with a store', () => {
    const store = new EphemeralSecretStore();
    const first = hub([EXAMPLE, TEAM], {}, store);
    const pw = (o: Obj[], ns: string) => find(o, 'Secret', 'model-registry-db-secrets', ns).stringData.POSTGRES_PASSWORD as string;
    expect(pw(first, 'team-a')).not.toEqual(pw(first, 'kubeflow-user-example-com'));
    expect(pw(first, 'team-a')).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(store.generated).toEqual(expect.arrayContaining([registryPasswordKey('team-a'), registryPasswordKey('kubeflow-user-example-com')]));
    const again = hub([EXAMPLE, TEAM], {}, new EphemeralSecretStore(store.entries()));
    expect(pw(again, 'team-a')).toEqual(pw(first, 'team-a'));
    expect(find(first, 'Secret', 'model-registry-db-secrets', 'team-a').stringData.POSTGRES_USER).toEqual('root');
  });

  test('only the owner and contributors pass through the gateway; the UI and the tenant\'s own pods too', () => {
    expect(find(objs, 'AuthorizationPolicy', 'model-registry-service', 'team-a').spec).toEqual({
      action: 'ALLOW',
      selector: { matchLabels: { component: 'model-registry-server' } },
      rules: [
        { from: [{ source: { principals: [INGRESS_GATEWAY_PRINCIPAL] } }], when: [{ key: 'request.headers[kubeflow-userid]', values: ['alice@example.com', 'bob@example.com'] }] },
        { from: [{ source: { principals: [INGRESS_GATEWAY_PRINCIPAL] } }], when: [{ key: 'request.headers[kubeflow-groups]', values: ['ml-team', 'ml-team,*', '*,ml-team'] }] },
        { from: [{ source: { principals: ['cluster.local/ns/kubeflow/sa/model-registry-ui'] } }] },
        { from: [{ source: { namespaces: ['team-a'] } }] },
      ],
    });
  });

  test('the user id header and prefix are the profiles component\'s', () => {
    const objs2 = hub([TEAM], { profiles: { tenants: [TEAM], userIdHeader: 'x-user', userIdPrefix: 'accounts.google.com:' } });
    expect(find(objs2, 'AuthorizationPolicy', 'model-registry-service', 'team-a').spec.rules[0].when).toEqual([
      { key: 'request.headers[x-user]', values: ['accounts.google.com:alice@example.com', 'accounts.google.com:bob@example.com'] },
    ]);
  });

  test('each tenant\'s REST route has its own prefix, so routes never collide', () => {
    expect(find(objs, 'VirtualService', 'model-registry', 'team-a').spec.http).toEqual([{
      match: [{ uri: { prefix: '/api/model_registry/team-a/' } }],
      rewrite: { uri: '/api/model_registry/' },
      route: [{ destination: { host: 'model-registry-service.team-a.svc.cluster.local', port: { number: 8080 } } }],
    }]);
  });

  test.each([
    ['the tenant file says no', [{ ...TEAM, modelRegistry: { enabled: false } }], {}],
    ['the platform default is off and the file says nothing', [TEAM], { hub: { modelRegistry: { defaultForTenants: false } } }],
  ] as const)('a tenant gets no registry when %s', (_, tenants, extra) => {
    expect(inNamespace(hub([...tenants], extra as PlatformConfigInput['components']), 'team-a')).toEqual([]);
  });

  test('the platform default off, a tenant file that asks gets one', () => {
    expect(inNamespace(hub([{ ...TEAM, modelRegistry: {} }], { hub: { modelRegistry: { defaultForTenants: false } } }), 'team-a')).toHaveLength(12);
  });

  describe('external database', () => {
    const external = hub([{ ...TEAM, modelRegistry: { database: { external: { host: 'pg.example.com', user: 'team_a', passwordSecret: { name: 'team-a-pg' } } } } }]);
    const tenant = inNamespace(external, 'team-a');

    test('no PostgreSQL, volume or generated Secret in the namespace', () => {
      expect(ids(tenant).filter((i) => /model-registry-db\b|metadata-postgres|db-secrets/.test(i))).toEqual(['ConfigMap team-a/model-registry-db-parameters']);
    });

    test('the server connects with the given host, database, user and password Secret', () => {
      expect(find(tenant, 'ConfigMap', 'model-registry-db-parameters').data).toEqual({ POSTGRES_DB: 'metadb', POSTGRES_HOST: 'pg.example.com', POSTGRES_PORT: '5432' });
      const c = container(find(tenant, 'Deployment', 'model-registry-deployment'));
      expect(c.env).toEqual([
        { name: 'POSTGRES_USER', value: 'team_a' },
        { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'team-a-pg', key: 'password' } } },
      ]);
      expect(c.envFrom).toEqual([{ configMapRef: { name: 'model-registry-configmap' } }, { configMapRef: { name: 'model-registry-db-parameters' } }]);
    });
  });
});

describe('registry UI', () => {
  const objs = hub([EXAMPLE, TEAM]);

  test('one per cluster in kubeflow, bound to its cluster roles', () => {
    expect(ids(objs).filter((i) => i.includes('model-registry-ui') || i.includes('ClusterRole'))).toEqual([
      'AuthorizationPolicy kubeflow/model-registry-ui',
      'ClusterRole /model-registry-create-sars',
      'ClusterRole /model-registry-retrieve-clusterrolebindings',
      'ClusterRole /model-registry-ui-services-reader',
      'ClusterRoleBinding /model-registry-create-sars-binding',
      'ClusterRoleBinding /model-registry-retrieve-clusterrolebindings-binding',
      'ClusterRoleBinding /model-registry-ui-services-reader-binding',
      'Deployment kubeflow/model-registry-ui',
      'DestinationRule kubeflow/model-registry-ui',
      'Service kubeflow/model-registry-ui-service',
      'ServiceAccount kubeflow/model-registry-ui',
      'VirtualService kubeflow/model-registry-ui',
    ]);
    expect(find(objs, 'ClusterRoleBinding', 'model-registry-create-sars-binding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'model-registry-ui', namespace: 'kubeflow' }]);
    expect(find(objs, 'Deployment', 'model-registry-ui').spec.selector).toEqual({ matchLabels: { app: 'model-registry-ui' } });
  });

  test('modelRegistry.enabled: false leaves the UI and every registry out', () => {
    expect(ids(hub([EXAMPLE, TEAM], { hub: { modelRegistry: { enabled: false } } })).filter((i) => i.includes('registry'))).toEqual([]);
  });
});

test('every Hub image comes from the catalog, through the mirror', () => {
  const { images } = componentSynth(wireHub, { release: RELEASE, registry: 'mirror.local/kf', components: { profiles: { tenants: [EXAMPLE] } } });
  expect(images.list()).toEqual([
    'mirror.local/kf/kubeflow/hub/server:v0.3.9',
    'mirror.local/kf/kubeflow/hub/ui:v0.3.9',
    'mirror.local/kf/library/busybox',
    'mirror.local/kf/library/postgres:16-alpine',
    'mirror.local/kf/library/postgres:17.6',
  ]);
});

test('every Hub pod meets Pod Security restricted and requests CPU and memory, registries included', () => {
  const objs = hub([EXAMPLE, { ...TEAM, modelRegistry: { database: { external: { host: 'pg', user: 'u', passwordSecret: { name: 's' } } } } }]);
  const pods = objs.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind));
  expect(pods).toHaveLength(6);
  const problems = pods.flatMap((o) => {
    const spec = o.spec.template.spec;
    return spec.containers.flatMap((c: Record<string, any>) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const sc = c.securityContext ?? {};
      const ok = sc.allowPrivilegeEscalation === false && sc.capabilities?.drop?.includes('ALL') && (sc.runAsNonRoot ?? spec.securityContext?.runAsNonRoot) === true
        && (sc.seccompProfile ?? spec.securityContext?.seccompProfile)?.type === 'RuntimeDefault' && c.resources?.requests?.cpu && c.resources?.requests?.memory;
      return ok ? [] : [`${o.metadata.namespace}/${o.metadata.name}: ${c.name}`];
    });
  });
  expect(problems).toEqual([]);
});

describe('install order', () => {
  const platform = new KubeflowPlatform(parseConfig({ release: RELEASE, components: { profiles: { tenants: [TEAM] } } }), new EphemeralSecretStore());
  const waveOf = (pred: (m: { kind: string; metadata: { name: string; namespace?: string } }) => boolean) =>
    platform.waves().findIndex((w) => w.parts.some((p) => p.manifests.some(pred)));

  test('tenant registry objects install after the tenant namespace and the Profile', () => {
    const ns = waveOf((m) => m.kind === 'Namespace' && m.metadata.name === 'team-a');
    const profile = waveOf((m) => m.kind === 'Profile' && m.metadata.name === 'team-a');
    const first = Math.min(...platform.waves().flatMap((w, i) => (w.parts.some((p) => p.manifests.some((m) => m.metadata.namespace === 'team-a' && p.component === 'hub')) ? [i] : [])));
    expect(ns).toBeLessThan(profile);
    expect(profile).toBeLessThan(first);
  });
});

describe('config errors', () => {
  test.each([
    [{ release: '26.03', components: { hub: { enabled: true } } }, 'components.hub.enabled: got true; Kubeflow 26.03 has no Kubeflow Hub (it comes with 26.03.1); set release: "26.03.1" or remove components.hub.enabled'],
    [{ release: 'v1.11.0', components: { hub: { enabled: true } } }, 'components.hub.enabled: got true; Kubeflow v1.11.0 has no Kubeflow Hub (it comes with 26.03.1); set release: "26.03.1" or remove components.hub.enabled'],
    [{ release: RELEASE, components: { profiles: { enabled: false } } }, 'components.profiles.enabled: false, but components.hub needs profiles; enable profiles, set components.profiles.external: true if the cluster has it, or disable hub'],
    [{ release: RELEASE, components: { istio: { enabled: false } } }, 'components.istio.enabled: false, but components.hub needs istio; enable istio, set components.istio.external: true if the cluster has it, or disable hub'],
    [{ release: RELEASE, components: { hub: { modelCatalog: { database: { size: 'big' } } } } }, 'components.hub.modelCatalog.database.size: got "big"; expected a Kubernetes quantity such as 10Gi'],
    [{ release: RELEASE, components: { hub: { modelCatalog: { catalogFiles: { '../x': 'y' } } } } }, 'components.hub.modelCatalog.catalogFiles.../x: got "../x"; expected a file name (letters, digits, -, _ and .)'],
    [{ release: RELEASE, components: { hub: { modelCatalog: { catalogFiles: { 'sources.yaml': 'y' } } } } }, 'components.hub.modelCatalog.catalogFiles.sources.yaml: got "sources.yaml"; is written from modelCatalog.sources; give the catalog file another name'],
    [{ release: RELEASE, components: { hub: { modelCatalog: { performanceMetrics: { files: { '../x': 'y' } } } } } }, 'components.hub.modelCatalog.performanceMetrics.files.../x: got "../x"; expected a relative path of \'/\'-separated names (letters, digits, -, _ and .; no \'..\', no \'__\', no leading or trailing \'/\')'],
    [{ release: RELEASE, components: { hub: { modelCatalog: { performanceMetrics: { files: { 'a__b/c': 'y' } } } } } }, 'components.hub.modelCatalog.performanceMetrics.files.a__b/c: got "a__b/c"; expected a relative path of \'/\'-separated names (letters, digits, -, _ and .; no \'..\', no \'__\', no leading or trailing \'/\')'],
    [{ release: RELEASE, components: { hub: { modelCatalog: { performanceMetrics: { archive: 'not base64!' } } } } }, 'components.hub.modelCatalog.performanceMetrics.archive: got "not base64!"; expected base64 text without line breaks (base64 -w0 FILE.tar.gz)'],
    [{ release: RELEASE, components: { hub: { modelCatalog: { performanceMetrics: { archive: 'aGVsbG8gd29ybGQh' } } } } }, 'components.hub.modelCatalog.performanceMetrics.archive: got "aGVsbG8gd29ybGQh..."; is not a gzip file once decoded; give a .tar.gz (tar czf FILE.tar.gz -C DIR .)'],
    [{ release: RELEASE, components: { hub: { modelRegistry: { defaultForTenant: true } } } }, 'components.hub.modelRegistry.defaultForTenant: unknown key; allowed keys here: enabled, defaultForTenants, database'],
  ])('%j', (input, message) => {
    expect(configErrors(input)).toContain(message);
  });

  test('without the per-tenant registry, Hub needs only istio', () => {
    expect(configErrors({ release: RELEASE, components: { profiles: { enabled: false }, hub: { modelRegistry: { enabled: false } } } }).filter((l) => l.includes('hub'))).toEqual([]);
  });

  const platformError = (input: PlatformConfigInput) => {
    try {
      new KubeflowPlatform(parseConfig(input), new EphemeralSecretStore());
    } catch (e) {
      if (e instanceof ConfigError) return e.message;
      throw e;
    }
    return 'accepted';
  };
  const asking = { ...TEAM, modelRegistry: { enabled: true } };

  test.each([
    [{ release: '26.03' as const }, 'tenant "team-a": modelRegistry.enabled: true, but Kubeflow 26.03 has no Kubeflow Hub (it comes with 26.03.1); set release: "26.03.1", or remove modelRegistry from the tenant'],
    [{ release: RELEASE, components: { hub: { enabled: false } } }, 'tenant "team-a": modelRegistry.enabled: true, but components.hub is not installed here (enabled: false or external: true); install it, or remove modelRegistry from the tenant'],
    [{ release: RELEASE, components: { hub: { modelRegistry: { enabled: false } } } }, 'tenant "team-a": modelRegistry.enabled: true, but components.hub.modelRegistry.enabled is false; set it to true, or remove modelRegistry from the tenant'],
  ] as [PlatformConfigInput, string][])('a tenant that asks for a registry the platform cannot give: %j', (input, message) => {
    expect(platformError({ ...input, components: { ...input.components, profiles: { tenants: [asking] } } })).toEqual(message);
  });

  test.each([
    [{ database: { volume: { size: 'lots' } } }, 'tenant "team-a": modelRegistry.database.volume.size: got "lots"; expected a Kubernetes quantity such as 10Gi'],
    [{ database: { external: { host: 'pg', user: 'u' } } }, 'tenant "team-a": modelRegistry.database.external.passwordSecret: got nothing; expected object'],
    [{ enabled: 'yes' }, 'tenant "team-a": modelRegistry.enabled: got "yes"; expected boolean'],
    [{ database: { volume: {}, external: { host: 'pg', user: 'u', passwordSecret: { name: 's' } } } }, 'tenant "team-a": modelRegistry.database: got ["volume","external"]; set one of volume or external, not both'],
    [{ database: { disk: {} } }, 'tenant "team-a": modelRegistry.database.disk: unknown key; allowed keys here: volume, external'],
  ])('tenant field %j', (modelRegistry, message) => {
    let got = 'accepted';
    try {
      parseTenant({ ...TEAM, modelRegistry }, 'tenant "team-a"');
    } catch (e) {
      got = (e as Error).message;
    }
    expect(got).toEqual(message);
  });
});

test('snapshot', () => {
  const store = new EphemeralSecretStore({ [CATALOG_PASSWORD_KEY]: 'catalog-pw', [registryPasswordKey('kubeflow-user-example-com')]: 'registry-pw' });
  expect(withoutCrdSchemas(hub([EXAMPLE], {}, store))).toMatchSnapshot();
});
