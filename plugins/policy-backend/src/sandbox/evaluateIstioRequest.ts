import {
  AuthorizationPolicyObject,
  AuthorizationPolicyRule,
  CompiledPolicyObject,
  RequestAuthenticationObject,
  WORKLOAD_LABEL,
} from '../compiler/istioTypes';
import { asList, matchesAny } from './matchIstioValue';

/** A request as Istio's sidecar of the target workload sees it. */
export interface MeshRequest {
  /** Target workload. */
  namespace: string;
  service: string;
  port?: number;
  /** HTTP attributes; absent for a connection-level question ("may A reach B on P?"). */
  http?: { method: string; path: string };
  /** mTLS identity of the caller; absent for plaintext or unauthenticated callers. */
  sourcePrincipal?: string;
  /** Bearer token claims; absent without a token. */
  claims?: Record<string, string | string[]>;
}

/** How the evaluator decided. */
export interface MeshDecision {
  decision: 'allow' | 'deny';
  reason: string;
  /** `Kind/namespace/name` of the object that decided. */
  decidedBy?: string;
  /** Allowed only for some requests (HTTP or JWT conditions apply). */
  conditional?: boolean;
}

/** Runs the external authorizer of a CUSTOM policy (OPA in production). */
export type CustomProvider = (
  policy: AuthorizationPolicyObject,
  request: MeshRequest & { requestPrincipal?: string },
) => { allow: boolean; reason: string };

type RuleMatch = 'match' | 'no-match' | 'conditional';

const refOf = (object: CompiledPolicyObject) =>
  `${object.kind}/${object.metadata.namespace}/${object.metadata.name}`;

function selects(
  object: {
    metadata: { namespace: string };
    spec: { selector?: { matchLabels?: Record<string, string> } };
  },
  request: MeshRequest,
): boolean {
  if (object.metadata.namespace !== request.namespace) return false;
  const labels = object.spec.selector?.matchLabels ?? {};
  return Object.entries(labels).every(
    ([key, value]) => key === WORKLOAD_LABEL && value === request.service,
  );
}

function namespaceOfPrincipal(principal: string | undefined) {
  return principal?.match(/\/ns\/([^/]+)\//)?.[1];
}

interface Attributes extends MeshRequest {
  requestPrincipal?: string;
}

/** Checks one field group; `undefined` values mean the attribute is unknown (connection-level). */
function fieldMatches(
  values: string[] | undefined,
  notValues: string[] | undefined,
  actual: string | string[] | undefined,
  httpOnly: boolean,
  attributes: Attributes,
): RuleMatch {
  if (!values && !notValues) return 'match';
  if (httpOnly && !attributes.http) return 'conditional';
  const list = asList(actual);
  if (values && !list.some(value => matchesAny(values, value)))
    return 'no-match';
  if (notValues && list.some(value => matchesAny(notValues, value)))
    return 'no-match';
  return 'match';
}

function combine(results: RuleMatch[]): RuleMatch {
  if (results.includes('no-match')) return 'no-match';
  return results.includes('conditional') ? 'conditional' : 'match';
}

function anyOf(results: RuleMatch[]): RuleMatch {
  if (results.includes('match')) return 'match';
  return results.includes('conditional') ? 'conditional' : 'no-match';
}

function ruleMatches(
  rule: AuthorizationPolicyRule,
  attributes: Attributes,
): RuleMatch {
  const parts: RuleMatch[] = [];
  if (rule.from?.length) {
    parts.push(
      anyOf(
        rule.from.map(({ source = {} }) =>
          combine([
            fieldMatches(
              source.principals,
              source.notPrincipals,
              attributes.sourcePrincipal,
              false,
              attributes,
            ),
            fieldMatches(
              source.namespaces,
              source.notNamespaces,
              namespaceOfPrincipal(attributes.sourcePrincipal),
              false,
              attributes,
            ),
            fieldMatches(
              source.requestPrincipals,
              source.notRequestPrincipals,
              attributes.requestPrincipal,
              true,
              attributes,
            ),
            source.ipBlocks || source.remoteIpBlocks ? 'no-match' : 'match',
          ]),
        ),
      ),
    );
  }
  if (rule.to?.length) {
    parts.push(
      anyOf(
        rule.to.map(({ operation = {} }) =>
          combine([
            attributes.port === undefined
              ? 'match'
              : fieldMatches(
                  operation.ports,
                  operation.notPorts,
                  String(attributes.port),
                  false,
                  attributes,
                ),
            fieldMatches(
              operation.methods,
              operation.notMethods,
              attributes.http?.method,
              true,
              attributes,
            ),
            fieldMatches(
              operation.paths,
              operation.notPaths,
              attributes.http?.path,
              true,
              attributes,
            ),
            operation.hosts ? 'no-match' : 'match',
          ]),
        ),
      ),
    );
  }
  for (const condition of rule.when ?? []) {
    const claim = condition.key.match(
      /^request\.auth\.claims\[([^\]]+)\]$/,
    )?.[1];
    if (claim) {
      parts.push(
        fieldMatches(
          condition.values,
          condition.notValues,
          attributes.requestPrincipal ? attributes.claims?.[claim] : undefined,
          true,
          attributes,
        ),
      );
    } else if (condition.key === 'source.principal') {
      parts.push(
        fieldMatches(
          condition.values,
          condition.notValues,
          attributes.sourcePrincipal,
          false,
          attributes,
        ),
      );
    } else if (condition.key === 'source.namespace') {
      parts.push(
        fieldMatches(
          condition.values,
          condition.notValues,
          namespaceOfPrincipal(attributes.sourcePrincipal),
          false,
          attributes,
        ),
      );
    } else {
      parts.push('no-match');
    }
  }
  return combine(parts);
}

