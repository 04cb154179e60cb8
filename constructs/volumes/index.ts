export * from './config';
export * from './viewer-spec';
export * from './volumes-web-app';
