import { ResponseError } from '@backstage/errors';

/** Whether the backend refused a request for lack of permission. */
export function isNotAllowed(error: Error): boolean {
  if (error.name === 'NotAllowedError') return true;
  if (error instanceof ResponseError) {
    return error.statusCode === 403 || error.cause.name === 'NotAllowedError';
  }
  return false;
}

/**
 * The backend's own message (a 400 names the field), or a sentence naming the
 * missing permission, instead of "Request failed with 403".
 */
export function describeSecurityError(
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
