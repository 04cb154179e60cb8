export * from './config';
export * from './crds';
export * from './rbac';
export * from './spark-application';
export * from './spark-operator';
