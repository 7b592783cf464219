import {
  ConfigJsonValue,
  ConfigSetValuesRequest,
  configSetValuesRequestSchema,
  secretRefValueSchema,
} from '@idp-platform/backstage-plugin-idp-common';
import { describeSchemaMismatch } from './describeSchemaMismatch';

/** The editor's fields, as typed. */
export interface ValueForm {
  key: string;
  /** `''` for the application layer (every environment), else an environment name. */
  layer: string;
  mode: 'value' | 'secret' | 'remove';
  /** JSON, or any other text, which is read as a string. */
  text: string;
  secret: { store: string; key: string; property: string };
  message: string;
}

// As the backend refuses plain values for keys named like secrets.
const SECRET_NAME =
  /(password|passwd|secret|token|api[-_]?key|private[-_]?key|credentials?)$/i;

/** Reads the value text as JSON, or as a plain string when it is not JSON. */
export function parseValueText(text: string): {
  value: ConfigJsonValue;
  readAs: string;
} {
  try {
    const value = JSON.parse(text) as ConfigJsonValue;
    let readAs: string = typeof value;
    if (Array.isArray(value)) readAs = 'array';
    else if (value === null) readAs = 'null';
    return { value, readAs };
  } catch {
    return { value: text, readAs: 'string' };
  }
}

/**
 * The request of the editor's fields, checked with the zod schema the
 * backend uses and the application's JSON Schema where it can be read, or
 * the problems, each naming the key.
 */
export function buildValueChange(
  form: ValueForm,
  version: number,
  schema: Record<string, unknown> | undefined,
): { request?: ConfigSetValuesRequest; problems: string[] } {
  const key = form.key.trim();
  const environment = form.layer || undefined;
  const problems: string[] = [];
  let value: ConfigJsonValue | undefined;
  if (form.mode === 'secret') {
    const secretRef = {
      store: form.secret.store.trim(),
      key: form.secret.key.trim(),
      ...(form.secret.property.trim() && {
        property: form.secret.property.trim(),
      }),
    };
    const parsed = secretRefValueSchema.safeParse({ secretRef });
    if (!parsed.success) {
      problems.push(
        ...parsed.error.issues.map(
          issue => `${key || 'key'}: ${issue.path.join('.')} ${issue.message}`,
        ),
      );
    }
    value = { secretRef };
  } else if (form.mode === 'value') {
    value = parseValueText(form.text).value;
    if (typeof value === 'string' && value && SECRET_NAME.test(key)) {
      problems.push(
        `${key}: is named like a secret; give a secret reference, never the value`,
      );
    }
    const mismatch = describeSchemaMismatch(schema, key, value);
    if (mismatch) problems.push(mismatch);
  }
  const result = configSetValuesRequestSchema.safeParse({
    version,
    message: form.message.trim() || undefined,
    changes: [
      form.mode === 'remove'
        ? { environment, key, remove: true }
        : { environment, key, value },
    ],
  });
  if (!result.success) {
    problems.push(
      ...result.error.issues.map(issue => {
        const field = issue.path[issue.path.length - 1];
        return field === 'key' || field === 'value'
          ? `${key || 'key'}: ${issue.message}`
          : `${issue.path.join('.')}: ${issue.message}`;
      }),
    );
  }
  if (problems.length || !result.success) return { problems };
  return { request: result.data, problems };
}
