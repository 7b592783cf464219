import {
  AccessRule,
  AccessRules,
} from '@idp-platform/backstage-plugin-idp-common';
import { resolveClaims } from '../compiler/compileAccessRules';
import { asList, matchesAny } from './matchIstioValue';

/** The parts of a request that JWT access rules look at. */
export interface AccessRequest {
  method: string;
  path: string;
  /** Verified token claims; absent without a (valid) token. */
  claims?: Record<string, string | string[]>;
  /** Clock time `HH:MM` in the rule's time zone. */
  time: string;
}

function minutes(clock: string): number {
  const [hours, mins] = clock.split(':').map(Number);
  return hours * 60 + mins;
}

/** Whether `HH:MM` lies in the window; windows may wrap midnight, `to` is exclusive. */
export function withinTimeOfDay(
  window: { from: string; to: string },
  time: string,
): boolean {
  const now = minutes(time);
  const from = minutes(window.from);
  const to = minutes(window.to);
  return from <= to ? now >= from && now < to : now >= from || now < to;
}

/** Whether a rule's claims, paths and methods match, leaving out time of day. */
export function accessRuleConditionsMatch(
  rule: AccessRule,
  request: AccessRequest,
  environment: string,
): boolean {
  if (!request.claims) return false;
  if (rule.methods && !rule.methods.includes(request.method as never)) {
    return false;
  }
  if (rule.paths && !matchesAny(rule.paths, request.path)) return false;
  return Object.entries(resolveClaims(rule, environment)).every(
    ([claim, values]) => {
      return asList(request.claims?.[claim]).some(value =>
        matchesAny(values, value),
      );
    },
  );
}

/**
 * The decision OPA makes for the CUSTOM step (the Rego from
 * renderAccessRego encodes the same): deny when a timed deny rule matches
 * inside its window, or when the request matches timed allow rules only
 * outside their windows and no other allow rule admits it; otherwise allow
 * and let Istio's DENY and ALLOW steps decide.
 */
export function evaluateTimedAccess(
  rules: AccessRules,
  request: AccessRequest,
  environment: string,
): { allow: boolean; reason: string } {
  const matching = rules.rules.filter(rule =>
    accessRuleConditionsMatch(rule, request, environment),
  );
  const active = (rule: AccessRule) =>
    !rule.timeOfDay || withinTimeOfDay(rule.timeOfDay, request.time);
  const deny = matching.find(
    rule => rule.action === 'deny' && rule.timeOfDay && active(rule),
  );
  if (deny) {
    return {
      allow: false,
      reason: `OPA: deny rule ${deny.name} applies at ${request.time}`,
    };
  }
  const timedAllow = matching.filter(
    rule => rule.action === 'allow' && rule.timeOfDay,
  );
  if (
    timedAllow.length > 0 &&
    !matching.some(rule => rule.action === 'allow' && active(rule))
  ) {
    const window = timedAllow[0].timeOfDay!;
    return {
      allow: false,
      reason: `OPA: rule ${timedAllow[0].name} allows only ${window.from}-${window.to} ${window.timeZone}, not ${request.time}`,
    };
  }
  return { allow: true, reason: 'OPA: no time-of-day rule objects' };
}
