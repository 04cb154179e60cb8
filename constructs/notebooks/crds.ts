import { Construct } from 'constructs';
import { Crd } from '../core/crd';
import { array, embedded, integer, object, string } from '../core/schema';

const LABELS = { app: 'notebook-controller', 'kustomize.component': 'notebook-controller' };

/** `spec.template.spec` is a whole PodSpec: the notebook server's pod. */
const spec = object({
  template: object({ spec: embedded({ required: ['containers'] }) }),
});

const status = object({
  conditions: array(object({
    type: string(),
    status: string(),
    reason: string(),
    message: string(),
    lastProbeTime: string({ format: 'date-time' }),
    lastTransitionTime: string({ format: 'date-time' }),
  }, { required: ['type', 'status'] })),
  // A core ContainerState of the server container, copied from its pod.
  containerState: object({ running: embedded(), terminated: embedded(), waiting: embedded() }),
  readyReplicas: integer({ format: 'int32' }),
});

/** `notebooks.kubeflow.org`: v1 stored; v1beta1 and v1alpha1 still served with the same schema. */
export function notebooksCrds(scope: Construct): Crd[] {
  return [new Crd(scope, 'NotebookCrd', {
    group: 'kubeflow.org',
    kind: 'Notebook',
    scope: 'Namespaced',
    labels: LABELS,
    versions: [
      { name: 'v1', storage: true, spec, status },
      { name: 'v1alpha1', storage: false, spec, status },
      { name: 'v1beta1', storage: false, spec, status },
    ],
  })];
}

/** @deprecated the old name: every component emits its CRDs with one `<component>Crds` function. */
export const notebookCrd = (scope: Construct): Crd => notebooksCrds(scope)[0];
