/** Escapes one key for a JSON Pointer (RFC 6901). */
function escapeSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The JSON Pointer of a path of keys, e.g. `['database', 'port']` → `/database/port`. */
export function toConfigPointer(segments: string[]): string {
  return segments.map(segment => `/${escapeSegment(segment)}`).join('');
}

/** The keys of a JSON Pointer; `''` is the root. */
export function parseConfigPointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map(segment => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Whether `ancestor` is `pointer` itself or one of its parents. */
export function isSameOrAncestorPointer(
  ancestor: string,
  pointer: string,
): boolean {
  return pointer === ancestor || pointer.startsWith(`${ancestor}/`);
}
