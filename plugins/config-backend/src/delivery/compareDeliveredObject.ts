import {
  ConfigDriftDifference,
  ConfigDriftObject,
} from '@idp-platform/backstage-plugin-idp-common';
import { KubernetesObject } from '@idp-platform/backstage-plugin-idp-node';
import { jsonEqual } from '../model/canonicalJson';
import { toConfigPointer } from '../model/configPointer';
import { flattenConfigTree } from '../model/flattenConfigTree';

/**
 * Compares an object as delivered with what the cluster has. A ConfigMap's
 * data must match exactly; other objects must still hold every field of
 * their delivered spec (the API server may add defaults).
 */
export function compareDeliveredObject(
  expected: KubernetesObject,
  actual: KubernetesObject | undefined,
): ConfigDriftObject {
  const identity = {
    apiVersion: expected.apiVersion,
    kind: expected.kind,
    namespace: expected.metadata.namespace ?? '',
    name: expected.metadata.name ?? '',
  };
  if (!actual) return { ...identity, status: 'missing', differences: [] };
  const differences: ConfigDriftDifference[] = [];
  if (expected.kind === 'ConfigMap') {
    const want = (expected.data ?? {}) as Record<string, string>;
    const have = (actual.data ?? {}) as Record<string, string>;
    for (const key of new Set([...Object.keys(want), ...Object.keys(have)])) {
      if (want[key] !== have[key]) {
        differences.push({
          path: toConfigPointer(['data', key]),
          expected: want[key],
          actual: have[key],
        });
      }
    }
  } else {
    const have = flattenConfigTree(actual.spec, ['spec']);
    for (const [path, value] of flattenConfigTree(expected.spec, ['spec'])) {
      if (!jsonEqual(value, have.get(path))) {
        differences.push({ path, expected: value, actual: have.get(path) });
      }
    }
  }
  return {
    ...identity,
    status: differences.length ? 'modified' : 'in-sync',
    differences,
  };
}
