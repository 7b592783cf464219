import {
  SecurityFinding,
  WaiverRequest,
  waiverRequestSchema,
} from '@idp-platform/backstage-plugin-idp-common';

/** What the waiver dialog asks for. */
export interface WaiverForm {
  justification: string;
  /** `YYYY-MM-DD`: the waiver stops applying at the start of that day (UTC). */
  expiresOn: string;
  /** Waive the vulnerability only in the finding's package, not in every package. */
  onlyThisPackage: boolean;
}

/** Problems per form field. */
export type WaiverFormProblems = Partial<
  Record<'justification' | 'expiresOn', string>
>;

const today = (now: Date) => now.toISOString().slice(0, 10);

/**
 * The waiver request of a finding, checked with idp-common's
 * `waiverRequestSchema` (the backend's) plus "expires after today", which the
 * backend checks too, or the problems to show next to each field.
 */
export function buildWaiverRequest(
  form: WaiverForm,
  entityRef: string,
  finding: SecurityFinding,
  now: Date = new Date(),
): { request?: WaiverRequest; problems: WaiverFormProblems } {
  const problems: WaiverFormProblems = {};
  const parsed = waiverRequestSchema.safeParse({
    entityRef,
    vulnerabilityId: finding.vulnerabilityId,
    packageName:
      form.onlyThisPackage && finding.packageName
        ? finding.packageName
        : undefined,
    justification: form.justification,
    expiresAt: form.expiresOn,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === 'justification') {
        problems.justification ??= `Justification ${issue.message}`;
      } else if (field === 'expiresAt') {
        problems.expiresOn ??= `Expiry ${issue.message}`;
      }
    }
  } else if (form.expiresOn <= today(now)) {
    problems.expiresOn = 'Expiry must be after today';
  }
  if (!parsed.success || Object.keys(problems).length > 0) {
    return { problems };
  }
  return { request: parsed.data, problems };
}
