/**
 * Istio's string matching for principals, namespaces, paths and claim values:
 * exact, `prefix*`, `*suffix`, or `*` (any non-empty value).
 */
export function matchIstioValue(pattern: string, value: string): boolean {
  if (pattern === '*') return value.length > 0;
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return pattern === value;
}

/** Whether any pattern matches the value. */
export function matchesAny(patterns: string[], value: string | undefined) {
  return (
    value !== undefined &&
    patterns.some(pattern => matchIstioValue(pattern, value))
  );
}

/** A claim or attribute value as a list: Istio matches list claims element by element. */
export function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
