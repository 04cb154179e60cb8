import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { z } from 'zod';
import { ComponentContext, resolveContext } from '../core/context';
import { selectorLabels } from '../core/labels';
import { authorizationPolicy, ingressPrincipal, INGRESS_GATEWAY_PRINCIPAL } from '../core/mesh-policy';
import { restrictedContainer } from '../core/security';
import { deployment as workload } from '../core/workload';
import { mutualTlsRule, serviceHost } from '../core/mesh-routes';
import { fromSecret } from '../core/env';
import { profilesConfig } from '../profiles/config';
import { REGISTRY } from './names';
import { postgresPod, postgresVolume, PostgresVolume } from './postgres';

/** Where a tenant's registry keeps its data. */
export type RegistryDatabase =
  | ({
    /** PostgreSQL in the tenant's namespace on a retained volume (`metadata-postgres`). */
    readonly kind: 'volume';
    /** Generated per tenant and kept in the platform's secret store. */
    readonly password: string;
  } & PostgresVolume)
  | {
    /** An existing PostgreSQL server. */
    readonly kind: 'external';
    readonly host: string;
    readonly port: number;
    readonly database: string;
    readonly user: string;
    /** Secret in the tenant's namespace with the password. */
    readonly passwordSecret: { readonly name: string; readonly key: string };
  };

/** Who may use a tenant's registry through the gateway: its owner and contributors. */
export interface RegistryMembers {
  readonly users: readonly string[];
  readonly groups: readonly string[];
}

type ProfilesInput = NonNullable<z.input<typeof profilesConfig>>;
const { userIdHeader, userIdPrefix, groupsHeader } = profilesConfig.unwrap().shape;
const GATEWAY_HEADERS = z.object({ userIdHeader, userIdPrefix, groupsHeader });

export interface ModelRegistryProps extends ComponentContext {
  /** The tenant's namespace. */
  readonly namespace: string;
  readonly database: RegistryDatabase;
  readonly members: RegistryMembers;
  /** `components.profiles.userIdHeader` (docs/configuration.md). */
  readonly userIdHeader?: ProfilesInput['userIdHeader'];
  /** `components.profiles.userIdPrefix`. */
  readonly userIdPrefix?: ProfilesInput['userIdPrefix'];
  /** `components.profiles.groupsHeader`. */
  readonly groupsHeader?: ProfilesInput['groupsHeader'];
  /** The registry UI's workload identity: it checks each user's access itself (SubjectAccessReviews). @default none */
  readonly uiPrincipal?: string;
}

const DB_NAME = 'metadb';
// Upstream's database user; an adopted volume was initialised with it.
const DB_USER = 'root';
const DB_PORT = 5432;

/** The gateway path of a tenant's registry REST API: each tenant has its own, so routes never collide. */
export function registryApiPrefix(namespace: string): string {
  return `/api/model_registry/${namespace}/`;
}

/**
 * One tenant's Kubeflow Hub model registry, in the tenant's namespace, under upstream's
 * names: the registry server (the Hub server image in `proxy` mode over an embedded
 * metadata store), its PostgreSQL on a retained volume or an existing server, and the
 * Istio route and policy. Upstream's policy lets any signed-in user in through the
 * gateway; here only the tenant's owner and contributors are, besides the registry UI and
 * the tenant's own workloads.
 */
