import { ConfigJsonValue } from '@idp-platform/backstage-plugin-idp-common';

type SchemaNode = Record<string, unknown>;

const typeOf = (value: ConfigJsonValue): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') {
    return Number.isInteger(value) ? 'integer' : 'number';
  }
  return typeof value;
};

/** The subschema of a key, following `properties`; undefined where the schema says nothing. */
function subschemaAt(schema: SchemaNode, key: string): SchemaNode | undefined {
  let node: SchemaNode | undefined = schema;
  for (const segment of key.split('/').slice(1)) {
    const properties = node?.properties as
      | Record<string, SchemaNode>
      | undefined;
    node = properties?.[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (!node) return undefined;
  }
  return node;
}

/**
 * A first check of a value against the application's JSON Schema while
 * typing: the key's `type`, `enum`, `minimum` and `maximum`. The backend
 * validates the whole effective configuration on save; this only spares a
 * round trip for the common mistakes.
 */
export function describeSchemaMismatch(
  schema: SchemaNode | undefined,
  key: string,
  value: ConfigJsonValue,
): string | undefined {
  const node = schema && subschemaAt(schema, key);
  if (!node) return undefined;
  const actual = typeOf(value);
  const types = [node.type].flat().filter(Boolean) as string[];
  const accepts = (type: string) =>
    type === actual || (type === 'number' && actual === 'integer');
  if (types.length && !types.some(accepts)) {
    return `${key}: must be ${types.join(' or ')}`;
  }
  if (
    Array.isArray(node.enum) &&
    !node.enum.some(option => JSON.stringify(option) === JSON.stringify(value))
  ) {
    return `${key}: must be one of ${node.enum
      .map(option => JSON.stringify(option))
      .join(', ')}`;
  }
  if (typeof value === 'number') {
    if (typeof node.minimum === 'number' && value < node.minimum) {
      return `${key}: must be >= ${node.minimum}`;
    }
    if (typeof node.maximum === 'number' && value > node.maximum) {
      return `${key}: must be <= ${node.maximum}`;
    }
  }
  return undefined;
}
