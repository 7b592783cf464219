import { InputError } from '@backstage/errors';
import {
  ConfigTree,
  isSecretRefValue,
} from '@idp-platform/backstage-plugin-idp-common';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** The schema keyword that marks a key whose value must be a secret reference. */
export const SECRET_KEYWORD = 'x-secret';

/** One key of one environment that breaks the schema. */
export interface ConfigSchemaProblem {
  environment: string;
  key: string;
  message: string;
}

/**
 * A key marked secret accepts only a secret reference, whatever else its
 * schema says about the value: the value itself never passes through here.
 */
function secretMarkedAsReferenceOnly(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(secretMarkedAsReferenceOnly);
  if (typeof schema !== 'object' || schema === null) return schema;
  const node = schema as Record<string, unknown>;
  if (node[SECRET_KEYWORD] === true) {
    const { title, description } = node;
    return {
      ...(typeof title === 'string' && { title }),
      ...(typeof description === 'string' && { description }),
      [SECRET_KEYWORD]: true,
    };
  }
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      secretMarkedAsReferenceOnly(value),
    ]),
  );
}

function createAjv(schema: Record<string, unknown>) {
  const is2020 = String(schema.$schema ?? '').includes('2020-12');
  const options = { allErrors: true, strict: false } as const;
  const ajv = is2020 ? new Ajv2020(options) : new Ajv(options);
  addFormats(ajv);
  ajv.addKeyword({
    keyword: SECRET_KEYWORD,
    schemaType: 'boolean',
    errors: true,
    validate: function secretOnly(marked: boolean, data: unknown) {
      if (!marked || isSecretRefValue(data)) return true;
      (secretOnly as { errors?: Partial<ErrorObject>[] }).errors = [
        {
          keyword: SECRET_KEYWORD,
          message:
            'is a secret: give a reference { secretRef: { store, key } }, not a value',
        },
      ];
      return false;
    },
  });
  return ajv;
}

function describe(error: ErrorObject): { key: string; message: string } {
  if (error.keyword === 'required') {
    const { missingProperty } = error.params as { missingProperty: string };
    return {
      key: `${error.instancePath}/${missingProperty}`,
      message: 'is required',
    };
  }
  if (error.keyword === 'additionalProperties') {
    const { additionalProperty } = error.params as {
      additionalProperty: string;
    };
    return {
      key: `${error.instancePath}/${additionalProperty}`,
      message: 'is not allowed by the schema',
    };
  }
  return {
    key: error.instancePath || '/',
    message: error.message ?? 'is invalid',
  };
}

/**
 * Checks effective configurations against an application's JSON Schema with
 * ajv and ajv-formats. Problems name the key, never the value.
 */
export class ConfigSchemaValidator {
  private readonly compiled = new Map<string, ValidateFunction>();

  /** Compiles the schema; InputError when it is not a valid JSON Schema. */
  compile(schema: Record<string, unknown>): ValidateFunction {
    const cacheKey = JSON.stringify(schema);
    const cached = this.compiled.get(cacheKey);
    if (cached) return cached;
    let validate: ValidateFunction;
    try {
      const prepared = secretMarkedAsReferenceOnly(schema) as Record<
        string,
        unknown
      >;
      validate = createAjv(prepared).compile(prepared);
    } catch (error) {
      throw new InputError(
        `schema: not a valid JSON Schema: ${(error as Error).message}`,
      );
    }
    if (this.compiled.size > 200) this.compiled.clear();
    this.compiled.set(cacheKey, validate);
    return validate;
  }

  /** Every problem of every environment's effective configuration. */
  problems(
    schema: Record<string, unknown>,
    effective: { environment: string; values: ConfigTree }[],
  ): ConfigSchemaProblem[] {
    const validate = this.compile(schema);
    const problems: ConfigSchemaProblem[] = [];
    for (const { environment, values } of effective) {
      if (validate(values)) continue;
      const seen = new Set<string>();
      for (const error of validate.errors ?? []) {
        const { key, message } = describe(error);
        const text = `${key}: ${message}`;
        if (seen.has(text)) continue;
        seen.add(text);
        problems.push({ environment, key, message });
      }
    }
    return problems;
  }

  /** Throws an InputError listing the problems, e.g. `/database/port: must be <= 65535 (production)`. */
  check(
    schema: Record<string, unknown>,
    effective: { environment: string; values: ConfigTree }[],
  ): void {
    const problems = this.problems(schema, effective);
    if (problems.length === 0) return;
    const grouped = new Map<string, string[]>();
    for (const problem of problems) {
      const text = `${problem.key}: ${problem.message}`;
      grouped.set(text, [...(grouped.get(text) ?? []), problem.environment]);
    }
    throw new InputError(
      `Configuration does not match its schema: ${[...grouped]
        .map(([text, environments]) => `${text} (${environments.join(', ')})`)
        .join('; ')}`,
    );
  }
}
