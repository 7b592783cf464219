import fs from 'node:fs/promises';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  configApplicationNameSchema,
  configValueChangeSchema,
} from '@idp-platform/backstage-plugin-idp-common';
import yaml from 'js-yaml';
import { z } from 'zod';

const userRefSchema = z
  .string()
  .min(1)
  .transform((value, context) => {
    const invalid = () => {
      context.addIssue({
        code: z.ZodIssueCode.custom,
        message: `must be a user entity ref such as user:default/dana, not "${value}"`,
      });
      return z.NEVER;
    };
    try {
      const ref = parseEntityRef(value, {
        defaultKind: 'user',
        defaultNamespace: 'default',
      });
      if (ref.kind.toLocaleLowerCase('en-US') !== 'user') return invalid();
      return stringifyEntityRef(ref);
    } catch {
      return invalid();
    }
  });

/**
 * A configuration change someone asked for, waiting for approval in the demo:
 * `changes` take the format of `POST /applications/:name/values`, each in the
 * file's `environment` (which a change may repeat, but not contradict).
 */
export const demoChangeRequestSchema = z
  .object({
    application: configApplicationNameSchema,
    environment: z.string().min(1),
    requestedBy: userRefSchema,
    reason: z.string().trim().min(1).max(500),
    changes: z.array(configValueChangeSchema).min(1).max(500),
  })
  .strict()
  .superRefine((file, context) => {
    file.changes.forEach((change, index) => {
      if (change.environment && change.environment !== file.environment) {
        context.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['changes', index, 'environment'],
          message: `must be ${file.environment}, the environment of the file, or left out`,
        });
      }
    });
  })
  .transform(file => ({
    ...file,
    changes: file.changes.map(change => ({
      ...change,
      environment: file.environment,
    })),
  }));

/** A demo change request file, validated, every change in its environment. */
export type DemoChangeRequest = z.output<typeof demoChangeRequestSchema>;

/**
 * Reads and validates one demo change request file. Errors name the file
 * and the field, or the line of a YAML syntax error.
 */
export async function readDemoChangeRequest(
  file: string,
): Promise<DemoChangeRequest> {
  const text = await fs.readFile(file, 'utf8');
  let document: unknown;
  try {
    document = yaml.load(text, { schema: yaml.CORE_SCHEMA });
  } catch (error) {
    const { reason, mark } = error as yaml.YAMLException;
    const where = mark
      ? `line ${mark.line + 1}, column ${mark.column + 1}: `
      : '';
    throw new InputError(
      `Demo change request ${file} is not valid YAML: ${where}${
        reason ?? String(error)
      }`,
    );
  }
  const result = demoChangeRequestSchema.safeParse(document);
  if (!result.success) {
    const problems = result.error.issues.map(
      issue =>
        `${issue.path.length ? issue.path.join('.') : 'document'}: ${
          issue.message
        }`,
    );
    throw new InputError(
      `Demo change request ${file} is invalid: ${problems.join('; ')}`,
    );
  }
  return result.data;
}
