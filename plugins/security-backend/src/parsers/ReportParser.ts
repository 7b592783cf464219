import { Readable } from 'node:stream';
import {
  NormalizedFinding,
  SbomPackage,
} from '@idp-platform/backstage-plugin-idp-common';

/** What a parser knows once the whole report is read. */
export interface ReportParseSummary {
  /** Every scanner the report names, also those that found nothing. */
  scanners: string[];
  /** The report's packages, for reports that are SBOMs (CycloneDX). */
  packages?: SbomPackage[];
}

/**
 * A scanner-report parser: yields normalised findings while it reads the
 * report and returns the summary at the end. Malformed input throws an
 * InputError naming where it breaks.
 */
export type ReportParser = (
  source: Readable,
) => AsyncGenerator<NormalizedFinding, ReportParseSummary>;
