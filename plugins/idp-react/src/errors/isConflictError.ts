import { isBackendError } from './isBackendError';

/**
 * Whether the backend refused a request because it conflicts with the current
 * state (a stale version, a running operation): a `ConflictError`, or a
 * `ResponseError` with status 409 or that cause.
 *
 * @public
 */
export function isConflictError(error: Error): boolean {
  return isBackendError(error, 'ConflictError', 409);
}
