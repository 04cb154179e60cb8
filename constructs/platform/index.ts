export * from './build';
export * from './components';
export * from './output';
export * from './parts';
export * from './platform';
