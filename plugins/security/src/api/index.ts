export { securityApiRef } from './SecurityApi';
export type {
  SecurityApi,
  SecurityExportFile,
  SecurityExportFormat,
  SecurityFindingQuery,
} from './SecurityApi';
export { SecurityClient } from './SecurityClient';
