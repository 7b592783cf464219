import { SecurityFinding } from '@idp-platform/backstage-plugin-idp-common';

/** Whether a finding is still open after its remediation due date. */
export function isOverdue(
  finding: Pick<SecurityFinding, 'status' | 'dueAt'>,
  now: Date = new Date(),
): boolean {
  return (
    finding.status === 'open' &&
    Boolean(finding.dueAt) &&
    new Date(finding.dueAt!) < now
  );
}
