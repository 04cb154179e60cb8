import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { selectorLabels } from '../core/labels';
import { ImageResolver } from '../core/images';
import { restrictedContainer, restrictedPod } from '../core/security';
import { Sizing } from '../core/sizing';

/** Where Katib keeps trial metrics. */
export type KatibDatabase =
  | {
    /** A MySQL Deployment in the Katib namespace. */
    readonly kind: 'in-cluster';
    /** Root password; the platform generates one and keeps it in its secret store. */
    readonly rootPassword: string;
    /** @default "10Gi" */
    readonly size?: string;
    /** @default the cluster's default class */
    readonly storageClass?: string;
  }
  | {
    /** An existing MySQL-compatible server. */
    readonly kind: 'external';
    readonly host: string;
    /** @default 3306 */
    readonly port?: number;
    /** Existing Secret in the Katib namespace with the credentials. */
    readonly secretName: string;
    /** @default "username" */
    readonly usernameKey?: string;
    /** @default "password" */
    readonly passwordKey?: string;
    /** Database (schema) name on the server. @default "katib" */
    readonly databaseName?: string;
  };

export const MYSQL_SECRET = 'katib-mysql-secrets';
const PASSWORD_KEY = 'MYSQL_ROOT_PASSWORD';
const MYSQL_LABELS = { 'katib.kubeflow.org/component': 'mysql' };

/** The db-manager's environment for a database. */
export function dbManagerEnv(db: KatibDatabase): k8s.EnvVar[] {
  const fromSecret = (name: string, key: string): k8s.EnvVarSource => ({ secretKeyRef: { name, key } });
  if (db.kind === 'in-cluster') {
    return [{ name: 'DB_NAME', value: 'mysql' }, { name: 'DB_PASSWORD', valueFrom: fromSecret(MYSQL_SECRET, PASSWORD_KEY) }];
  }
  return [
    { name: 'DB_NAME', value: 'mysql' },
    { name: 'DB_USER', valueFrom: fromSecret(db.secretName, db.usernameKey ?? 'username') },
    { name: 'DB_PASSWORD', valueFrom: fromSecret(db.secretName, db.passwordKey ?? 'password') },
    { name: 'KATIB_MYSQL_DB_HOST', value: db.host },
    { name: 'KATIB_MYSQL_DB_PORT', value: String(db.port ?? 3306) },
    { name: 'KATIB_MYSQL_DB_DATABASE', value: db.databaseName ?? 'katib' },
  ];
}

/** Katib's own MySQL: Secret, PVC, Service and a single-replica Deployment. */
export function inClusterMysql(scope: Construct, namespace: string, db: Extract<KatibDatabase, { kind: 'in-cluster' }>, images: ImageResolver, sizing: Sizing): void {
  const name = 'katib-mysql';
  new k8s.KubeSecret(scope, 'MysqlSecret', { metadata: { name: MYSQL_SECRET, namespace }, type: 'Opaque', stringData: { [PASSWORD_KEY]: db.rootPassword } });
  new k8s.KubePersistentVolumeClaim(scope, 'MysqlVolume', {
    metadata: { name, namespace },
    spec: {
      accessModes: ['ReadWriteOnce'],
      ...(db.storageClass ? { storageClassName: db.storageClass } : {}),
      resources: { requests: { storage: k8s.Quantity.fromString(db.size ?? '10Gi') } },
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
  new k8s.KubeDeployment(scope, 'MysqlDeployment', {
    metadata: { name, namespace, labels: MYSQL_LABELS },
    spec: {
      replicas: 1,
      strategy: { type: 'Recreate' },
      selector: { matchLabels: selectorLabels(MYSQL_LABELS) },
      template: {
        metadata: { labels: { ...MYSQL_LABELS, 'sidecar.istio.io/inject': 'false' } },
        spec: {
          securityContext: { ...restrictedPod({ fsGroup: 999 }), fsGroupChangePolicy: 'OnRootMismatch' },
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
        },
      },
    },
  });
}
