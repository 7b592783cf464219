import {
  AccessRule,
  PolicyProblem,
  PolicyTier,
  ServiceCommunicationPolicy,
} from '@idp-platform/backstage-plugin-idp-common';
import { LineLocator } from '../model/parsePolicyYaml';

/** A catalog service as validation needs it. */
export interface KnownService {
  tier?: PolicyTier;
}

/** Whether Istio pattern `outer` matches every value `inner` (a value or pattern) matches. */
function patternCovers(outer: string, inner: string): boolean {
  if (outer === inner || outer === '*') return true;
  return (
    outer.endsWith('*') &&
    !inner.startsWith('*') &&
    inner.replace(/\*$/, '').startsWith(outer.slice(0, -1))
  );
}

function covers(outer: string[] | undefined, inner: string[] | undefined) {
  if (!outer) return true;
  if (!inner) return false;
  return inner.every(value =>
    outer.some(pattern => patternCovers(pattern, value)),
  );
}

/** Whether every request the `inner` rule matches is matched by `outer` too. */
function ruleCovers(outer: AccessRule, inner: AccessRule): boolean {
  if (outer.timeOfDay) return false;
  if (!covers(outer.methods, inner.methods)) return false;
  if (!covers(outer.paths, inner.paths)) return false;
  return Object.entries(outer.claims ?? {}).every(([claim, values]) => {
    const innerValues = inner.claims?.[claim];
    return !!innerValues && innerValues.every(value => values.includes(value));
  });
}

function sameMatch(a: AccessRule, b: AccessRule): boolean {
  const normalize = (rule: AccessRule) =>
    JSON.stringify({
      methods: rule.methods && [...rule.methods].sort(),
      paths: rule.paths && [...rule.paths].sort(),
      claims: Object.entries(rule.claims ?? {})
        .map(([claim, values]) => [claim, [...values].sort()])
        .sort(),
      timeOfDay: rule.timeOfDay,
    });
  return normalize(a) === normalize(b);
}

function portsOverlap(
  allowed: { port: number }[],
  denied: { port: number }[] | undefined,
) {
  return !denied || allowed.some(a => denied.some(d => d.port === a.port));
}

/**
 * Finds unknown services (missing from the catalog), contradicting and
 * unreachable rules, and combinations the compiler cannot enforce. Errors
 * block an apply; warnings are shown. Each problem carries its YAML line.
 */
