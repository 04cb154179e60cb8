export * from './config';
export * from './pipelines';
export * from './settings';
export * from './tenant';
export { hookConfig, NAMESPACE_PLACEHOLDER, ProfileHook } from './profile-hook';
