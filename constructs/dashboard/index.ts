export * from './dashboard';
export * from './links';
