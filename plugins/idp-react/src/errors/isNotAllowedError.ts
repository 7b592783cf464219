import { isBackendError } from './isBackendError';

/**
 * Whether the backend refused a request for lack of permission: a
 * `NotAllowedError`, or a `ResponseError` with status 403 or that cause.
 *
 * @public
 */
export function isNotAllowedError(error: Error): boolean {
  return isBackendError(error, 'NotAllowedError', 403);
}
