import {
  ConfigComparisonRow,
  EffectiveConfiguration,
} from '@idp-platform/backstage-plugin-idp-common';
import { jsonEqual } from './canonicalJson';
import { flattenConfigTree } from './flattenConfigTree';

/**
 * Keys down, environments across: every key of any environment's effective
 * configuration with its value and source layer per environment, marked
 * where the environments disagree.
 */
export function compareEnvironments(
  effective: EffectiveConfiguration[],
): ConfigComparisonRow[] {
  const leaves = effective.map(e => ({
    environment: e.environment,
    values: flattenConfigTree(e.values),
    sources: e.sources,
  }));
  const keys = [...new Set(leaves.flatMap(l => [...l.values.keys()]))].sort();
  return keys.map(key => {
    const cells: ConfigComparisonRow['cells'] = {};
    for (const { environment, values, sources } of leaves) {
      cells[environment] = values.has(key)
        ? { present: true, value: values.get(key), source: sources[key] }
        : { present: false };
    }
    const all = Object.values(cells);
    const differs = all.some(
      cell =>
        cell.present !== all[0].present || !jsonEqual(cell.value, all[0].value),
    );
    return { key, cells, differs };
  });
}
