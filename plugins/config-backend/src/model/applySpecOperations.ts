import { ApplicationConfigurationSpec } from '@idp-platform/backstage-plugin-idp-common';
import { isSameOrAncestorPointer } from './configPointer';
import { flattenSpec, unflattenSpec } from './flattenSpec';

/** Sets (or with `remove`, deletes) one path of a flattened spec. */
export interface SpecOperation {
  path: string;
  value?: unknown;
  remove?: true;
}

/** The operations that turn a diff's `before` into its `after`. */
export function operationsOf(
  entries: { path: string; kind: string; after?: unknown }[],
): SpecOperation[] {
  return entries.map(entry =>
    entry.kind === 'removed'
      ? { path: entry.path, remove: true }
      : { path: entry.path, value: entry.after },
  );
}

/**
 * Applies operations to a spec. Setting a path replaces what was at its
 * parents or below it, as setting a key in a YAML file would.
 */
export function applySpecOperations(
  spec: ApplicationConfigurationSpec,
  operations: SpecOperation[],
): ApplicationConfigurationSpec {
  const flat = flattenSpec(spec);
  for (const operation of operations) {
    for (const path of [...flat.keys()]) {
      if (
        isSameOrAncestorPointer(operation.path, path) ||
        isSameOrAncestorPointer(path, operation.path)
      ) {
        flat.delete(path);
      }
    }
    if (!operation.remove) flat.set(operation.path, operation.value);
  }
  return unflattenSpec(flat);
}
