export * from './serverJson';
export * from './registryApi';
