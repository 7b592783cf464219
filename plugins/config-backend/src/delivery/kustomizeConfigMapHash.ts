import { createHash } from 'node:crypto';
import { canonicalJson } from '../model/canonicalJson';

/** JSON as Go's json.Marshal writes a map: sorted keys, HTML characters escaped. */
function goJson(value: unknown): string {
  return canonicalJson(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * The name suffix Kustomize's configMapGenerator gives a ConfigMap: the
 * SHA-256 of `{data, kind, name}`, ten characters, with letters swapped in
 * for some digits and vowels so the suffix never spells words.
 */
export function kustomizeConfigMapHash(
  name: string,
  data: Record<string, string>,
): string {
  const hex = createHash('sha256')
    .update(goJson({ kind: 'ConfigMap', name, data }))
    .digest('hex');
  const swaps: Record<string, string> = {
    '0': 'g',
    '1': 'h',
    '3': 'k',
    a: 'm',
    e: 't',
  };
  return [...hex.slice(0, 10)].map(c => swaps[c] ?? c).join('');
}
