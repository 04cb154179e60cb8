export * from './config';
export * from './hub';
export * from './model-catalog';
export * from './model-registry';
export * from './model-registry-ui';
export * from './names';
export * from './postgres';
