import { responseErrorOf } from './responseErrorOf';

/**
 * Whether the error is the backend's error of that name: thrown as such, or
 * as a `ResponseError` with its status code or with it as the cause.
 */
export function isBackendError(
  error: Error,
  name: string,
  statusCode: number,
): boolean {
  if (error.name === name) return true;
  const response = responseErrorOf(error);
  return (
    response !== undefined &&
    (response.statusCode === statusCode || response.cause?.name === name)
  );
}
