import {
  compareSeverity,
  Environment,
  SecurityGateRequest,
  SecurityGateVerdict,
  Severity,
} from '@idp-platform/backstage-plugin-idp-common';
import { SecurityGateService } from '@idp-platform/backstage-plugin-idp-node';

/** A finding on an artifact, as a scanner reported it. */
export interface TestFinding {
  digest: string;
  vulnerabilityId: string;
  severity: Severity;
}

/**
 * A real, in-process SecurityGateService for tests: it blocks an artifact
 * whose findings exceed the environment's maximum severity, as the security
 * backend's policy does (critical blocks everywhere).
 */
export class FindingsSecurityGate implements SecurityGateService {
  readonly findings: TestFinding[] = [];
  readonly requests: SecurityGateRequest[] = [];

  constructor(private readonly environments: Environment[]) {}

  async evaluate(request: SecurityGateRequest): Promise<SecurityGateVerdict> {
    this.requests.push(request);
    const environment = this.environments.find(
      e => e.name === request.environment,
    );
    const maxSeverity: Severity = environment?.security.maxSeverity ?? 'high';
    const blocking = this.findings.filter(
      finding =>
        finding.digest === request.artifactDigest &&
        (finding.severity === 'critical' ||
          compareSeverity(finding.severity, maxSeverity) > 0),
    );
    return {
      allowed: blocking.length === 0,
      requiresApproval: false,
      reasons: blocking.length
        ? blocking.map(finding => ({
            code: 'blocked-severity' as const,
            message: `${finding.vulnerabilityId} is ${finding.severity}, above ${maxSeverity} allowed in ${request.environment}`,
            vulnerabilityId: finding.vulnerabilityId,
            severity: finding.severity,
          }))
        : [{ code: 'allowed' as const, message: 'no blocking findings' }],
      evaluatedAt: new Date().toISOString(),
    };
  }
}
