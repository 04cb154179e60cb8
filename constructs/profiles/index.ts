export * from './crds';
export * from './layers';
export * from './poddefaults-webhook';
export * from './profile-controller';
export * from './profiles';