export class ModelRegistry extends Construct {
  constructor(scope: Construct, id: string, props: ModelRegistryProps) {
    super(scope, id);
    const { images, sizing, gateways } = resolveContext(props);
    const ns = props.namespace;
    const db = props.database;
    const meta = (name: string, labels?: Readonly<Record<string, string>>, annotations?: Readonly<Record<string, string>>) => ({
      name,
      namespace: ns,
      ...(labels ? { labels: { ...labels } } : {}),
      ...(annotations ? { annotations: { ...annotations } } : {}),
    });

    new k8s.KubeServiceAccount(this, 'ServerAccount', { metadata: meta(REGISTRY.serverAccount) });
    new k8s.KubeConfigMap(this, 'Config', {
      metadata: meta(REGISTRY.configMap, REGISTRY.serverLabels),
      data: {
        MODEL_REGISTRY_DATA_STORE_TYPE: 'embedmd',
        MODEL_REGISTRY_REST_SERVICE_HOST: REGISTRY.service,
        MODEL_REGISTRY_REST_SERVICE_PORT: String(REGISTRY.port),
      },
    });
    new k8s.KubeConfigMap(this, 'DatabaseParameters', {
      metadata: meta(REGISTRY.dbParameters),
      data: db.kind === 'volume'
        ? { POSTGRES_DB: DB_NAME, POSTGRES_HOST: REGISTRY.db, POSTGRES_PORT: String(DB_PORT) }
        : { POSTGRES_DB: db.database, POSTGRES_HOST: db.host, POSTGRES_PORT: String(db.port) },
    });
    if (db.kind === 'volume') this.database(ns, db, images.ref('hub/registry-postgres'), sizing.resources('large'));

    new k8s.KubeService(this, 'Service', {
      metadata: meta(
        REGISTRY.service,
        {
          app: REGISTRY.service,
          'app.kubernetes.io/component': 'model-registry',
          'app.kubernetes.io/instance': REGISTRY.service,
          'app.kubernetes.io/name': REGISTRY.service,
          'app.kubernetes.io/part-of': 'model-registry',
          // The registry UI finds registries by this label.
          component: 'model-registry',
        },
        { description: `Model registry of ${ns}`, displayName: `${ns} model registry` },
      ),
      spec: { type: 'ClusterIP', selector: selectorLabels(REGISTRY.serverLabels), ports: [{ name: 'http-api', port: REGISTRY.port, protocol: 'TCP', appProtocol: 'http' }] },
    });

    const http = (path: string, extra: Partial<k8s.Probe>): k8s.Probe => ({
      httpGet: { path, port: k8s.IntOrString.fromString('http-api') },
      periodSeconds: 10,
      timeoutSeconds: 5,
      failureThreshold: 3,
      ...extra,
    });
    const externalEnv: k8s.EnvVar[] = db.kind === 'external'
      ? [
        { name: 'POSTGRES_USER', value: db.user },
        fromSecret('POSTGRES_PASSWORD', db.passwordSecret),
      ]
      : [];
    workload(this, {
      id: 'Server',
      name: REGISTRY.deployment,
      namespace: ns,
      labels: REGISTRY.serverLabels,
      replicas: 1,
      podLabels: { 'sidecar.istio.io/inject': 'true' },
      // The database is reached directly, not through the mesh (its pod has no sidecar).
      podAnnotations: { 'traffic.sidecar.istio.io/excludeOutboundPorts': String(db.kind === 'volume' ? DB_PORT : db.port) },
      serviceAccount: REGISTRY.serverAccount,
      containers: [{
        name: 'rest-container',
        image: images.ref('hub/server'),
        command: ['/model-registry', 'proxy'],
        args: [
          '--hostname=0.0.0.0',
          '--port=$(MODEL_REGISTRY_REST_SERVICE_PORT)',
          '--datastore-type=embedmd',
          '--embedmd-database-type=postgres',
          '--embedmd-database-dsn=postgresql://$(POSTGRES_USER):$(POSTGRES_PASSWORD)@$(POSTGRES_HOST):$(POSTGRES_PORT)/$(POSTGRES_DB)?sslmode=disable',
        ],
        env: externalEnv,
        envFrom: [
          { configMapRef: { name: REGISTRY.configMap } },
          ...(db.kind === 'volume' ? [{ secretRef: { name: REGISTRY.dbSecret } }] : []),
          { configMapRef: { name: REGISTRY.dbParameters } },
        ],
        ports: [{ containerPort: REGISTRY.port, name: 'http-api' }],
        startupProbe: http('/readyz/isDirty', { initialDelaySeconds: 10, periodSeconds: 5, failureThreshold: 6 }),
        livenessProbe: http('/readyz/isDirty', { initialDelaySeconds: 30 }),
        readinessProbe: http('/readyz/health', { initialDelaySeconds: 5 }),
        resources: sizing.resources('medium'),
        securityContext: restrictedContainer(),
        volumeMounts: [{ mountPath: '/tmp', name: 'tmp' }],
      }],
      volumes: [{ name: 'tmp', emptyDir: {} }],
    });

    const host = serviceHost(REGISTRY.service, ns);
    mutualTlsRule(this, ns, REGISTRY.service, host);
    new ApiObject(this, 'VirtualService', {
      apiVersion: 'networking.istio.io/v1alpha3',
      kind: 'VirtualService',
      metadata: meta('model-registry'),
      spec: {
        gateways: [gateways.gateway],
        hosts: ['*'],
        http: [{
          match: [{ uri: { prefix: registryApiPrefix(ns) } }],
          rewrite: { uri: '/api/model_registry/' },
          route: [{ destination: { host, port: { number: REGISTRY.port } } }],
        }],
      },
    });
    authorizationPolicy(this, 'AuthorizationPolicy', meta(REGISTRY.service),
      { action: 'ALLOW', rules: registryRules(ns, props, ingressPrincipal(gateways)), selector: { matchLabels: { ...REGISTRY.serverLabels } } });
  }

