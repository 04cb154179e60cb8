import { FLOORS_26_03 } from './r26-03';
import { ContainerFloor } from './types';

/** Upstream's container resources in Kubeflow 26.03.1 (community-distribution release-26.03.1): 26.03's, plus the model registry UI. */
export const FLOORS_26_03_1: readonly ContainerFloor[] = [
  ...FLOORS_26_03,
  {
    kind: 'Deployment', namespace: 'kubeflow-user-example-com', name: 'model-registry-ui', container: 'model-registry-ui', memoryRequest: '2Gi', memoryLimit: '2Gi', cpuRequest: '500m',
    ours: { namespace: 'kubeflow', why: 'upstream runs the UI in the example tenant; ours is one UI in kubeflow that serves every tenant' },
  },
];
