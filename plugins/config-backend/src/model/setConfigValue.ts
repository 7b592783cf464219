import {
  ConfigJsonValue,
  ConfigTree,
} from '@idp-platform/backstage-plugin-idp-common';
import { isSameOrAncestorPointer } from './configPointer';
import { flattenConfigTree } from './flattenConfigTree';
import { unflattenConfigTree } from './unflattenConfigTree';

/**
 * A copy of the tree with the key set to the value, or removed when the value
 * is undefined. Whatever was at the key's parents or below it is replaced.
 */
export function setConfigValue(
  tree: ConfigTree | undefined,
  key: string,
  value: ConfigJsonValue | undefined,
): ConfigTree {
  const leaves = [...flattenConfigTree(tree ?? {})].filter(
    ([pointer]) =>
      !isSameOrAncestorPointer(key, pointer) &&
      !isSameOrAncestorPointer(pointer, key),
  );
  if (value !== undefined) {
    const nested = flattenConfigTree({ value });
    for (const [pointer, leaf] of nested) {
      leaves.push([`${key}${pointer.slice('/value'.length)}`, leaf]);
    }
  }
  return unflattenConfigTree(leaves);
}
