import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { z } from 'zod';
import { selectorLabels } from '../core/labels';
import { ImageResolver } from '../core/images';
import { restrictedContainer, restrictedPod } from '../core/security';
import { Sizing } from '../core/sizing';
import { deployment as workload } from '../core/workload';
import { katibExternalDatabase, katibInClusterDatabase } from './config';

/**
 * Where Katib keeps trial metrics: `components.katib.database` (docs/configuration.md), plus the
 * in-cluster root password, which the platform generates and keeps in its secret store.
 */
export type KatibDatabase =
  | (z.input<typeof katibInClusterDatabase> & { readonly rootPassword: string })
  | (z.input<typeof katibExternalDatabase> & {
    /** Database (schema) name on the server. @default "katib" */
    readonly databaseName?: string;
  });

type Resolved =
  | (z.output<typeof katibInClusterDatabase> & { readonly rootPassword: string })
  | (z.output<typeof katibExternalDatabase> & { readonly databaseName: string });

// The schema fills in the defaults; the fields the config does not have keep theirs here.
function resolve(db: KatibDatabase): Resolved {
  if (db.kind === 'in-cluster') {
    const { rootPassword, ...rest } = db;
    return { ...katibInClusterDatabase.parse(rest), rootPassword };
  }
  const { databaseName, ...rest } = db;
  return { ...katibExternalDatabase.parse(rest), databaseName: databaseName ?? 'katib' };
}

export const MYSQL_SECRET = 'katib-mysql-secrets';
const PASSWORD_KEY = 'MYSQL_ROOT_PASSWORD';
const MYSQL_LABELS = { 'katib.kubeflow.org/component': 'mysql' };

/** The db-manager's environment for a database. */
export function dbManagerEnv(database: KatibDatabase): k8s.EnvVar[] {
  const db = resolve(database);
  const fromSecret = (name: string, key: string): k8s.EnvVarSource => ({ secretKeyRef: { name, key } });
  if (db.kind === 'in-cluster') {
    return [{ name: 'DB_NAME', value: 'mysql' }, { name: 'DB_PASSWORD', valueFrom: fromSecret(MYSQL_SECRET, PASSWORD_KEY) }];
  }
  return [
    { name: 'DB_NAME', value: 'mysql' },
    { name: 'DB_USER', valueFrom: fromSecret(db.secretName, db.usernameKey) },
    { name: 'DB_PASSWORD', valueFrom: fromSecret(db.secretName, db.passwordKey) },
    { name: 'KATIB_MYSQL_DB_HOST', value: db.host },
    { name: 'KATIB_MYSQL_DB_PORT', value: String(db.port) },
    { name: 'KATIB_MYSQL_DB_DATABASE', value: db.databaseName },
  ];
}

/** Katib's own MySQL: Secret, PVC, Service and a single-replica Deployment. */
export function inClusterMysql(scope: Construct, namespace: string, database: Extract<KatibDatabase, { kind: 'in-cluster' }>, images: ImageResolver, sizing: Sizing): void {
  const db = resolve(database) as Extract<Resolved, { kind: 'in-cluster' }>;
  const name = 'katib-mysql';
  new k8s.KubeSecret(scope, 'MysqlSecret', { metadata: { name: MYSQL_SECRET, namespace }, type: 'Opaque', stringData: { [PASSWORD_KEY]: db.rootPassword } });
  new k8s.KubePersistentVolumeClaim(scope, 'MysqlVolume', {
    metadata: { name, namespace },
    spec: {
      accessModes: ['ReadWriteOnce'],
      ...(db.storageClass ? { storageClassName: db.storageClass } : {}),
      resources: { requests: { storage: k8s.Quantity.fromString(db.size) } },
    },
  });
  new k8s.KubeService(scope, 'MysqlService', {
    metadata: { name, namespace, labels: MYSQL_LABELS },
    spec: { type: 'ClusterIP', selector: selectorLabels(MYSQL_LABELS), ports: [{ name: 'dbapi', port: 3306, protocol: 'TCP' }] },
  });
  // The password stays in the environment; the shell expands it, so it never shows in the pod spec.
  const ping: k8s.Probe = {
    exec: { command: ['/bin/bash', '-c', "mysql -h 127.0.0.1 -D ${MYSQL_DATABASE} -u root -p${MYSQL_ROOT_PASSWORD} -e 'SELECT 1'"] },
    initialDelaySeconds: 10,
    periodSeconds: 5,
    failureThreshold: 10,
  };
  workload(scope, {
    id: 'MysqlDeployment',
    name,
    namespace,
    labels: MYSQL_LABELS,
    replicas: 1,
    recreate: true,
    podLabels: { 'sidecar.istio.io/inject': 'false' },
    podSecurity: { ...restrictedPod({ fsGroup: 999 }), fsGroupChangePolicy: 'OnRootMismatch' },
    containers: [{
      name,
      image: images.ref('katib/mysql'),
      args: ['--datadir', '/var/lib/mysql/datadir'],
      env: [
        { name: PASSWORD_KEY, valueFrom: { secretKeyRef: { name: MYSQL_SECRET, key: PASSWORD_KEY } } },
        { name: 'MYSQL_DATABASE', value: 'katib' },
      ],
      ports: [{ containerPort: 3306, name: 'dbapi' }],
      livenessProbe: ping,
      readinessProbe: ping,
      resources: sizing.resources('large'),
      // mysqld writes its socket and temporary files outside the data volume.
      securityContext: restrictedContainer({ runAsUser: 999, runAsGroup: 999, readOnlyRootFilesystem: false }),
      volumeMounts: [{ mountPath: '/var/lib/mysql', name }],
    }],
    volumes: [{ name, persistentVolumeClaim: { claimName: name } }],
  });
}
