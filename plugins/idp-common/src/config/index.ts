export * from './applicationConfiguration';
export * from './featureFlags';
export * from './configApi';