/**
 * Decides a request the way Istio documents it: RequestAuthentication
 * rejects tokens from unknown issuers; then CUSTOM policies (the external
 * authorizer), then DENY, then ALLOW; when ALLOW policies select the workload
 * and none matches, the request is denied; with no ALLOW policy it is allowed.
 * For a connection-level question (no HTTP attributes) ALLOW rules that need
 * HTTP or JWT attributes allow conditionally, and such DENY rules do not deny.
 */
export function evaluateIstioRequest(
  objects: CompiledPolicyObject[],
  request: MeshRequest,
  customProvider?: CustomProvider,
): MeshDecision {
  const attributes: Attributes = { ...request };
  const authentications = objects.filter(
    (object): object is RequestAuthenticationObject =>
      object.kind === 'RequestAuthentication' && selects(object, request),
  );
  if (request.claims) {
    const issuers = authentications.flatMap(a =>
      (a.spec.jwtRules ?? []).map(rule => rule.issuer),
    );
    const issuer =
      typeof request.claims.iss === 'string' ? request.claims.iss : issuers[0];
    if (authentications.length > 0 && (!issuer || !issuers.includes(issuer))) {
      return {
        decision: 'deny',
        reason: `RequestAuthentication rejects the token: issuer ${
          issuer ?? '(none)'
        } is not trusted`,
        decidedBy: refOf(authentications[0]),
      };
    }
    if (issuer && authentications.length > 0) {
      const subject =
        typeof request.claims.sub === 'string' ? request.claims.sub : 'unknown';
      attributes.requestPrincipal = `${issuer}/${subject}`;
    }
  }

  const policies = objects.filter(
    (object): object is AuthorizationPolicyObject =>
      object.kind === 'AuthorizationPolicy' && selects(object, request),
  );
  const byAction = (action: string) =>
    policies.filter(policy => (policy.spec.action ?? 'ALLOW') === action);

  for (const policy of byAction('CUSTOM')) {
    const matched = (policy.spec.rules ?? []).some(
      rule => ruleMatches(rule, attributes) === 'match',
    );
    if (matched && customProvider) {
      const verdict = customProvider(policy, attributes);
      if (!verdict.allow) {
        return {
          decision: 'deny',
          reason: `CUSTOM ${verdict.reason}`,
          decidedBy: refOf(policy),
        };
      }
    }
  }
  for (const policy of byAction('DENY')) {
    const index = (policy.spec.rules ?? []).findIndex(
      rule => ruleMatches(rule, attributes) === 'match',
    );
    if (index >= 0) {
      return {
        decision: 'deny',
        reason: `DENY policy ${policy.metadata.name} rule ${index} matched`,
        decidedBy: refOf(policy),
      };
    }
  }
  const allowPolicies = byAction('ALLOW');
  if (allowPolicies.length === 0) {
    return {
      decision: 'allow',
      reason: 'no ALLOW policy selects the workload',
    };
  }
  let conditional: AuthorizationPolicyObject | undefined;
  for (const policy of allowPolicies) {
    const results = (policy.spec.rules ?? []).map(rule =>
      ruleMatches(rule, attributes),
    );
    const index = results.indexOf('match');
    if (index >= 0) {
      return {
        decision: 'allow',
        reason: `ALLOW policy ${policy.metadata.name} rule ${index} matched`,
        decidedBy: refOf(policy),
      };
    }
    if (!conditional && results.includes('conditional')) conditional = policy;
  }
  if (conditional) {
    return {
      decision: 'allow',
      conditional: true,
      reason: `ALLOW policy ${conditional.metadata.name} admits some requests (HTTP or JWT conditions apply)`,
      decidedBy: refOf(conditional),
    };
  }
  return {
    decision: 'deny',
    reason: `no ALLOW rule matched (${allowPolicies
      .map(p => p.metadata.name)
      .sort()
      .join(', ')} select the workload)`,
  };
}
