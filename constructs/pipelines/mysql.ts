import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ImageResolver } from '../core/images';
import { restrictedContainer, restrictedPod } from '../core/security';
import { Sizing } from '../core/sizing';
import { BASE_LABELS, KFP_LABELS, MYSQL_SECRET, NAMESPACE } from './names';
import { dataVolume, VolumeOptions } from './storage';
import { deployment, fromSecret, service, serviceAccount } from './workload';

export interface MysqlProps extends VolumeOptions {
  readonly images: ImageResolver;
  readonly sizing: Sizing;
  /** Root password; upstream ships an empty one. */
  readonly password: string;
}

export const MYSQL_PVC = 'mysql-pv-claim';

/** The in-cluster MySQL of KFP: one instance on a PVC, root credentials in `mysql-secret`. */
export class Mysql extends Construct {
  constructor(scope: Construct, id: string, props: MysqlProps) {
    super(scope, id);
    const labels = { app: 'mysql', ...BASE_LABELS };
    serviceAccount(this, 'mysql', BASE_LABELS);
    new k8s.KubeSecret(this, 'Secret', {
      metadata: { name: MYSQL_SECRET, namespace: NAMESPACE, labels: { ...KFP_LABELS } },
      stringData: { username: 'root', password: props.password },
    });
    dataVolume(this, MYSQL_PVC, BASE_LABELS, props);
    const probe = { tcpSocket: { port: k8s.IntOrString.fromNumber(3306) }, initialDelaySeconds: 10, periodSeconds: 10 };
    deployment(this, {
      name: 'mysql',
      labels,
      // One writer per data directory: the old pod must stop before the new one starts.
      recreate: true,
      serviceAccount: 'mysql',
      podSecurity: { ...restrictedPod({ fsGroup: 999 }), fsGroupChangePolicy: 'OnRootMismatch' },
      volumes: [{ name: 'mysql-persistent-storage', persistentVolumeClaim: { claimName: MYSQL_PVC } }],
      containers: [{
        name: 'mysql',
        image: props.images.ref('pipelines/mysql'),
        // ML Metadata's client still speaks mysql_native_password.
        args: ['--datadir', '/var/lib/mysql', '--authentication-policy=mysql_native_password', '--mysql-native-password=ON', '--disable-log-bin'],
        env: [fromSecret('MYSQL_ROOT_PASSWORD', { name: MYSQL_SECRET, key: 'password' })],
        ports: [{ name: 'mysql', containerPort: 3306 }],
        readinessProbe: probe,
        resources: props.sizing.resources('large', 'mysql/mysql'),
        securityContext: restrictedContainer({ runAsUser: 999, runAsGroup: 999, readOnlyRootFilesystem: false }),
        volumeMounts: [{ name: 'mysql-persistent-storage', mountPath: '/var/lib/mysql' }],
      }],
    });
    service(this, 'mysql', BASE_LABELS, labels, [{ port: 3306 }]);
  }
}
