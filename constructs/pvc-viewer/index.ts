export * from './config';
export * from './crds';
export * from './pvc-viewer';
