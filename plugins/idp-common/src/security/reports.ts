import { z } from 'zod';
import { SECURITY_REPORT_FORMATS, SeverityCounts } from './findings';

const digest = z.string().regex(/^[a-z0-9]+:[a-f0-9]{32,}$/, {
  message: 'must be a digest such as sha256:<hex>',
});

/**
 * Query of `POST /reports` when the body is the raw scanner report.
 *
 * @public
 */
export const reportIngestQuerySchema = z.object({
  entityRef: z.string().min(1),
  artifactDigest: digest,
  format: z.enum(SECURITY_REPORT_FORMATS),
});

/** @public */
export type ReportIngestQuery = z.infer<typeof reportIngestQuerySchema>;

/**
 * The JSON envelope `POST /reports` also accepts for small reports:
 * `{entityRef, artifactDigest, format, report}`.
 *
 * @public
 */
export const reportIngestEnvelopeSchema = reportIngestQuerySchema.extend({
  report: z.record(z.unknown()),
});

/** @public */
export interface SecurityReport {
  id: string;
  entityRef: string;
  artifactDigest: string;
  format: (typeof SECURITY_REPORT_FORMATS)[number];
  /** Scanners found in the report, e.g. `trivy` or the SARIF tool names. */
  scanners: string[];
  /** sha256 of the normalised findings; equal reports have equal hashes. */
  contentHash: string;
  findingCount: number;
  receivedAt: string;
}

/**
 * Answer of an ingest. `duplicate` is true when the same normalised content
 * was already stored for this artifact; nothing changed then.
 *
 * @public
 */
export interface ReportIngestResult {
  report: SecurityReport;
  duplicate: boolean;
  /** Open findings of the artifact after the ingest. */
  open: SeverityCounts;
  /** Findings of this artifact that the report's scanners no longer see. */
  fixed: number;
}
