export { policyApiRef } from './PolicyApi';
export type { PolicyApi } from './PolicyApi';
export { PolicyClient } from './PolicyClient';
