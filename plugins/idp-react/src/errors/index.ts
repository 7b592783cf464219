export { describeBackendError } from './describeBackendError';
export type { DescribeBackendErrorOptions } from './describeBackendError';
export { isConflictError } from './isConflictError';
export { isNotAllowedError } from './isNotAllowedError';
