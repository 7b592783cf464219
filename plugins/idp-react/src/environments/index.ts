export { useEnvironments } from './useEnvironments';
export type { EnvironmentsFromConfig } from './useEnvironments';
