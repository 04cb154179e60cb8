import { Construct } from 'constructs';
import { Crd } from '../core/crd';
import { array, integer, object, string } from '../core/schema';

/** `tensorboards.tensorboard.kubeflow.org`: a TensorBoard server over logs in a PVC or object store. */
export function tensorboardsCrds(scope: Construct): Crd[] {
  return [new Crd(scope, 'TensorboardCrd', {
    group: 'tensorboard.kubeflow.org',
    kind: 'Tensorboard',
    scope: 'Namespaced',
    labels: { app: 'tensorboard-controller', 'kustomize.component': 'tensorboard-controller' },
    versions: [{
      name: 'v1alpha1',
      storage: true,
      // `pvc://NAME/PATH` or an object store URL (gs://, s3://).
      spec: object({ logspath: string() }, { required: ['logspath'] }),
      status: object({
        conditions: array(object({ deploymentState: string(), lastProbeTime: string({ format: 'date-time' }) })),
        readyReplicas: integer({ format: 'int32' }),
      }),
    }],
  })];
}

/** @deprecated the old name: every component emits its CRDs with one `<component>Crds` function. */
export const tensorboardCrd = (scope: Construct): Crd => tensorboardsCrds(scope)[0];
