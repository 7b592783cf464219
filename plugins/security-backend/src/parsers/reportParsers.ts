import { SecurityReportFormat } from '@idp-platform/backstage-plugin-idp-common';
import { parseCycloneDxReport } from './parseCycloneDxReport';
import { parseSarifReport } from './parseSarifReport';
import { parseTrivyReport } from './parseTrivyReport';
import { ReportParser } from './ReportParser';

/** The parser of each report format. */
export const reportParsers: Record<SecurityReportFormat, ReportParser> = {
  trivy: parseTrivyReport,
  cyclonedx: parseCycloneDxReport,
  sarif: parseSarifReport,
};
