export * from './config';
export * from './controller';
export * from './crds';
export * from './jobset';
export * from './runtimes';
export * from './train-job';
export * from './trainer';
export * from './user-roles';
