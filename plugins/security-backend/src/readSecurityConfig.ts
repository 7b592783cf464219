import { Config } from '@backstage/config';
import {
  SEVERITIES,
  Severity,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  DEFAULT_SECURITY_POLICY,
  POLICY_SEVERITIES,
  SecurityPolicyConfig,
  SecurityRulesConfig,
  SeverityAction,
} from './policy/SecurityPolicy';

const ACTIONS: SeverityAction[] = ['block', 'require-approval', 'allow'];

/** Everything this plugin reads from `idp.security`. */
export interface SecurityBackendConfig {
  policy: SecurityPolicyConfig;
  /** Largest accepted report body, in bytes. */
  maxReportBytes: number;
}

function readRules(
  config: Config | undefined,
  key: string,
): SecurityRulesConfig {
  if (!config) return {};
  const rules: SecurityRulesConfig = {};
  for (const severity of POLICY_SEVERITIES) {
    const action = config.getOptionalString(severity);
    if (action === undefined) continue;
    if (!ACTIONS.includes(action as SeverityAction)) {
      throw new Error(
        `Invalid ${key}.${severity}: must be one of ${ACTIONS.join(
          ', ',
        )}, got "${action}"`,
      );
    }
    rules.actions = { ...rules.actions, [severity]: action as SeverityAction };
  }
  const overdue = config.getOptionalString('overdue');
  if (overdue !== undefined) {
    if (!ACTIONS.includes(overdue as SeverityAction)) {
      throw new Error(
        `Invalid ${key}.overdue: must be one of ${ACTIONS.join(
          ', ',
        )}, got "${overdue}"`,
      );
    }
    rules.overdueAction = overdue as SeverityAction;
  }
  const requireReport = config.getOptionalBoolean('requireReport');
  if (requireReport !== undefined) rules.requireReport = requireReport;
  const requireSignature = config.getOptionalBoolean('requireSignature');
  if (requireSignature !== undefined) rules.requireSignature = requireSignature;
  return rules;
}

function mergeRules(
  base: SecurityRulesConfig,
  over: SecurityRulesConfig,
): SecurityRulesConfig {
  return {
    ...base,
    ...over,
    actions: { ...base.actions, ...over.actions },
  };
}

/** Reads `idp.security`, filling in the documented defaults. */
export function readSecurityConfig(config: Config): SecurityBackendConfig {
  const root = config.getOptionalConfig('idp.security');
  const policyConfig = root?.getOptionalConfig('policy');

  const remediationDays: Partial<Record<Severity, number>> = {
    ...DEFAULT_SECURITY_POLICY.remediationDays,
  };
  const days = policyConfig?.getOptionalConfig('remediationDays');
  for (const severity of SEVERITIES) {
    const value = days?.getOptional(severity);
    if (value === undefined) continue;
    if (typeof value !== 'number' || value <= 0) {
      throw new Error(
        `Invalid idp.security.policy.remediationDays.${severity}: must be a positive number of days`,
      );
    }
    remediationDays[severity] = value;
  }

  const defaults = mergeRules(
    DEFAULT_SECURITY_POLICY.defaults,
    readRules(
      policyConfig?.getOptionalConfig('defaults'),
      'idp.security.policy.defaults',
    ),
  );
  const environments: Record<string, SecurityRulesConfig> = {
    ...DEFAULT_SECURITY_POLICY.environments,
  };
  const environmentsConfig = policyConfig?.getOptionalConfig('environments');
  for (const name of environmentsConfig?.keys() ?? []) {
    environments[name] = mergeRules(
      environments[name] ?? {},
      readRules(
        environmentsConfig!.getConfig(name),
        `idp.security.policy.environments.${name}`,
      ),
    );
  }

  return {
    policy: { remediationDays, defaults, environments },
    maxReportBytes:
      (root?.getOptionalNumber('ingest.maxReportMegabytes') ?? 200) *
      1024 *
      1024,
  };
}
