import { ResponseError } from '@backstage/errors';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
};

/** A backend error as the client builds it from an error response. */
export function backendError(
  status: number,
  name: string,
  message: string,
): Promise<ResponseError> {
  const body = JSON.stringify({
    error: { name, message },
    response: { statusCode: status },
  });
  return ResponseError.fromResponse({
    status,
    statusText: STATUS_TEXT[status] ?? 'Error',
    headers: new Map([['content-type', 'application/json']]),
    text: async () => body,
  } as unknown as Response);
}
