import { isConflictError } from './isConflictError';
import { isNotAllowedError } from './isNotAllowedError';
import { responseErrorOf } from './responseErrorOf';

/**
 * Options of {@link describeBackendError}.
 *
 * @public
 */
export interface DescribeBackendErrorOptions {
  /** The permission the request needs, named when the backend refuses it (403). */
  permission?: { name: string };
  /** What a conflict (409) means for this request, instead of the backend's message. */
  conflict?: string;
}

/**
 * A sentence for people instead of "Request failed with 403": a refusal names
 * the missing permission, a conflict says what conflicts when the caller
 * knows, and any other error keeps the backend's own message (a 400 names the
 * field).
 *
 * @public
 */
export function describeBackendError(
  error: Error,
  options: DescribeBackendErrorOptions = {},
): string {
  if (options.conflict && isConflictError(error)) return options.conflict;
  if (isNotAllowedError(error)) {
    return options.permission
      ? `You are not allowed to do this: the permission ${options.permission.name} is required.`
      : 'You are not allowed to do this.';
  }
  const cause = responseErrorOf(error)?.cause;
  if (cause?.message) return cause.message;
  return error.message;
}
