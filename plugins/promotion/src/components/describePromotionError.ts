import { ResponseError } from '@backstage/errors';

const statusOf = (error: Error): number | undefined => {
  if (error instanceof ResponseError) return error.statusCode;
  if (error.name === 'ConflictError') return 409;
  if (error.name === 'NotAllowedError') return 403;
  return undefined;
};

/** What a promote or retry request's 409 means: one promotion per stage at a time. */
export const PROMOTION_RUNNING_MESSAGE =
  'A promotion is already running for this stage; wait for it to finish.';

/**
 * A sentence for the user instead of "Request failed with 403": a 403 names
 * the missing permission, a 409 says what conflicts when the caller knows,
 * other errors keep the backend's message (a 400 names the field).
 */
export function describePromotionError(
  error: Error,
  options: { permission: { name: string }; conflict?: string },
): string {
  const status = statusOf(error);
  if (status === 409 && options.conflict) return options.conflict;
  if (status === 403) {
    return `You are not allowed to do this: the permission ${options.permission.name} is required.`;
  }
  if (error instanceof ResponseError && error.cause.message) {
    return error.cause.message;
  }
  return error.message;
}
