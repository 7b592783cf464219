type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  items?: JsonSchema;
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  if (type === 'integer') return Number.isInteger(value);
  return typeOf(value) === type;
}

function check(
  value: unknown,
  schema: JsonSchema,
  at: string,
  problems: string[],
): void {
  if (schema.type) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some(type => matchesType(value, type))) {
      problems.push(`${at || '/'} must be ${types.join(' or ')}`);
      return;
    }
  }
  if (schema.enum && !schema.enum.some(option => option === value)) {
    problems.push(`${at || '/'} must be one of ${schema.enum.join(', ')}`);
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? []) {
      if (!(key in object)) problems.push(`${at}/${key} is required`);
    }
    for (const [key, child] of Object.entries(schema.properties ?? {})) {
      if (key in object) check(object[key], child, `${at}/${key}`, problems);
    }
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, index) =>
      check(item, schema.items!, `${at}/${index}`, problems),
    );
  }
}

/**
 * Checks `pluginConfig` against a plugin's `dist/.config-schema.json` (a JSON
 * Schema, or Backstage's `{schemas: [{value}]}` collection) for the keywords
 * config schemas use: type, properties, required, enum and items. Keys the
 * schema does not describe are accepted, as Backstage's config loader does.
 * Returns the problems, each with its JSON Pointer.
 */
export function validateAgainstConfigSchema(
  pluginConfig: Record<string, unknown>,
  schema: unknown,
): string[] {
  const problems: string[] = [];
  const schemas: JsonSchema[] =
    schema && typeof schema === 'object' && 'schemas' in schema
      ? ((schema as { schemas: { value: JsonSchema }[] }).schemas ?? []).map(
          entry => entry.value,
        )
      : [schema as JsonSchema];
  for (const entry of schemas) {
    // A schema's required keys bind the whole app config; pluginConfig may hold only part of it.
    if (entry) check(pluginConfig, { ...entry, required: [] }, '', problems);
  }
  return problems;
}
