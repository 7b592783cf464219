import {
  ConfigJsonValue,
  ConfigTree,
} from '@idp-platform/backstage-plugin-idp-common';

/** The value at a JSON Pointer such as `/database/port`, or undefined. */
export function readConfigValue(
  tree: ConfigTree | undefined,
  key: string,
): ConfigJsonValue | undefined {
  let node: ConfigJsonValue | undefined = tree;
  for (const segment of key.split('/').slice(1)) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) {
      return undefined;
    }
    node = node[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}
