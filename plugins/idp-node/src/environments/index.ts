export { EnvironmentService, environmentServiceRef } from './EnvironmentService';
export { readEnvironments } from './readEnvironments';
