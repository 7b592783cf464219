import {
  ApplicationConfigurationSpec,
  ConfigDiffEntry,
} from '@idp-platform/backstage-plugin-idp-common';
import { jsonEqual } from './canonicalJson';
import { flattenSpec } from './flattenSpec';

/** What changed from one spec to another, path by path, sorted by path. */
export function diffSpecs(
  before: ApplicationConfigurationSpec,
  after: ApplicationConfigurationSpec,
): ConfigDiffEntry[] {
  const from = flattenSpec(before);
  const to = flattenSpec(after);
  const entries: ConfigDiffEntry[] = [];
  for (const [path, value] of to) {
    if (!from.has(path)) {
      entries.push({ path, kind: 'added', after: value });
    } else if (!jsonEqual(from.get(path), value)) {
      entries.push({
        path,
        kind: 'changed',
        before: from.get(path),
        after: value,
      });
    }
  }
  for (const [path, value] of from) {
    if (!to.has(path)) entries.push({ path, kind: 'removed', before: value });
  }
  return entries.sort((a, b) => a.path.localeCompare(b.path));
}
