import { DEFAULT_ENVIRONMENTS } from '@idp-platform/backstage-plugin-idp-common';
import { GateFinding } from '../database/SecurityStore';
import { evaluateSecurityGate } from './evaluateSecurityGate';
import { DEFAULT_SECURITY_POLICY, SecurityPolicy } from './SecurityPolicy';

const policy = new SecurityPolicy(DEFAULT_SECURITY_POLICY);
const environment = (name: string) =>
  DEFAULT_ENVIRONMENTS.find(e => e.name === name)!;
const now = '2026-11-25T12:00:00.000Z';

const finding = (
  severity: GateFinding['severity'],
  extra: Partial<GateFinding> = {},
): GateFinding => ({
  id: `id-${severity}`,
  vulnerabilityId: `CVE-2026-${severity}`,
  title: severity,
  packageName: 'openssl',
  installedVersion: '3.0.0',
  severity,
  firstSeen: '2026-11-20T00:00:00.000Z',
  ...extra,
});

function verdict(environmentName: string, findings: GateFinding[]) {
  return evaluateSecurityGate({
    rules: policy.rulesFor(environment(environmentName)),
    policy,
    findings,
    hasReport: true,
    signature: { artifactDigest: 'sha256:x', status: 'missing' },
    now,
  });
}

describe('evaluateSecurityGate with the default policy', () => {
  it('blocks a critical finding in every environment', () => {
    for (const name of ['development', 'staging', 'uat', 'production']) {
      const result = verdict(name, [finding('critical', { cvssScore: 9.8 })]);
      expect({ name, allowed: result.allowed }).toEqual({
        name,
        allowed: false,
      });
      expect(result.reasons[0]).toEqual({
        code: 'blocked-severity',
        message: `CVE-2026-critical (critical 9.8) in openssl 3.0.0 blocks promotion to ${name}`,
        findingId: 'id-critical',
        vulnerabilityId: 'CVE-2026-critical',
        severity: 'critical',
      });
    }
  });

  it('blocks a high finding in production and asks for an approval in staging', () => {
    expect(verdict('production', [finding('high')])).toMatchObject({
      allowed: false,
      requiresApproval: false,
      reasons: [{ code: 'blocked-severity' }],
    });
    expect(verdict('staging', [finding('high')])).toMatchObject({
      allowed: true,
      requiresApproval: true,
      reasons: [{ code: 'approval-required' }],
    });
    // uat admits at most medium (environment security.maxSeverity).
    expect(verdict('uat', [finding('high')]).allowed).toBe(false);
    expect(verdict('development', [finding('high')])).toMatchObject({
      allowed: true,
      requiresApproval: false,
    });
  });

  it('admits a medium finding with its remediation due date, 90 days after first seen', () => {
    expect(verdict('production', [finding('medium')])).toEqual({
      allowed: true,
      requiresApproval: false,
      evaluatedAt: now,
      reasons: [
        {
          code: 'remediation-due',
          message:
            'CVE-2026-medium (medium) in openssl 3.0.0 must be fixed by 2027-02-18T00:00:00.000Z',
          findingId: 'id-medium',
          vulnerabilityId: 'CVE-2026-medium',
          severity: 'medium',
        },
        {
          code: 'allowed',
          message: 'The artifact meets the security policy of production',
        },
      ],
    });
  });

  it('admits a low finding without a due date', () => {
    expect(verdict('production', [finding('low')]).reasons).toEqual([
      {
        code: 'allowed',
        message: 'The artifact meets the security policy of production',
      },
    ]);
  });

  it('admits a waived critical finding and says so', () => {
    const result = verdict('production', [
      finding('critical', { waiverId: 'w-1' }),
    ]);
    expect(result.allowed).toBe(true);
    expect(result.reasons[0]).toMatchObject({ code: 'waived' });
  });

  it('blocks overdue findings when the environment says so', () => {
    const strict = new SecurityPolicy({
      ...DEFAULT_SECURITY_POLICY,
      environments: { production: { overdueAction: 'block' } },
    });
    const result = evaluateSecurityGate({
      rules: strict.rulesFor(environment('production')),
      policy: strict,
      findings: [finding('medium', { firstSeen: '2026-01-01T00:00:00.000Z' })],
      hasReport: true,
      signature: { artifactDigest: 'sha256:x', status: 'missing' },
      now,
    });
    expect(result.allowed).toBe(false);
    expect(result.reasons[0].message).toMatch(/remediation was due 2026-04-01/);
  });

  it('refuses an artifact without a report where a report is required (protected environments)', () => {
    const result = evaluateSecurityGate({
      rules: policy.rulesFor(environment('production')),
      policy,
      findings: [],
      hasReport: false,
      signature: { artifactDigest: 'sha256:x', status: 'missing' },
      now,
    });
    expect(result).toMatchObject({
      allowed: false,
      reasons: [{ code: 'no-report' }],
    });
    expect(
      evaluateSecurityGate({
        rules: policy.rulesFor(environment('development')),
        policy,
        findings: [],
        hasReport: false,
        signature: { artifactDigest: 'sha256:x', status: 'missing' },
        now,
      }).allowed,
    ).toBe(true);
  });
});
