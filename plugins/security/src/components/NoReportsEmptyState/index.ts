export { NoReportsEmptyState, ciUploadExample } from './NoReportsEmptyState';
