import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { DATA_VOLUME_ANNOTATION } from '../core/labels';
import { restrictedContainer, restrictedPod } from '../core/security';
import { POSTGRES_UID } from './names';

/** Size and class of a PostgreSQL data volume. */
export interface PostgresVolume {
  readonly size: string;
  /** @default the cluster's default class */
  readonly storageClass?: string;
}

/**
 * A PVC that holds a Hub database. Nothing in it depends on the release, so an upgrade
 * never replaces it; the annotation tells the Pulumi layer to retain it on destroy.
 */
export function postgresVolume(scope: Construct, namespace: string, name: string, v: PostgresVolume): k8s.KubePersistentVolumeClaim {
  return new k8s.KubePersistentVolumeClaim(scope, `PersistentVolumeClaim-${namespace}-${name}`, {
    metadata: { name, namespace, annotations: { [DATA_VOLUME_ANNOTATION]: 'true' } },
    spec: {
      accessModes: ['ReadWriteOnce'],
      ...(v.storageClass ? { storageClassName: v.storageClass } : {}),
      resources: { requests: { storage: k8s.Quantity.fromString(v.size) } },
    },
  });
}

const DATA_DIR = '/var/lib/postgresql/data';
const SOCKET_DIR = 'run';

/**
 * The pod spec of a single PostgreSQL on a data volume, as upstream runs it (user 70, data in
 * a sub-folder of the volume). The socket folder is an emptyDir: the Debian-based images own
 * `/var/run/postgresql` as another user than 70.
 */
export function postgresPod(opts: {
  readonly container: string;
  readonly image: string;
  readonly claim: string;
  readonly volumeName: string;
  readonly envFrom: readonly k8s.EnvFromSource[];
  readonly resources: k8s.ResourceRequirements;
}): k8s.PodSpec {
  return {
    securityContext: restrictedPod({ fsGroup: POSTGRES_UID }),
    containers: [{
      name: opts.container,
      image: opts.image,
      env: [{ name: 'PGDATA', value: `${DATA_DIR}/pgdata` }],
      envFrom: [...opts.envFrom],
      ports: [{ containerPort: 5432, name: 'postgres' }],
      resources: opts.resources,
      // PostgreSQL writes its lock and temporary files outside the data volume.
      securityContext: restrictedContainer({ runAsUser: POSTGRES_UID, runAsGroup: POSTGRES_UID, readOnlyRootFilesystem: false }),
      volumeMounts: [
        { mountPath: DATA_DIR, name: opts.volumeName },
        { mountPath: '/var/run/postgresql', name: SOCKET_DIR },
      ],
    }],
    volumes: [
      { name: opts.volumeName, persistentVolumeClaim: { claimName: opts.claim } },
      { name: SOCKET_DIR, emptyDir: {} },
    ],
  };
}
