import { isDeepStrictEqual } from 'node:util';
import {
  PolicyAccessPair,
  PolicyImpactReport,
} from '@idp-platform/backstage-plugin-idp-common';
import { KubernetesObject } from '@idp-platform/backstage-plugin-idp-node';
import {
  AuthorizationPolicyObject,
  CompiledPolicyObject,
  POLICY_LABEL,
} from '../compiler/istioTypes';
import { accessPairsOf, pairKey } from './accessPairsOf';

const keyOf = (object: {
  kind: string;
  metadata: { namespace?: string; name?: string };
}) => `${object.kind}/${object.metadata.namespace}/${object.metadata.name}`;

const isAuthorizationPolicy = (
  object: KubernetesObject | CompiledPolicyObject,
): object is AuthorizationPolicyObject => object.kind === 'AuthorizationPolicy';

/**
 * Compares what applying `compiled` (the objects of policy `policyName`)
 * would leave in the cluster with what `applied` holds now: the access pairs
 * gained and lost, and which objects are created, updated, left as they are
 * or deleted (objects of this policy that the new version no longer has).
 */
export function analyzeImpact(options: {
  policyName: string;
  namespace: string;
  compiled: CompiledPolicyObject[];
  applied: KubernetesObject[];
}): Pick<PolicyImpactReport, 'gained' | 'lost' | 'unchanged' | 'objects'> {
  const { policyName, namespace, compiled, applied } = options;
  const ownedByPolicy = (object: KubernetesObject) =>
    object.metadata.labels?.[POLICY_LABEL] === policyName;
  const compiledKeys = new Set(compiled.map(keyOf));
  const after = [
    ...applied.filter(o => !ownedByPolicy(o) && !compiledKeys.has(keyOf(o))),
    ...compiled,
  ];
  const before = accessPairsOf(
    applied.filter(
      isAuthorizationPolicy,
    ) as unknown as AuthorizationPolicyObject[],
    namespace,
  );
  const afterPairs = accessPairsOf(
    (after as (KubernetesObject | CompiledPolicyObject)[]).filter(
      isAuthorizationPolicy,
    ) as AuthorizationPolicyObject[],
    namespace,
  );
  const beforeKeys = new Set(before.map(pairKey));
  const afterKeys = new Set(afterPairs.map(pairKey));
  const gained: PolicyAccessPair[] = afterPairs.filter(
    p => !beforeKeys.has(pairKey(p)),
  );
  const lost = before.filter(p => !afterKeys.has(pairKey(p)));
  const unchanged = afterPairs.filter(p => beforeKeys.has(pairKey(p)));

  const appliedByKey = new Map(applied.map(o => [keyOf(o), o]));
  const objects: PolicyImpactReport['objects'] = compiled.map(object => {
    const current = appliedByKey.get(keyOf(object));
    const same =
      current &&
      isDeepStrictEqual(current.spec ?? {}, object.spec) &&
      isDeepStrictEqual(current.metadata.labels ?? {}, object.metadata.labels);
    let change: 'create' | 'update' | 'unchanged' = 'update';
    if (!current) change = 'create';
    else if (same) change = 'unchanged';
    return {
      kind: object.kind,
      name: object.metadata.name,
      namespace: object.metadata.namespace,
      change,
    };
  });
  for (const object of applied) {
    if (ownedByPolicy(object) && !compiledKeys.has(keyOf(object))) {
      objects.push({
        kind: object.kind,
        name: object.metadata.name!,
        namespace: object.metadata.namespace!,
        change: 'delete',
      });
    }
  }
  return { gained, lost, unchanged, objects };
}
