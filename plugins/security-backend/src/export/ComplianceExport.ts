import {
  SecurityFinding,
  SecurityWaiver,
} from '@idp-platform/backstage-plugin-idp-common';

/** The formats of `GET /export`. */
export const COMPLIANCE_EXPORT_FORMATS = ['csv', 'json'] as const;

/** @public */
export type ComplianceExportFormat = (typeof COMPLIANCE_EXPORT_FORMATS)[number];

/**
 * Columns of the CSV export. Findings and waivers share one table, told apart
 * by `record`, so the file stays one parseable table.
 */
export const COMPLIANCE_CSV_COLUMNS = [
  'record',
  'id',
  'artifact',
  'vulnerability',
  'severity',
  'cvss',
  'package',
  'location',
  'installed',
  'fixed',
  'scanners',
  'status',
  'first_seen',
  'due',
  'justification',
  'requested_by',
  'approved_by',
  'expires_at',
] as const;

type Column = (typeof COMPLIANCE_CSV_COLUMNS)[number];
type Cell = string | number | undefined;

/** One RFC 4180 record: fields with quotes, commas or line breaks are quoted. */
export function csvRecord(cells: Cell[]): string {
  return `${cells
    .map(cell => {
      const text = cell === undefined ? '' : String(cell);
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',')}\r\n`;
}

const record = (values: Partial<Record<Column, Cell>>) =>
  csvRecord(COMPLIANCE_CSV_COLUMNS.map(column => values[column]));

/**
 * The findings and waivers of one entity as a compliance export, produced
 * piece by piece so a large entity streams instead of filling memory.
 */
export class ComplianceExport {
  constructor(
    private readonly input: {
      entityRef: string;
      generatedAt: string;
      findings: AsyncIterable<SecurityFinding>;
      waivers: SecurityWaiver[];
    },
  ) {}

  /** A file name such as `security-component-default-payments-api-2026-11-25.csv`. */
  fileName(format: ComplianceExportFormat): string {
    const entity = this.input.entityRef
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '');
    return `security-${entity}-${this.input.generatedAt.slice(
      0,
      10,
    )}.${format}`;
  }

  async *csv(): AsyncGenerator<string> {
    yield csvRecord([...COMPLIANCE_CSV_COLUMNS]);
    for await (const finding of this.input.findings) {
      yield record({
        record: 'finding',
        id: finding.id,
        artifact: finding.artifactDigest,
        vulnerability: finding.vulnerabilityId,
        severity: finding.severity,
        cvss: finding.cvssScore,
        package: finding.packageName,
        location: finding.location,
        installed: finding.installedVersion,
        fixed: finding.fixedVersion,
        scanners: finding.scanners.join(';'),
        status: finding.status,
        first_seen: finding.firstSeen,
        due: finding.dueAt,
      });
    }
    for (const waiver of this.input.waivers) {
      yield record({
        record: 'waiver',
        id: waiver.id,
        vulnerability: waiver.vulnerabilityId,
        package: waiver.packageName,
        status: waiver.state,
        first_seen: waiver.createdAt,
        justification: waiver.justification,
        requested_by: waiver.requestedBy,
        approved_by: waiver.approvedBy.join(';'),
        expires_at: waiver.expiresAt,
      });
    }
  }

  /** `{entityRef, generatedAt, findings, waivers}`, written as it is read. */
  async *json(): AsyncGenerator<string> {
    const { entityRef, generatedAt } = this.input;
    yield `{"entityRef":${JSON.stringify(
      entityRef,
    )},"generatedAt":${JSON.stringify(generatedAt)},"findings":[`;
    let first = true;
    for await (const finding of this.input.findings) {
      yield `${first ? '' : ','}${JSON.stringify(finding)}`;
      first = false;
    }
    yield `],"waivers":${JSON.stringify(this.input.waivers)}}`;
  }
}
