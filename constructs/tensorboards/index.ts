export * from './config';
export * from './crds';
export * from './tensorboard';
export * from './tensorboard-controller';
export * from './tensorboards-web-app';
