import { PolicyAccessPair } from '@idp-platform/backstage-plugin-idp-common';
import {
  AuthorizationPolicyObject,
  AuthorizationPolicyRule,
  WORKLOAD_LABEL,
} from '../compiler/istioTypes';

/** `cluster.local/ns/<ns>/sa/<sa>` as `<sa>` in the environment's namespace, else `<ns>/<sa>`. */
function callerOf(principal: string, namespace: string): string {
  const match = principal.match(/\/ns\/([^/]+)\/sa\/([^/]+)$/);
  if (!match) return principal;
  return match[1] === namespace ? match[2] : `${match[1]}/${match[2]}`;
}

function hasRequestConditions(rule: AuthorizationPolicyRule): boolean {
  return (
    !!rule.when?.length ||
    !!rule.to?.some(to => to.operation?.methods || to.operation?.paths) ||
    !!rule.from?.some(from => from.source?.requestPrincipals)
  );
}

function pairsOfRule(
  rule: AuthorizationPolicyRule,
  target: string,
  namespace: string,
): PolicyAccessPair[] {
  const callers = (rule.from ?? [{ source: {} }]).flatMap(({ source = {} }) => [
    ...(source.principals ?? []).map(p => callerOf(p, namespace)),
    ...(source.namespaces ?? []).map(ns => `namespace:${ns}`),
    ...(source.requestPrincipals ?? []).map(p => `token:${p}`),
    ...(!source.principals && !source.namespaces && !source.requestPrincipals
      ? ['*']
      : []),
  ]);
  const ports = (rule.to ?? []).flatMap(to => to.operation?.ports ?? []);
  const conditional = hasRequestConditions(rule);
  return callers.flatMap(from =>
    (ports.length ? ports : [undefined]).map(port => ({
      from,
      to: target,
      ...(port !== undefined && { port: Number(port) }),
      ...(conditional && { conditional: true }),
    })),
  );
}

/** Stable key of a pair. */
export function pairKey(pair: PolicyAccessPair): string {
  return `${pair.from}|${pair.to}|${pair.port ?? '*'}|${
    pair.conditional ? 'c' : ''
  }`;
}

/**
 * Who may reach which workload on which port under a set of
 * AuthorizationPolicies: the pairs ALLOW rules name, minus those an
 * unconditional DENY rule removes. Callers are service accounts (with their
 * namespace when it is not `namespace`), `namespace:<ns>` or `token:<issuer>/*`.
 */
export function accessPairsOf(
  policies: AuthorizationPolicyObject[],
  namespace: string,
): PolicyAccessPair[] {
  const targetOf = (policy: AuthorizationPolicyObject) => {
    const app = policy.spec.selector?.matchLabels?.[WORKLOAD_LABEL];
    const name = app ?? '*';
    return policy.metadata.namespace === namespace
      ? name
      : `${policy.metadata.namespace}/${name}`;
  };
  const collect = (action: string) =>
    policies
      .filter(policy => (policy.spec.action ?? 'ALLOW') === action)
      .flatMap(policy =>
        (policy.spec.rules ?? []).map(rule => ({
          rule,
          target: targetOf(policy),
        })),
      );
  const denied = collect('DENY')
    .filter(({ rule }) => !hasRequestConditions(rule))
    .flatMap(({ rule, target }) => pairsOfRule(rule, target, namespace));
  const isDenied = (pair: PolicyAccessPair) =>
    denied.some(
      d =>
        (d.from === pair.from || d.from === '*') &&
        d.to === pair.to &&
        (d.port === undefined || d.port === pair.port),
    );
  const pairs = new Map<string, PolicyAccessPair>();
  for (const { rule, target } of collect('ALLOW')) {
    for (const pair of pairsOfRule(rule, target, namespace)) {
      if (!isDenied(pair)) pairs.set(pairKey(pair), pair);
    }
  }
  return [...pairs.values()].sort((a, b) =>
    pairKey(a).localeCompare(pairKey(b)),
  );
}