  private database(ns: string, db: Extract<RegistryDatabase, { kind: 'volume' }>, image: string, resources: k8s.ResourceRequirements): void {
    const labels = { ...REGISTRY.dbLabels };
    new k8s.KubeSecret(this, 'DatabaseSecret', {
      metadata: { name: REGISTRY.dbSecret, namespace: ns },
      type: 'Opaque',
      stringData: { POSTGRES_USER: DB_USER, POSTGRES_PASSWORD: db.password },
    });
    new k8s.KubeService(this, 'DatabaseService', {
      metadata: { name: REGISTRY.db, namespace: ns, labels },
      spec: { type: 'ClusterIP', selector: selectorLabels(labels), ports: [{ name: 'dbapi', port: DB_PORT, protocol: 'TCP' }] },
    });
    postgresVolume(this, ns, REGISTRY.volume, db);
    new k8s.KubeDeployment(this, 'Database', {
      metadata: { name: REGISTRY.db, namespace: ns, labels },
      spec: {
        replicas: 1,
        strategy: { type: 'Recreate' },
        selector: { matchLabels: selectorLabels(labels) },
        template: {
          metadata: { name: 'db', labels: { ...labels, 'sidecar.istio.io/inject': 'false' } },
          spec: postgresPod({
            container: 'db-container',
            image,
            claim: REGISTRY.volume,
            volumeName: REGISTRY.volume,
            envFrom: [{ configMapRef: { name: REGISTRY.dbParameters } }, { secretRef: { name: REGISTRY.dbSecret } }],
            resources,
          }),
        },
      },
    });
  }
}

/** Who the registry server lets in: members through the gateway, the UI, the tenant's own pods. */
export function registryRules(
  ns: string, props: Pick<ModelRegistryProps, 'members' | 'userIdHeader' | 'userIdPrefix' | 'groupsHeader' | 'uiPrincipal'>, gatewayPrincipal = INGRESS_GATEWAY_PRINCIPAL,
): Record<string, unknown>[] {
  const gateway = { from: [{ source: { principals: [gatewayPrincipal] } }] };
  // The gateway's headers are the profiles component's; its schema holds their defaults.
  const { userIdHeader, userIdPrefix: prefix, groupsHeader } = GATEWAY_HEADERS.parse(props);
  const rules: Record<string, unknown>[] = [
    { ...gateway, when: [{ key: `request.headers[${userIdHeader}]`, values: props.members.users.map((u) => `${prefix}${u}`) }] },
  ];
  if (props.members.groups.length) {
    // The gateway joins a user's groups with commas; Istio matches whole values, prefixes and suffixes.
    const values = props.members.groups.flatMap((g) => [g, `${g},*`, `*,${g}`]);
    rules.push({ ...gateway, when: [{ key: `request.headers[${groupsHeader}]`, values }] });
  }
  if (props.uiPrincipal) rules.push({ from: [{ source: { principals: [props.uiPrincipal] } }] });
  rules.push({ from: [{ source: { namespaces: [ns] } }] });
  return rules;
}
