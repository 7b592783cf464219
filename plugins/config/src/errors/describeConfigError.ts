import { ResponseError } from '@backstage/errors';

/** Whether the backend refused for lack of permission (403). */
export function isNotAllowed(error: Error): boolean {
  if (error.name === 'NotAllowedError') return true;
  return (
    error instanceof ResponseError &&
    (error.statusCode === 403 || error.cause.name === 'NotAllowedError')
  );
}

/** Whether the backend refused a stale expected version (409). */
export function isConflict(error: Error): boolean {
  return (
    error instanceof ResponseError &&
    (error.statusCode === 409 || error.cause.name === 'ConflictError')
  );
}

/**
 * The backend's own message (a 400 names the key and environment), or a
 * sentence naming the missing permission, instead of "Request failed with 400".
 */
export function describeConfigError(
  error: Error,
  permission: { name: string },
): string {
  if (isNotAllowed(error)) {
    return `You are not allowed to do this: the permission ${permission.name} is required.`;
  }
  if (error instanceof ResponseError && error.cause.message) {
    return error.cause.message;
  }
  return error.message;
}
