import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { ApiException } from '@kubernetes/client-node';

function statusMessage(body: unknown): string | undefined {
  try {
    const status = typeof body === 'string' ? JSON.parse(body) : body;
    return typeof status?.message === 'string' ? status.message : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Turns an error of the Kubernetes API into the matching @backstage/errors
 * error, keeping the API server's message; other errors are returned as is.
 */
export function toBackstageError(error: unknown, context: string): unknown {
  if (!(error instanceof ApiException)) {
    return error;
  }
  const message =
    statusMessage(error.body) ??
    `${context}: the API server responded ${error.code}`;
  switch (error.code) {
    case 404:
      return new NotFoundError(message, error);
    case 409:
      return new ConflictError(message, error);
    case 400:
    case 422:
      return new InputError(message, error);
    default:
      return error;
  }
}
