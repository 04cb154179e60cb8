import { ContainerFloor } from './types';

/**
 * Upstream's container resources in Kubeflow v1.11.0 (kubeflow/manifests tag v1.11.0,
 * `example/` kustomization). Every container that upstream gives resources, and no other.
 */
export const FLOORS_1_11_0: readonly ContainerFloor[] = [
  { kind: 'Deployment', namespace: 'istio-system', name: 'cluster-local-gateway', container: 'istio-proxy', memoryRequest: '128Mi', memoryLimit: '1024Mi', cpuRequest: '100m' },
  { kind: 'Deployment', namespace: 'istio-system', name: 'istio-ingressgateway', container: 'istio-proxy', memoryRequest: '128Mi', memoryLimit: '1024Mi', cpuRequest: '100m' },
  { kind: 'Deployment', namespace: 'istio-system', name: 'istiod', container: 'discovery', memoryRequest: '2048Mi', cpuRequest: '500m' },
  { kind: 'ConfigMap', namespace: 'istio-system', name: 'istio-sidecar-injector', container: 'proxy', memoryRequest: '40Mi', memoryLimit: '1024Mi', cpuRequest: '10m' },
  { kind: 'ConfigMap', namespace: 'istio-system', name: 'istio-sidecar-injector', container: 'proxy_init', memoryRequest: '10Mi', memoryLimit: '1024Mi', cpuRequest: '10m' },
  { kind: 'DaemonSet', namespace: 'kube-system', name: 'istio-cni-node', container: 'install-cni', memoryRequest: '100Mi', cpuRequest: '100m' },
  { kind: 'Deployment', namespace: 'knative-serving', name: 'activator', container: 'activator', memoryRequest: '60Mi', memoryLimit: '600Mi', cpuRequest: '300m' },
  { kind: 'Deployment', namespace: 'knative-serving', name: 'autoscaler', container: 'autoscaler', memoryRequest: '100Mi', memoryLimit: '1000Mi', cpuRequest: '100m' },
  { kind: 'Deployment', namespace: 'knative-serving', name: 'controller', container: 'controller', memoryRequest: '100Mi', memoryLimit: '1000Mi', cpuRequest: '100m' },
  { kind: 'Deployment', namespace: 'knative-serving', name: 'net-istio-controller', container: 'controller', memoryRequest: '40Mi', memoryLimit: '400Mi', cpuRequest: '30m' },
  { kind: 'Deployment', namespace: 'knative-serving', name: 'net-istio-webhook', container: 'webhook', memoryRequest: '20Mi', memoryLimit: '200Mi', cpuRequest: '20m' },
  { kind: 'Deployment', namespace: 'knative-serving', name: 'webhook', container: 'webhook', memoryRequest: '100Mi', memoryLimit: '500Mi', cpuRequest: '100m' },
  { kind: 'Deployment', namespace: 'kubeflow-system', name: 'jobset-controller-manager', container: 'manager', memoryRequest: '128Mi', memoryLimit: '4Gi', cpuRequest: '500m' },
  { kind: 'Deployment', namespace: 'kubeflow', name: 'kserve-controller-manager', container: 'manager', memoryRequest: '200Mi', memoryLimit: '300Mi', cpuRequest: '100m' },
  { kind: 'Deployment', namespace: 'kubeflow', name: 'kserve-localmodel-controller-manager', container: 'manager', memoryRequest: '200Mi', memoryLimit: '300Mi', cpuRequest: '100m' },
  { kind: 'Deployment', namespace: 'kubeflow', name: 'ml-pipeline', container: 'ml-pipeline-api-server', memoryRequest: '500Mi', cpuRequest: '250m' },
  { kind: 'Deployment', namespace: 'kubeflow', name: 'ml-pipeline-persistenceagent', container: 'ml-pipeline-persistenceagent', memoryRequest: '500Mi', cpuRequest: '120m' },
  { kind: 'Deployment', namespace: 'kubeflow', name: 'ml-pipeline-ui', container: 'ml-pipeline-ui', memoryRequest: '70Mi', cpuRequest: '10m' },
  { kind: 'Deployment', namespace: 'kubeflow', name: 'ml-pipeline-visualizationserver', container: 'ml-pipeline-visualizationserver', memoryRequest: '500Mi', cpuRequest: '30m' },
  { kind: 'Deployment', namespace: 'kubeflow', name: 'mysql', container: 'mysql', memoryRequest: '800Mi', cpuRequest: '100m' },
  { kind: 'Deployment', namespace: 'kubeflow', name: 'seaweedfs', container: 'seaweedfs', memoryRequest: '128Mi', cpuRequest: '32m' },
  { kind: 'Deployment', namespace: 'kubeflow', name: 'workflow-controller', container: 'workflow-controller', memoryRequest: '500Mi', cpuRequest: '100m' },
  { kind: 'StatefulSet', namespace: 'kubeflow', name: 'metacontroller', container: 'metacontroller', memoryRequest: '256Mi', memoryLimit: '1Gi', cpuRequest: '100m' },
  { kind: 'Deployment', namespace: 'kubeflow', name: 'pvcviewer-controller-manager', container: 'manager', memoryRequest: '64Mi', memoryLimit: '128Mi', cpuRequest: '10m' },
  { kind: 'Deployment', namespace: 'kubeflow', name: 'pvcviewer-controller-manager', container: 'kube-rbac-proxy', memoryRequest: '64Mi', memoryLimit: '128Mi', cpuRequest: '5m' },
  { kind: 'Deployment', namespace: 'kubeflow', name: 'tensorboard-controller-deployment', container: 'manager', memoryRequest: '64Mi', memoryLimit: '128Mi', cpuRequest: '10m' },
  { kind: 'Deployment', namespace: 'kubeflow', name: 'tensorboard-controller-deployment', container: 'kube-rbac-proxy', memoryRequest: '64Mi', memoryLimit: '128Mi', cpuRequest: '5m' },
];
