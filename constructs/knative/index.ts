export * from './config';
export * from './config-maps';
export * from './crds';
export * from './knative-serving';
export * from './names';
