/** What the frontend needs of a `ResponseError` from `@backstage/errors`. */
export interface ResponseErrorLike extends Error {
  statusCode: number;
  cause?: Error;
}

/**
 * The error as a `ResponseError`, or undefined for any other error. Matches by
 * name, as `@backstage/errors` advises, so a second copy of that package
 * cannot break an `instanceof` check.
 */
export function responseErrorOf(error: Error): ResponseErrorLike | undefined {
  const candidate = error as Partial<ResponseErrorLike>;
  return error.name === 'ResponseError' &&
    typeof candidate.statusCode === 'number'
    ? (error as ResponseErrorLike)
    : undefined;
}
