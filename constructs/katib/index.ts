export * from './config';
export * from './crds';
export * from './database';
export * from './experiment';
export * from './katib';
export * from './katib-config';
export * from './trial-templates';
