import { InputError } from '@backstage/errors';
import { z } from 'zod';

/**
 * Validates a request body (or query) with a zod schema from idp-common. The
 * InputError (400) names every field that is wrong, e.g.
 * `decision: Invalid enum value...`.
 *
 * @public
 */
export function parseRequestBody<T extends z.ZodTypeAny>(
  schema: T,
  body: unknown,
): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = result.error.issues.map(issue => {
    const field = issue.path.length ? issue.path.join('.') : 'body';
    return `${field}: ${issue.message}`;
  });
  throw new InputError(`Invalid request: ${problems.join('; ')}`);
}
