export * from './cert-manager';
export * from './config';
export * from './crds';
