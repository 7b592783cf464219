import {
  ConfigJsonValue,
  ConfigLayer,
  ConfigTree,
} from '@idp-platform/backstage-plugin-idp-common';
import { isSameOrAncestorPointer } from './configPointer';
import { flattenConfigTree, isConfigBranch } from './flattenConfigTree';
import { unflattenConfigTree } from './unflattenConfigTree';

/** One layer's tree, lowest precedence first. */
export interface ConfigLayerTree {
  layer: ConfigLayer;
  tree: ConfigTree | undefined;
}

/** The merged tree and, per leaf, the layer it came from. */
export interface MergedConfiguration {
  values: ConfigTree;
  sources: Record<string, ConfigLayer>;
}

/**
 * Deep-merges layers in order: objects merge key by key, anything else
 * (scalars, arrays, secret references) replaces what lower layers had, and
 * `null` removes the key.
 */
export function mergeConfigLayers(
  layers: ConfigLayerTree[],
): MergedConfiguration {
  const merged = new Map<
    string,
    { value: ConfigJsonValue; layer: ConfigLayer }
  >();
  for (const { layer, tree } of layers) {
    for (const [pointer, value] of flattenConfigTree(tree)) {
      const isEmptyBranch =
        isConfigBranch(value) && Object.keys(value).length === 0;
      const below = [...merged.keys()].filter(
        key => key !== pointer && isSameOrAncestorPointer(pointer, key),
      );
      // An empty object adds nothing to an object lower layers filled.
      if (isEmptyBranch && below.length > 0) continue;
      for (const key of merged.keys()) {
        if (isSameOrAncestorPointer(key, pointer) || below.includes(key)) {
          merged.delete(key);
        }
      }
      if (value !== null) merged.set(pointer, { value, layer });
    }
  }
  const entries = [...merged.entries()];
  return {
    values: unflattenConfigTree(
      entries.map(([pointer, entry]) => [pointer, entry.value]),
    ),
    sources: Object.fromEntries(
      entries.map(([pointer, entry]) => [pointer, entry.layer]),
    ),
  };
}
