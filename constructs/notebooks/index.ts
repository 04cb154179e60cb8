export * from './config';
export * from './crds';
export * from './crud-web-app';
export * from './jupyter-web-app';
export * from './notebook';
export * from './notebook-controller';
export * from './shared';
export * from './spawner-config';
