import {
  Environment,
  Severity,
  compareSeverity,
} from '@idp-platform/backstage-plugin-idp-common';

/** What the gate does with an open finding of a severity. */
export type SeverityAction = 'block' | 'require-approval' | 'allow';

/** Severities the policy rules speak about (`none` is always allowed). */
export const POLICY_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

/** @public */
export type PolicySeverity = (typeof POLICY_SEVERITIES)[number];

/** The rules of one environment after defaults and overrides. */
export interface EnvironmentSecurityRules {
  environment: string;
  actions: Record<PolicySeverity, SeverityAction>;
  /** Action for findings past their remediation due date. */
  overdueAction: SeverityAction;
  /** Refuse artifacts no scanner report was uploaded for. */
  requireReport: boolean;
  /** Refuse artifacts without a verified Sigstore signature. */
  requireSignature: boolean;
}

/** Partial rules as written in `idp.security.policy`. */
export interface SecurityRulesConfig {
  actions?: Partial<Record<PolicySeverity, SeverityAction>>;
  overdueAction?: SeverityAction;
  requireReport?: boolean;
  requireSignature?: boolean;
}

/** `idp.security.policy`, read and validated. */
export interface SecurityPolicyConfig {
  remediationDays: Partial<Record<Severity, number>>;
  defaults: SecurityRulesConfig;
  environments: Record<string, SecurityRulesConfig>;
}

const ACTION_ORDER: SeverityAction[] = ['allow', 'require-approval', 'block'];

/** The stricter of two actions. */
export function stricterAction(
  a: SeverityAction,
  b: SeverityAction,
): SeverityAction {
  return ACTION_ORDER.indexOf(a) >= ACTION_ORDER.indexOf(b) ? a : b;
}

/**
 * The built-in policy: critical blocks everywhere; high blocks production and
 * needs an approval in staging; medium is allowed with a 90 day remediation
 * due date; low is allowed.
 */
export const DEFAULT_SECURITY_POLICY: SecurityPolicyConfig = {
  remediationDays: { critical: 7, high: 30, medium: 90 },
  defaults: {
    actions: {
      critical: 'block',
      high: 'allow',
      medium: 'allow',
      low: 'allow',
    },
    overdueAction: 'allow',
    requireSignature: false,
  },
  environments: {
    staging: { actions: { high: 'require-approval' } },
    production: { actions: { high: 'block' } },
  },
};

/**
 * The security policy per environment: configured rules, then the
 * environment's own `security.maxSeverity` (anything above it blocks).
 */
export class SecurityPolicy {
  constructor(private readonly config: SecurityPolicyConfig) {}

  rulesFor(environment: Environment): EnvironmentSecurityRules {
    const { defaults } = this.config;
    const override = this.config.environments[environment.name] ?? {};
    const actions = {} as Record<PolicySeverity, SeverityAction>;
    for (const severity of POLICY_SEVERITIES) {
      const configured =
        override.actions?.[severity] ?? defaults.actions?.[severity] ?? 'allow';
      const aboveMax =
        compareSeverity(severity, environment.security.maxSeverity) > 0;
      actions[severity] = aboveMax
        ? stricterAction(configured, 'block')
        : configured;
    }
    return {
      environment: environment.name,
      actions,
      overdueAction:
        override.overdueAction ?? defaults.overdueAction ?? 'allow',
      requireReport:
        override.requireReport ??
        defaults.requireReport ??
        environment.protected,
      requireSignature:
        override.requireSignature ?? defaults.requireSignature ?? false,
    };
  }

  /** When a finding first seen at `firstSeen` must be fixed, if ever. */
  dueAt(severity: Severity, firstSeen: string): string | undefined {
    const days = this.config.remediationDays[severity];
    if (days === undefined) return undefined;
    return new Date(
      Date.parse(firstSeen) + days * 24 * 60 * 60 * 1000,
    ).toISOString();
  }
}
