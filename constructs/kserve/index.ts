export * from './config';
export * from './crds';
export * from './inference-config';
export * from './kserve';
export * from './models-web-app';
export * from './resources';
export * from './runtimes';
