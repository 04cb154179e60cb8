export * from './kubeflow-roles';
