export * from './errors';
export * from './issues';
export * from './load';
export * from './needs';
export * from './schema';
