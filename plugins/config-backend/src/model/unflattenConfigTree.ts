import {
  ConfigJsonValue,
  ConfigTree,
} from '@idp-platform/backstage-plugin-idp-common';
import { parseConfigPointer } from './configPointer';

/** Builds a tree from leaves keyed by JSON Pointer, in the leaves' order. */
export function unflattenConfigTree(
  leaves: Iterable<[string, ConfigJsonValue]>,
): ConfigTree {
  const root: ConfigTree = {};
  for (const [pointer, value] of leaves) {
    const path = parseConfigPointer(pointer);
    let node: ConfigTree = root;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) {
        node[key] = {};
      }
      node = node[key] as ConfigTree;
    }
    node[path[path.length - 1]] = JSON.parse(JSON.stringify(value));
  }
  return root;
}
