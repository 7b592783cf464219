import { z } from 'zod';
import { SEVERITIES, Severity } from '../severity';

/** The report formats the security backend ingests. @public */
export const SECURITY_REPORT_FORMATS = ['trivy', 'cyclonedx', 'sarif'] as const;

/** @public */
export type SecurityReportFormat = (typeof SECURITY_REPORT_FORMATS)[number];

/**
 * One finding as every parser produces it, whatever the scanner.
 *
 * @public
 */
export interface NormalizedFinding {
  /** CVE, GHSA or scanner rule id. */
  vulnerabilityId: string;
  title: string;
  packageName?: string;
  installedVersion?: string;
  fixedVersion?: string;
  severity: Severity;
  cvssScore?: number;
  cvssVector?: string;
  scanner: string;
  /** `file:line` for code findings, or the package path / target. */
  location?: string;
}

/** @public */
export const FINDING_STATUSES = ['open', 'fixed'] as const;

/** @public */
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/**
 * A stored finding, deduplicated per artifact across scanners.
 *
 * @public
 */
export interface SecurityFinding extends NormalizedFinding {
  id: string;
  entityRef: string;
  artifactDigest: string;
  /** Every scanner that reported it. */
  scanners: string[];
  status: FindingStatus;
  firstSeen: string;
  lastSeen: string;
  fixedAt?: string;
  /** When the policy wants it fixed, from firstSeen and `remediationDays`. */
  dueAt?: string;
  /** Active waiver covering it, if any. */
  waiverId?: string;
}

const severityList = z
  .union([z.enum(SEVERITIES), z.array(z.enum(SEVERITIES))])
  .transform(value => (Array.isArray(value) ? value : [value]));

/**
 * Query of `GET /findings`: filters and server-side paging.
 *
 * @public
 */
export const findingListQuerySchema = z.object({
  entityRef: z.string().min(1),
  artifactDigest: z.string().min(1).optional(),
  severity: severityList.optional(),
  status: z.enum(FINDING_STATUSES).optional(),
  scanner: z.string().min(1).optional(),
  /** Matched against the vulnerability id, title, package and location. */
  text: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** @public */
export type FindingListQuery = z.infer<typeof findingListQuerySchema>;

/** @public */
export interface FindingPage {
  items: SecurityFinding[];
  totalCount: number;
  limit: number;
  offset: number;
}

/** Open findings per severity. @public */
export type SeverityCounts = Record<Severity, number>;

/** @public */
export interface FindingTrendPoint {
  /** `YYYY-MM-DD` (UTC). */
  date: string;
  open: SeverityCounts;
}

/** @public */
export const findingTrendQuerySchema = z.object({
  /** One entity's trend; the whole organisation's when absent. */
  entityRef: z.string().min(1).optional(),
  days: z.coerce.number().int().min(1).max(365).default(30),
});

/** @public */
export interface SecuritySummaryGroup {
  /** Owner entity ref or system entity ref; `unknown` when the catalog had none. */
  key: string;
  open: SeverityCounts;
}

/**
 * Organisation dashboard: open findings by owner team and by system, oldest
 * unresolved criticals and the findings whose remediation is due.
 *
 * @public
 */
export interface SecuritySummary {
  byOwner: SecuritySummaryGroup[];
  bySystem: SecuritySummaryGroup[];
  oldestCriticals: SecurityFinding[];
  remediationDue: SecurityFinding[];
}
