import { Config } from '@backstage/config';
import {
  SEVERITIES,
  Severity,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  SigstoreVerifierOptions,
  readSigstoreVerifierOptions,
} from '@idp-platform/backstage-plugin-idp-node';
import {
  DEFAULT_SECURITY_POLICY,
  POLICY_SEVERITIES,
  SecurityPolicyConfig,
  SecurityRulesConfig,
  SeverityAction,
} from './policy/SecurityPolicy';
import { SlsaBuilderRule } from './supplyChain/slsaProvenanceOf';

const ACTIONS: SeverityAction[] = ['block', 'require-approval', 'allow'];

/** Everything this plugin reads from `idp.security`. */
export interface SecurityBackendConfig {
  policy: SecurityPolicyConfig;
  /** Largest accepted report body, in bytes. */
  maxReportBytes: number;
  /** How far ahead a waiver may expire, in days. */
  waiverMaxDays: number;
  /** Who may sign artifacts; undefined when signatures are not verified. */
  signature?: SigstoreVerifierOptions;
  /** Builders the operator vouches for, first match wins. */
  slsaBuilders: SlsaBuilderRule[];
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

  const waiverMaxDays = root?.getOptionalNumber('waivers.maxDays') ?? 90;
  if (!Number.isInteger(waiverMaxDays) || waiverMaxDays < 1) {
    throw new Error(
      `Invalid idp.security.waivers.maxDays: must be a whole number of days of at least 1, got ${waiverMaxDays}`,
    );
  }

  const slsaBuilders = (
    root?.getOptionalConfigArray('slsa.builders') ?? []
  ).map((builder, index) => {
    const level = builder.getNumber('level');
    if (![0, 1, 2, 3].includes(level)) {
      throw new Error(
        `Invalid idp.security.slsa.builders[${index}].level: must be 0, 1, 2 or 3, got ${level}`,
      );
    }
    return { idPrefix: builder.getString('idPrefix'), level };
  });

  return {
    policy: { remediationDays, defaults, environments },
    waiverMaxDays,
    signature: readSigstoreVerifierOptions(
      root?.getOptionalConfig('signature'),
      'idp.security.signature',
    ),
    slsaBuilders,
    maxReportBytes:
      (root?.getOptionalNumber('ingest.maxReportMegabytes') ?? 200) *
      1024 *
      1024,
  };
}
