const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
};

/**
 * The response a Backstage backend sends for an error, to build the client's
 * error from: `await ResponseError.fromResponse(backendErrorResponse(403,
 * 'NotAllowedError', 'Denied'))`.
 *
 * @public
 */
export function backendErrorResponse(
  status: number,
  name: string,
  message: string,
): Response {
  const body = JSON.stringify({
    error: { name, message },
    response: { statusCode: status },
  });
  // Only what ResponseError.fromResponse reads; jsdom has no Response.
  return {
    ok: false,
    status,
    statusText: STATUS_TEXT[status] ?? 'Error',
    headers: new Map([['content-type', 'application/json']]),
    text: async () => body,
  } as unknown as Response;
}
