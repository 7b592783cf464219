export * from './serverJson';
export * from './registryApi';
export * from './hosting';
export * from './signals';
