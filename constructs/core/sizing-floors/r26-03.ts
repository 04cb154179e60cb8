import { FLOORS_1_11_0 } from './r1-11-0';
import { ContainerFloor } from './types';

/** Upstream's container resources in Kubeflow 26.03 (kubeflow/manifests tag 26.03): v1.11.0's, plus KServe's LLM controller. */
export const FLOORS_26_03: readonly ContainerFloor[] = [
  ...FLOORS_1_11_0,
  { kind: 'Deployment', namespace: 'kubeflow', name: 'llmisvc-controller-manager', container: 'manager', memoryRequest: '300Mi', memoryLimit: '300Mi', cpuRequest: '100m' },
];