export function validatePolicy(
  policy: ServiceCommunicationPolicy,
  lineOf: LineLocator,
  knownServices?: Map<string, KnownService>,
): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const add = (
    severity: PolicyProblem['severity'],
    code: string,
    path: (string | number)[],
    message: string,
  ) =>
    problems.push({
      severity,
      code,
      message,
      path: path.join('.'),
      line: lineOf(path),
    });
  const { spec } = policy;

  const checkService = (
    service: string,
    path: (string | number)[],
    tier?: PolicyTier,
  ) => {
    if (!knownServices) return;
    const known = knownServices.get(service);
    if (!known && service === spec.source.service) {
      // A template creates the policy of a service the catalog has not ingested yet.
      add(
        'warning',
        'source-not-in-catalog',
        path,
        `source service ${service} is not in the catalog (yet)`,
      );
    } else if (!known) {
      add(
        'error',
        'unknown-service',
        path,
        `service ${service} is not in the catalog`,
      );
    } else if (tier && known.tier && tier !== known.tier) {
      add(
        'warning',
        'tier-mismatch',
        [...path.slice(0, -1), 'tier'],
        `${service} is tier ${known.tier} in the catalog, not ${tier}`,
      );
    }
  };
  const tierOf = (service: string, tier?: PolicyTier) =>
    tier ?? knownServices?.get(service)?.tier;

  checkService(
    spec.source.service,
    ['spec', 'source', 'service'],
    spec.source.tier,
  );
  const sourceTier = tierOf(spec.source.service, spec.source.tier);
  const sourceMesh = spec.source.mesh ?? true;
  const seen = new Map<string, number>();
  spec.destinations.forEach((destination, index) => {
    const path = ['spec', 'destinations', index];
    checkService(destination.service, [...path, 'service'], destination.tier);
    const key = `${destination.namespace ?? ''}/${destination.service}`;
    if (seen.has(key)) {
      add(
        'warning',
        'duplicate-destination',
        [...path, 'service'],
        `${destination.service} is already listed as destination ${seen.get(
          key,
        )}`,
      );
    } else {
      seen.set(key, index);
    }
    if (destination.service === spec.source.service) {
      add(
        'warning',
        'self-destination',
        [...path, 'service'],
        `${destination.service} is the source itself`,
      );
    }
    if (
      sourceTier === 'frontend' &&
      tierOf(destination.service, destination.tier) === 'database'
    ) {
      add(
        'warning',
        'tier-skip',
        [...path, 'service'],
        `frontend ${spec.source.service} calls database ${destination.service} directly; go through a backend`,
      );
    }
    const httpLike = destination.ports.some(p =>
      ['HTTP', 'HTTP2', 'GRPC'].includes(p.protocol),
    );
    if ((destination.paths || destination.methods) && !httpLike) {
      add(
        'error',
        'http-on-tcp',
        [...path, destination.paths ? 'paths' : 'methods'],
        `paths and methods need an HTTP, HTTP2 or GRPC port; ${
          destination.service
        } has only ${destination.ports.map(p => p.protocol).join(', ')}`,
      );
    }
    if (
      spec.restrictions.denyExternalServices &&
      tierOf(destination.service, destination.tier) === 'external'
    ) {
      add(
        'error',
        'contradiction',
        [...path, 'service'],
        `${destination.service} is an external service, but restrictions.denyExternalServices blocks egress outside the cluster`,
      );
    }
    if (!sourceMesh && (destination.mesh ?? true)) {
      add(
        'error',
        'mesh-boundary',
        [...path, 'service'],
        `${spec.source.service} is outside the mesh and cannot reach ${destination.service}, which requires STRICT mTLS`,
      );
    }
    spec.deniedDestinations.forEach((denied, deniedIndex) => {
      if (
        denied.service === destination.service &&
        (denied.namespace ?? '') === (destination.namespace ?? '') &&
        portsOverlap(destination.ports, denied.ports)
      ) {
        add(
          'error',
          'contradiction',
          ['spec', 'deniedDestinations', deniedIndex, 'service'],
          `${denied.service} is both allowed (destinations.${index}) and denied`,
        );
      }
    });
  });
  spec.deniedDestinations.forEach((denied, index) => {
    const path = ['spec', 'deniedDestinations', index];
    checkService(denied.service, [...path, 'service'], denied.tier);
    if (denied.mesh === false) {
      add(
        'warning',
        'deny-outside-mesh',
        [...path, 'mesh'],
        `${denied.service} is outside the mesh: no DENY policy can be compiled, only the absence of an allow protects it`,
      );
    }
  });

  if (spec.accessRules) {
    if (!sourceMesh) {
      add(
        'error',
        'access-rules-outside-mesh',
        ['spec', 'accessRules'],
        `JWT access rules need an Istio sidecar, but ${spec.source.service} is outside the mesh`,
      );
    }
    const rules = spec.accessRules.rules;
    const names = new Set<string>();
    rules.forEach((rule, index) => {
      const path = ['spec', 'accessRules', 'rules', index];
      if (names.has(rule.name)) {
        add(
          'error',
          'duplicate-name',
          [...path, 'name'],
          `rule name ${rule.name} is used twice`,
        );
      }
      names.add(rule.name);
      if (rule.timeOfDay && rule.timeOfDay.from === rule.timeOfDay.to) {
        add(
          'error',
          'empty-time-window',
          [...path, 'timeOfDay'],
          `the time window of ${rule.name} is empty`,
        );
      }
      if (
        rule.timeOfDay &&
        Intl.supportedValuesOf &&
        !Intl.supportedValuesOf('timeZone').includes(rule.timeOfDay.timeZone) &&
        rule.timeOfDay.timeZone !== 'UTC'
      ) {
        add(
          'error',
          'unknown-time-zone',
          [...path, 'timeOfDay', 'timeZone'],
          `unknown time zone ${rule.timeOfDay.timeZone}`,
        );
      }
      rules.slice(0, index).forEach((earlier, earlierIndex) => {
        if (earlier.action !== rule.action && sameMatch(earlier, rule)) {
          add(
            'error',
            'contradiction',
            [...path, 'name'],
            `${rule.name} ${rule.action}s exactly what ${earlier.name} (rule ${earlierIndex}) ${earlier.action}s`,
          );
        }
      });
      if (rule.action === 'allow') {
        const shadow = rules.find(
          other =>
            other.action === 'deny' &&
            !sameMatch(other, rule) &&
            ruleCovers(other, rule),
        );
        if (shadow) {
          add(
            'warning',
            'unreachable-rule',
            [...path, 'name'],
            `${rule.name} can never allow: deny rule ${shadow.name} matches every request it matches, and DENY is decided before ALLOW`,
          );
        }
      }
    });
  }

  const scenarioNames = new Set<string>();
  spec.scenarios.forEach((scenario, index) => {
    const path = ['spec', 'scenarios', index];
    if (scenarioNames.has(scenario.name)) {
      add(
        'error',
        'duplicate-name',
        [...path, 'name'],
        `scenario name "${scenario.name}" is used twice`,
      );
    }
    scenarioNames.add(scenario.name);
    if (scenario.kind === 'communication') {
      checkService(scenario.from, [...path, 'from']);
      checkService(scenario.to, [...path, 'to']);
    } else {
      if (scenario.request.from)
        checkService(scenario.request.from, [...path, 'request', 'from']);
      if (scenario.request.to)
        checkService(scenario.request.to, [...path, 'request', 'to']);
    }
  });
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}
