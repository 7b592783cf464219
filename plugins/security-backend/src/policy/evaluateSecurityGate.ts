import {
  ArtifactSignatureStatus,
  SecurityGateReason,
  SecurityGateVerdict,
} from '@idp-platform/backstage-plugin-idp-common';
import { GateFinding } from '../database/SecurityStore';
import {
  EnvironmentSecurityRules,
  SecurityPolicy,
  SeverityAction,
  stricterAction,
} from './SecurityPolicy';

/** Reasons of one code beyond this many are summarised in one reason. */
export const MAX_REASONS_PER_CODE = 50;

/** Everything the verdict depends on. */
export interface SecurityGateInput {
  rules: EnvironmentSecurityRules;
  policy: SecurityPolicy;
  findings: GateFinding[];
  hasReport: boolean;
  signature: ArtifactSignatureStatus;
  now: string;
}

function describe(finding: GateFinding): string {
  const score = finding.cvssScore !== undefined ? ` ${finding.cvssScore}` : '';
  let where = '';
  if (finding.packageName) {
    const version = finding.installedVersion
      ? ` ${finding.installedVersion}`
      : '';
    where = ` in ${finding.packageName}${version}`;
  } else if (finding.location) {
    where = ` at ${finding.location}`;
  }
  return `${finding.vulnerabilityId} (${finding.severity}${score})${where}`;
}

/**
 * The gate's verdict for one artifact and environment: findings the policy
 * blocks refuse it, findings needing an approval admit it only with one,
 * waived findings and remediation due dates are reported but admitted.
 */
export function evaluateSecurityGate(
  input: SecurityGateInput,
): SecurityGateVerdict {
  const { rules, policy, now } = input;
  const reasons: SecurityGateReason[] = [];
  const perCode = new Map<string, number>();
  const add = (reason: SecurityGateReason) => {
    const count = (perCode.get(reason.code) ?? 0) + 1;
    perCode.set(reason.code, count);
    if (count <= MAX_REASONS_PER_CODE) reasons.push(reason);
  };

  if (!input.hasReport) {
    add({
      code: 'no-report',
      message: rules.requireReport
        ? `No scanner report was uploaded for this artifact; ${rules.environment} requires one`
        : 'No scanner report was uploaded for this artifact',
    });
  }
  if (rules.requireSignature && input.signature.status !== 'verified') {
    add({
      code:
        input.signature.status === 'missing'
          ? 'signature-missing'
          : 'signature-invalid',
      message:
        input.signature.status === 'missing'
          ? `${rules.environment} requires a verified signature; none was uploaded`
          : `${rules.environment} requires a verified signature: ${
              input.signature.reason ?? 'verification failed'
            }`,
    });
  }

  let blocked =
    (rules.requireReport && !input.hasReport) ||
    (rules.requireSignature && input.signature.status !== 'verified');
  let approval = false;

  for (const finding of input.findings) {
    const base = {
      findingId: finding.id,
      vulnerabilityId: finding.vulnerabilityId,
      severity: finding.severity,
    };
    if (finding.waiverId) {
      add({
        ...base,
        code: 'waived',
        message: `${describe(finding)} is waived (waiver ${finding.waiverId})`,
      });
      continue;
    }
    if (finding.severity === 'none') continue;
    const dueAt = policy.dueAt(finding.severity, finding.firstSeen);
    const overdue = dueAt !== undefined && dueAt < now;
    let action: SeverityAction = rules.actions[finding.severity];
    if (overdue) action = stricterAction(action, rules.overdueAction);
    if (action === 'block') {
      blocked = true;
      add({
        ...base,
        code: 'blocked-severity',
        message: `${describe(finding)} blocks promotion to ${
          rules.environment
        }${overdue ? ` (remediation was due ${dueAt})` : ''}`,
      });
    } else if (action === 'require-approval') {
      approval = true;
      add({
        ...base,
        code: 'approval-required',
        message: `${describe(
          finding,
        )} needs an approved change request to enter ${rules.environment}`,
      });
    } else if (dueAt) {
      add({
        ...base,
        code: 'remediation-due',
        message: overdue
          ? `${describe(finding)} was due for remediation by ${dueAt}`
          : `${describe(finding)} must be fixed by ${dueAt}`,
      });
    }
  }

  for (const [code, count] of perCode) {
    if (count > MAX_REASONS_PER_CODE) {
      reasons.push({
        code: code as SecurityGateReason['code'],
        message: `and ${count - MAX_REASONS_PER_CODE} more ${code} findings`,
      });
    }
  }
  if (!blocked && !approval) {
    reasons.push({
      code: 'allowed',
      message: `The artifact meets the security policy of ${rules.environment}`,
    });
  }
  return {
    allowed: !blocked,
    requiresApproval: !blocked && approval,
    reasons,
    evaluatedAt: now,
  };
}
