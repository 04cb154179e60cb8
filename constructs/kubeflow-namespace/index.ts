export * from './kubeflow-namespace';
export * from './policies';
