export * from './load-config';
export * from './load';
export * from './model-registry';
export * from './names';
export * from './namespace';
export * from './pod-defaults';
export * from './schema';
export * from './tenant';
