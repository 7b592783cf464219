export { SecurityErrorPanel } from './SecurityErrorPanel';
export { describeSecurityError, isNotAllowed } from './describeSecurityError';
