import { ResponseError } from '@backstage/errors';
import { mcpServerDeployPermission } from '@idp-platform/backstage-plugin-idp-common';

/** Whether the backend refused a hosting change for lack of permission. */
export function isNotAllowed(error: Error): boolean {
  if (error.name === 'NotAllowedError') return true;
  if (error instanceof ResponseError) {
    return error.statusCode === 403 || error.cause.name === 'NotAllowedError';
  }
  return false;
}

/**
 * The backend's own message (a 400 names the field), or a sentence naming
 * the missing permission, instead of "Request failed with 400".
 */
export function describeHostingError(
  error: Error,
  permission: { name: string } = mcpServerDeployPermission,
): string {
  if (isNotAllowed(error)) {
    return `You are not allowed to do this: the permission ${permission.name} is required.`;
  }
  if (error instanceof ResponseError && error.cause.message) {
    return error.cause.message;
  }
  return error.message;
}
