function sortedKeys(input: unknown): unknown {
  if (Array.isArray(input)) return input.map(sortedKeys);
  if (typeof input !== 'object' || input === null) return input;
  return Object.fromEntries(
    Object.keys(input)
      .sort()
      .map(key => [key, sortedKeys((input as Record<string, unknown>)[key])]),
  );
}

/** JSON with keys sorted at every level, so equal content gives equal text. */
export function canonicalJson(value: unknown, indent?: number): string {
  return JSON.stringify(sortedKeys(value), null, indent);
}

/** Whether two JSON values are equal, whatever the order of their keys. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
