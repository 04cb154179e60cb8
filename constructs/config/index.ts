export * from './errors';
export * from './load';
export * from './needs';
export * from './schema';
