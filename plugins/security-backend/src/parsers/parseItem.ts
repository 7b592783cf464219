import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { formatJsonPath, JsonPath } from './formatJsonPath';

/**
 * Validates one item of a report with zod; the InputError names the place,
 * e.g. `Results[3].Vulnerabilities[0].PkgName: required`.
 */
export function parseItem<T extends z.ZodTypeAny>(
  schema: T,
  value: unknown,
  path: JsonPath,
): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 5).map(issue => {
    const where = formatJsonPath([...path, ...issue.path]);
    const message = issue.message === 'Required' ? 'required' : issue.message;
    return `${where}: ${message}`;
  });
  throw new InputError(`Invalid report: ${problems.join('; ')}`);
}
