export * from './schema';
export { applyOverrides } from './apply';
export { finishPlatform } from './patches';
