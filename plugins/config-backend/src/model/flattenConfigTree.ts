import {
  ConfigJsonValue,
  isSecretRefValue,
} from '@idp-platform/backstage-plugin-idp-common';
import { toConfigPointer } from './configPointer';

/** Whether a value is an object the merge descends into (not a secret reference). */
export function isConfigBranch(
  value: unknown,
): value is { [key: string]: ConfigJsonValue } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !isSecretRefValue(value)
  );
}

/**
 * The leaves of a configuration tree by JSON Pointer. Arrays, secret
 * references and empty objects are leaves: they are replaced, never merged.
 */
export function flattenConfigTree(
  tree: unknown,
  prefix: string[] = [],
): Map<string, ConfigJsonValue> {
  const leaves = new Map<string, ConfigJsonValue>();
  const visit = (value: ConfigJsonValue, path: string[]) => {
    if (isConfigBranch(value) && Object.keys(value).length > 0) {
      for (const [key, child] of Object.entries(value)) {
        visit(child, [...path, key]);
      }
      return;
    }
    leaves.set(toConfigPointer(path), value);
  };
  if (isConfigBranch(tree)) {
    for (const [key, child] of Object.entries(tree)) {
      visit(child, [...prefix, key]);
    }
  }
  return leaves;
}
