import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ConfigInput } from '../core/component-config';
import { DATA_VOLUME_ANNOTATION } from '../core/labels';
import { dataVolumeSchema } from './config';
import { Labels, NAMESPACE } from './names';

/** Size and class of a data volume, from the platform config (whose schema holds the defaults). */
export type VolumeOptions = ConfigInput<typeof dataVolumeSchema>;

/**
 * A PVC that holds user data. Its name and access mode are fixed and nothing in it depends on
 * the release, so an upgrade never replaces it; the annotation tells the Pulumi layer to
 * retain it when the stack is destroyed.
 */
export function dataVolume(scope: Construct, name: string, labels: Labels, opts: VolumeOptions): k8s.KubePersistentVolumeClaim {
  const { storageClass, size } = dataVolumeSchema.parse({ storageClass: opts.storageClass, size: opts.size });
  return new k8s.KubePersistentVolumeClaim(scope, `PersistentVolumeClaim-${name}`, {
    metadata: { name, namespace: NAMESPACE, labels: { ...labels }, annotations: { [DATA_VOLUME_ANNOTATION]: 'true' } },
    spec: {
      accessModes: ['ReadWriteOnce'],
      ...(storageClass ? { storageClassName: storageClass } : {}),
      resources: { requests: { storage: k8s.Quantity.fromString(size) } },
    },
  });
}
