/** A path inside a JSON document: object keys and array indices. */
export type JsonPath = ReadonlyArray<string | number>;

/**
 * Formats a JSON path the way people read it, e.g.
 * `Results[3].Vulnerabilities[0].PkgName`.
 */
export function formatJsonPath(path: JsonPath): string {
  return path
    .map((part, index) => {
      if (typeof part === 'number') return `[${part}]`;
      return index === 0 ? part : `.${part}`;
    })
    .join('');
}
