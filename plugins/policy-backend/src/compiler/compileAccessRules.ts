import {
  AccessRule,
  AccessRules,
  POLICY_ENVIRONMENT_PLACEHOLDER,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  AuthorizationPolicyObject,
  AuthorizationPolicyRule,
  CompiledMetadata,
  RequestAuthenticationObject,
  WORKLOAD_LABEL,
} from './istioTypes';
import { ResolvedWorkload } from './resolveWorkload';

/** Claim values with `$environment` replaced by the environment's name. */
export function resolveClaims(
  rule: AccessRule,
  environment: string,
): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(rule.claims ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([claim, values]) => [
        claim,
        [
          ...new Set(
            values.map(value =>
              value === POLICY_ENVIRONMENT_PLACEHOLDER ? environment : value,
            ),
          ),
        ].sort(),
      ]),
  );
}

function ruleFor(
  rule: AccessRule,
  rules: AccessRules,
  environment: string,
): AuthorizationPolicyRule {
  const operation = {
    ...(rule.methods && { methods: [...rule.methods].sort() }),
    ...(rule.paths && { paths: [...rule.paths].sort() }),
  };
  const when = Object.entries(resolveClaims(rule, environment)).map(
    ([claim, values]) => ({ key: `request.auth.claims[${claim}]`, values }),
  );
  return {
    from: [{ source: { requestPrincipals: [`${rules.issuer}/*`] } }],
    ...(Object.keys(operation).length > 0 && { to: [{ operation }] }),
    ...(when.length > 0 && { when }),
  };
}

/** The Istio side of JWT access rules on the source workload. */
export function compileAccessRules(options: {
  rules: AccessRules;
  workload: ResolvedWorkload;
  environment: string;
  opaProvider: string;
  metadata: (name: string, namespace: string) => CompiledMetadata;
  policyName: string;
}): (AuthorizationPolicyObject | RequestAuthenticationObject)[] {
  const { rules, workload, environment, metadata, policyName } = options;
  const selector = { matchLabels: { [WORKLOAD_LABEL]: workload.service } };
  const objects: (AuthorizationPolicyObject | RequestAuthenticationObject)[] = [
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'RequestAuthentication',
      metadata: metadata(`${policyName}-jwt`, workload.namespace),
      spec: {
        selector,
        jwtRules: [
          {
            issuer: rules.issuer,
            jwksUri: rules.jwksUri,
            ...(rules.audiences && {
              audiences: [...rules.audiences].sort(),
            }),
            forwardOriginalToken: true,
          },
        ],
      },
    },
  ];
  const allow = rules.rules.filter(rule => rule.action === 'allow');
  // A timed deny rule must not deny outside its window, so only OPA enforces it.
  const deny = rules.rules.filter(
    rule => rule.action === 'deny' && !rule.timeOfDay,
  );
  const timed = rules.rules.filter(rule => rule.timeOfDay);
  if (allow.length > 0) {
    objects.push({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: metadata(`${policyName}-jwt-allow`, workload.namespace),
      spec: {
        selector,
        action: 'ALLOW',
        rules: allow.map(rule => ruleFor(rule, rules, environment)),
      },
    });
  }
  if (deny.length > 0) {
    objects.push({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: metadata(`${policyName}-jwt-deny`, workload.namespace),
      spec: {
        selector,
        action: 'DENY',
        rules: deny.map(rule => ruleFor(rule, rules, environment)),
      },
    });
  }
  if (timed.length > 0) {
    // Istio cannot compare clock time: requests these rules cover go to OPA, which runs the Rego.
    objects.push({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: metadata(`${policyName}-jwt-time`, workload.namespace),
      spec: {
        selector,
        action: 'CUSTOM',
        provider: { name: options.opaProvider },
        rules: timed.map(rule => ruleFor(rule, rules, environment)),
      },
    });
  }
  return objects;
}
