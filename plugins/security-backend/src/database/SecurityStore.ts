import { createHash, randomUUID } from 'node:crypto';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  ArtifactSignatureStatus,
  FindingListQuery,
  NormalizedFinding,
  SbomPackage,
  SecurityFinding,
  SecurityReport,
  SecurityReportFormat,
  SecurityWaiver,
  SEVERITIES,
  Severity,
  SeverityCounts,
} from '@idp-platform/backstage-plugin-idp-common';
import { Knex } from 'knex';
import { ReportParseSummary } from '../parsers/ReportParser';

const migrationsDir = resolvePackagePath(
  '@idp-platform/backstage-plugin-security-backend',
  'migrations',
);

/** Rows are written in batches of this many inside the ingest transaction. */
export const INGEST_BATCH_SIZE = 500;

const rankOf = (severity: Severity) => SEVERITIES.indexOf(severity);

/** An empty count per severity. */
export function emptySeverityCounts(): SeverityCounts {
  return { none: 0, low: 0, medium: 0, high: 0, critical: 0 };
}

/** What an ingest is about; the findings come from the parser. */
export interface IngestReportOptions {
  entityRef: string;
  artifactDigest: string;
  format: SecurityReportFormat;
  ownerRef?: string;
  systemRef?: string;
  receivedBy?: string;
  now: string;
  findings: AsyncGenerator<NormalizedFinding, ReportParseSummary>;
}

/** Result of an ingest as the store sees it. */
export interface StoredIngest {
  report: SecurityReport;
  duplicate: boolean;
  fixed: number;
}

/** A finding the gate looks at, with the waiver covering it if any. */
export interface GateFinding {
  id: string;
  vulnerabilityId: string;
  title: string;
  packageName?: string;
  installedVersion?: string;
  location?: string;
  severity: Severity;
  cvssScore?: number;
  firstSeen: string;
  waiverId?: string;
}

/** A stored signature verification. */
export interface SignatureRecord
  extends Omit<ArtifactSignatureStatus, 'status'> {
  entityRef: string;
  status: 'verified' | 'invalid';
  bundle: string;
  createdAt: string;
}

type FindingRow = {
  id: string;
  entity_ref: string;
  artifact_digest: string;
  vulnerability_id: string;
  title: string;
  package_name: string | null;
  installed_version: string | null;
  fixed_version: string | null;
  location: string | null;
  severity: string;
  severity_rank: number;
  cvss_score: number | null;
  cvss_vector: string | null;
  status: string;
  first_seen: string;
  first_seen_day: string;
  last_seen: string;
  fixed_at: string | null;
  fixed_day: string | null;
  owner_ref: string | null;
  system_ref: string | null;
};

type CountRow = {
  severity: string;
  count: string | number;
  day: string;
  key: string | null;
};

type ReportRow = {
  id: string;
  entity_ref: string;
  artifact_digest: string;
  format: string;
  scanners: string;
  content_hash: string;
  finding_count: number | string;
  received_by: string | null;
  received_at: string;
};

type WaiverRow = {
  id: string;
  entity_ref: string;
  vulnerability_id: string;
  package_name: string | null;
  justification: string;
  requested_by: string;
  approved_by: string;
  approved_at: string | null;
  created_at: string;
  expires_at: string;
};

const optional = <T>(value: T | null | undefined): T | undefined =>
  value === null || value === undefined ? undefined : value;

function toReport(row: ReportRow): SecurityReport {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    artifactDigest: row.artifact_digest,
    format: row.format as SecurityReportFormat,
    scanners: JSON.parse(row.scanners),
    contentHash: row.content_hash,
    findingCount: Number(row.finding_count),
    receivedAt: row.received_at,
  };
}

function toFinding(row: FindingRow, scanners: string[]): SecurityFinding {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    artifactDigest: row.artifact_digest,
    vulnerabilityId: row.vulnerability_id,
    title: row.title,
    packageName: optional(row.package_name),
    installedVersion: optional(row.installed_version),
    fixedVersion: optional(row.fixed_version),
    location: optional(row.location),
    severity: row.severity as Severity,
    cvssScore:
      optional(row.cvss_score) === undefined
        ? undefined
        : Number(row.cvss_score),
    cvssVector: optional(row.cvss_vector),
    scanner: scanners[0] ?? '',
    scanners,
    status: row.status as SecurityFinding['status'],
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    fixedAt: optional(row.fixed_at),
  };
}

function toWaiver(row: WaiverRow, now: string): SecurityWaiver {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    vulnerabilityId: row.vulnerability_id,
    packageName: optional(row.package_name),
    justification: row.justification,
    requestedBy: row.requested_by,
    approvedBy: JSON.parse(row.approved_by),
    changeRequestId: row.id,
    createdAt: row.created_at,
    approvedAt: optional(row.approved_at),
    expiresAt: row.expires_at,
    state: row.expires_at > now ? 'active' : 'expired',
  };
}

/**
 * The key that makes two scanners' findings the same finding: vulnerability
 * and package version for dependencies, vulnerability and location for code.
 */
export function findingIdOf(
  entityRef: string,
  artifactDigest: string,
  finding: NormalizedFinding,
): string {
  const key = finding.packageName
    ? [
        'package',
        finding.vulnerabilityId,
        finding.packageName,
        finding.installedVersion ?? '',
      ]
    : ['location', finding.vulnerabilityId, finding.location ?? ''];
  return createHash('sha256')
    .update(JSON.stringify([entityRef, artifactDigest, ...key]))
    .digest('hex');
}

class DuplicateReport extends Error {
  constructor(readonly existing: SecurityReport) {
    super('duplicate report');
  }
}

function isUniqueViolation(error: unknown): boolean {
  return /unique|duplicate key/i.test(
    String((error as Error)?.message ?? error),
  );
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, match => `\\${match}`);
}

/** Persists reports, findings, SBOMs, waivers and signatures. */
export class SecurityStore {
  static async create(database: DatabaseService): Promise<SecurityStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new SecurityStore(client);
  }

  constructor(private readonly db: Knex) {}

  /**
   * Stores a report while its parser reads it: findings are upserted in
   * batches inside one transaction, so a report that breaks half way stores
   * nothing. A report whose normalised content is already stored for the
   * artifact changes nothing and answers the stored report.
   */
  async ingestReport(options: IngestReportOptions): Promise<StoredIngest> {
    const { entityRef, artifactDigest, now } = options;
    const reportId = randomUUID();
    const day = now.slice(0, 10);
    try {
      return await this.db.transaction(async tx => {
        const hash = createHash('sha256');
        const scanners = new Set<string>();
        let findingCount = 0;
        let findingBatch = new Map<string, FindingRow>();
        let scannerBatch = new Map<string, Record<string, unknown>>();

        const flush = async () => {
          if (findingBatch.size > 0) {
            await this.upsertFindings(tx, [...findingBatch.values()], now);
            findingBatch = new Map();
          }
          if (scannerBatch.size > 0) {
            await tx('security_finding_scanners')
              .insert([...scannerBatch.values()])
              .onConflict(['finding_id', 'scanner'])
              .merge(['present', 'last_report_id', 'last_seen']);
            scannerBatch = new Map();
          }
        };

        let next = await options.findings.next();
        while (!next.done) {
          const finding = next.value;
          findingCount += 1;
          hash.update(`${JSON.stringify(finding)}\n`);
          scanners.add(finding.scanner);
          const id = findingIdOf(entityRef, artifactDigest, finding);
          const row: FindingRow = {
            id,
            entity_ref: entityRef,
            artifact_digest: artifactDigest,
            vulnerability_id: finding.vulnerabilityId,
            title: finding.title,
            package_name: finding.packageName ?? null,
            installed_version: finding.installedVersion ?? null,
            fixed_version: finding.fixedVersion ?? null,
            location: finding.location ?? null,
            severity: finding.severity,
            severity_rank: rankOf(finding.severity),
            cvss_score: finding.cvssScore ?? null,
            cvss_vector: finding.cvssVector ?? null,
            status: 'open',
            first_seen: now,
            first_seen_day: day,
            last_seen: now,
            fixed_at: null,
            fixed_day: null,
            owner_ref: options.ownerRef ?? null,
            system_ref: options.systemRef ?? null,
          };
          const previous = findingBatch.get(id);
          if (!previous || previous.severity_rank < row.severity_rank) {
            findingBatch.set(id, row);
          }
          scannerBatch.set(`${id}\u0000${finding.scanner}`, {
            finding_id: id,
            scanner: finding.scanner,
            entity_ref: entityRef,
            artifact_digest: artifactDigest,
            present: true,
            last_report_id: reportId,
            last_seen: now,
          });
          if (findingBatch.size >= INGEST_BATCH_SIZE) await flush();
          next = await options.findings.next();
        }
        await flush();
        const summary = next.value;
        summary.scanners.forEach(s => scanners.add(s));
        const packages = summary.packages ?? [];
        hash.update(JSON.stringify(packages));
        const contentHash = hash.digest('hex');

        const existing = await tx<ReportRow>('security_reports')
          .where({
            entity_ref: entityRef,
            artifact_digest: artifactDigest,
            content_hash: contentHash,
          })
          .first();
        if (existing) throw new DuplicateReport(toReport(existing));

        const reportRow: ReportRow = {
          id: reportId,
          entity_ref: entityRef,
          artifact_digest: artifactDigest,
          format: options.format,
          scanners: JSON.stringify([...scanners].sort()),
          content_hash: contentHash,
          finding_count: findingCount,
          received_by: options.receivedBy ?? null,
          received_at: now,
        };
        await tx('security_reports').insert(reportRow);

        for (let i = 0; i < packages.length; i += INGEST_BATCH_SIZE) {
          await tx('security_sbom_packages').insert(
            packages.slice(i, i + INGEST_BATCH_SIZE).map(p => ({
              report_id: reportId,
              artifact_digest: artifactDigest,
              name: p.name,
              version: p.version ?? null,
              purl: p.purl ?? null,
              type: p.type ?? null,
              licenses: JSON.stringify(p.licenses),
            })),
          );
        }

        const fixed = await this.markFixed(tx, {
          entityRef,
          artifactDigest,
          scanners: [...scanners],
          reportId,
          now,
        });
        return { report: toReport(reportRow), duplicate: false, fixed };
      });
    } catch (error) {
      if (error instanceof DuplicateReport) {
        return { report: error.existing, duplicate: true, fixed: 0 };
      }
      if (isUniqueViolation(error)) {
        const hashRow = await this.db<ReportRow>('security_reports')
          .where({ entity_ref: entityRef, artifact_digest: artifactDigest })
          .orderBy('received_at', 'desc')
          .first();
        if (hashRow)
          return { report: toReport(hashRow), duplicate: true, fixed: 0 };
      }
      throw error;
    }
  }

  private async upsertFindings(
    tx: Knex.Transaction,
    rows: FindingRow[],
    now: string,
  ) {
    const higher = 'excluded.severity_rank > security_findings.severity_rank';
    const keepHighest = (column: string) =>
      tx.raw(
        `CASE WHEN ${higher} THEN excluded.${column} ELSE security_findings.${column} END`,
      );
    await tx('security_findings')
      .insert(rows)
      .onConflict('id')
      .merge({
        title: tx.raw('excluded.title'),
        fixed_version: tx.raw('excluded.fixed_version'),
        owner_ref: tx.raw('excluded.owner_ref'),
        system_ref: tx.raw('excluded.system_ref'),
        severity: keepHighest('severity'),
        cvss_score: keepHighest('cvss_score'),
        cvss_vector: keepHighest('cvss_vector'),
        severity_rank: keepHighest('severity_rank'),
        status: 'open',
        last_seen: now,
        fixed_at: null,
        fixed_day: null,
      });
  }

  // A finding is fixed once no scanner that reported it still sees it.
  private async markFixed(
    tx: Knex.Transaction,
    options: {
      entityRef: string;
      artifactDigest: string;
      scanners: string[];
      reportId: string;
      now: string;
    },
  ): Promise<number> {
    if (options.scanners.length === 0) return 0;
    await tx('security_finding_scanners')
      .where({
        entity_ref: options.entityRef,
        artifact_digest: options.artifactDigest,
        present: true,
      })
      .whereIn('scanner', options.scanners)
      .whereNot('last_report_id', options.reportId)
      .update({ present: false });
    return tx('security_findings')
      .where({
        entity_ref: options.entityRef,
        artifact_digest: options.artifactDigest,
        status: 'open',
      })
      .whereNotExists(
        tx('security_finding_scanners as s')
          .select(tx.raw('1'))
          .whereRaw('s.finding_id = security_findings.id')
          .andWhere('s.present', true),
      )
      .update({
        status: 'fixed',
        fixed_at: options.now,
        fixed_day: options.now.slice(0, 10),
      });
  }

  private async scannersOf(ids: string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    for (let i = 0; i < ids.length; i += INGEST_BATCH_SIZE) {
      const rows = await this.db('security_finding_scanners')
        .whereIn('finding_id', ids.slice(i, i + INGEST_BATCH_SIZE))
        .orderBy('scanner')
        .select('finding_id', 'scanner');
      for (const row of rows) {
        result.set(row.finding_id, [
          ...(result.get(row.finding_id) ?? []),
          row.scanner,
        ]);
      }
    }
    return result;
  }

  private async withScanners(rows: FindingRow[]): Promise<SecurityFinding[]> {
    const scanners = await this.scannersOf(rows.map(r => r.id));
    return rows.map(row => toFinding(row, scanners.get(row.id) ?? []));
  }

  async getFinding(id: string): Promise<SecurityFinding | undefined> {
    const row = await this.db<FindingRow>('security_findings')
      .where({ id })
      .first();
    return row ? (await this.withScanners([row]))[0] : undefined;
  }

  async listFindings(
    query: FindingListQuery,
  ): Promise<{ items: SecurityFinding[]; totalCount: number }> {
    const base = this.db<FindingRow>('security_findings').where({
      entity_ref: query.entityRef,
    });
    if (query.artifactDigest)
      base.andWhere('artifact_digest', query.artifactDigest);
    if (query.status) base.andWhere('status', query.status);
    if (query.severity?.length) base.whereIn('severity', query.severity);
    if (query.scanner) {
      base.whereExists(
        this.db('security_finding_scanners as s')
          .select(this.db.raw('1'))
          .whereRaw('s.finding_id = security_findings.id')
          .andWhere('s.scanner', query.scanner),
      );
    }
    if (query.text) {
      const like = `%${escapeLike(query.text.toLowerCase())}%`;
      base.andWhere(q => {
        for (const column of [
          'vulnerability_id',
          'title',
          'package_name',
          'location',
        ]) {
          q.orWhereRaw(`LOWER(${column}) LIKE ? ESCAPE '\\'`, [like]);
        }
      });
    }
    const [{ count }] = await base.clone().count({ count: '*' });
    const rows = await base
      .clone()
      .orderBy([
        { column: 'status', order: 'desc' },
        { column: 'severity_rank', order: 'desc' },
        { column: 'first_seen', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(query.limit)
      .offset(query.offset)
      .select('*');
    return { items: await this.withScanners(rows), totalCount: Number(count) };
  }

  /**
   * Every finding of an entity, open and fixed, oldest first, read in
   * batches so an export never holds them all.
   */
  async *allFindings(
    entityRef: string,
    batchSize = 1000,
  ): AsyncGenerator<SecurityFinding> {
    let after: { firstSeen: string; id: string } | undefined;
    for (;;) {
      const query = this.db<FindingRow>('security_findings').where({
        entity_ref: entityRef,
      });
      if (after) {
        const { firstSeen, id } = after;
        query.andWhere(q =>
          q
            .where('first_seen', '>', firstSeen)
            .orWhere(same =>
              same.where('first_seen', firstSeen).andWhere('id', '>', id),
            ),
        );
      }
      const rows = await query
        .orderBy([
          { column: 'first_seen', order: 'asc' },
          { column: 'id', order: 'asc' },
        ])
        .limit(batchSize)
        .select('*');
      yield* await this.withScanners(rows);
      if (rows.length < batchSize) return;
      const last = rows[rows.length - 1];
      after = { firstSeen: last.first_seen, id: last.id };
    }
  }

  async severityCounts(filter: {
    entityRef?: string;
    artifactDigest?: string;
  }): Promise<SeverityCounts> {
    const query = this.db('security_findings').where({ status: 'open' });
    if (filter.entityRef) query.andWhere('entity_ref', filter.entityRef);
    if (filter.artifactDigest)
      query.andWhere('artifact_digest', filter.artifactDigest);
    const rows = await query
      .groupBy('severity')
      .select('severity')
      .count({ count: '*' });
    const counts = emptySeverityCounts();
    for (const row of rows as unknown as CountRow[])
      counts[row.severity as Severity] = Number(row.count);
    return counts;
  }

  /**
   * Open findings per severity at the end of each day in [firstDay, lastDay],
   * of one entity or, without `entityRef`, of every entity.
   */
  async trend(
    entityRef: string | undefined,
    days: string[],
  ): Promise<Array<{ date: string; open: SeverityCounts }>> {
    const lastDay = days[days.length - 1];
    const ofEntity = entityRef ? { entity_ref: entityRef } : {};
    const opened = await this.db('security_findings')
      .where(ofEntity)
      .andWhere('first_seen_day', '<=', lastDay)
      .groupBy('first_seen_day', 'severity')
      .select('first_seen_day as day', 'severity')
      .count({ count: '*' });
    const closed = await this.db('security_findings')
      .where(ofEntity)
      .whereNotNull('fixed_day')
      .andWhere('fixed_day', '<=', lastDay)
      .groupBy('fixed_day', 'severity')
      .select('fixed_day as day', 'severity')
      .count({ count: '*' });
    return days.map(date => {
      const open = emptySeverityCounts();
      for (const row of opened as unknown as CountRow[]) {
        if (row.day <= date)
          open[row.severity as Severity] += Number(row.count);
      }
      for (const row of closed as unknown as CountRow[]) {
        if (row.day <= date)
          open[row.severity as Severity] -= Number(row.count);
      }
      return { date, open };
    });
  }

  async openCountsBy(
    column: 'owner_ref' | 'system_ref',
  ): Promise<Array<{ key: string; open: SeverityCounts }>> {
    const rows = await this.db('security_findings')
      .where({ status: 'open' })
      .groupBy(column, 'severity')
      .select(`${column} as key`, 'severity')
      .count({ count: '*' });
    const groups = new Map<string, SeverityCounts>();
    for (const row of rows as unknown as CountRow[]) {
      const key = row.key ?? 'unknown';
      const counts = groups.get(key) ?? emptySeverityCounts();
      counts[row.severity as Severity] += Number(row.count);
      groups.set(key, counts);
    }
    return [...groups.entries()]
      .map(([key, open]) => ({ key, open }))
      .sort(
        (a, b) =>
          b.open.critical - a.open.critical ||
          b.open.high - a.open.high ||
          a.key.localeCompare(b.key),
      );
  }

  /** The longest-open findings of a severity, oldest first. */
  async oldestOpen(
    severity: Severity,
    limit: number,
  ): Promise<SecurityFinding[]> {
    const rows = await this.db<FindingRow>('security_findings')
      .where({ status: 'open', severity_rank: rankOf(severity) })
      .orderBy([
        { column: 'first_seen', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(limit)
      .select('*');
    return this.withScanners(rows);
  }

  /**
   * Open, unwaived findings of an artifact at or above a severity, with the
   * active waiver of each, in one indexed query.
   */
  async gateFindings(options: {
    entityRef: string;
    artifactDigest: string;
    minSeverity: Severity;
    now: string;
  }): Promise<GateFinding[]> {
    const { db } = this;
    const rows = await db('security_findings as f')
      .leftJoin('security_waivers as w', join => {
        join
          .on('w.entity_ref', '=', 'f.entity_ref')
          .andOn('w.vulnerability_id', '=', 'f.vulnerability_id')
          .andOn(inner =>
            inner
              .onNull('w.package_name')
              .orOn('w.package_name', '=', 'f.package_name'),
          )
          .andOn('w.expires_at', '>', db.raw('?', [options.now]));
      })
      .where({
        'f.artifact_digest': options.artifactDigest,
        'f.entity_ref': options.entityRef,
        'f.status': 'open',
      })
      .andWhere('f.severity_rank', '>=', rankOf(options.minSeverity))
      .orderBy([
        { column: 'f.severity_rank', order: 'desc' },
        { column: 'f.first_seen', order: 'asc' },
        { column: 'f.id', order: 'asc' },
      ])
      .select(
        'f.id',
        'f.vulnerability_id',
        'f.title',
        'f.package_name',
        'f.installed_version',
        'f.location',
        'f.severity',
        'f.cvss_score',
        'f.first_seen',
        'w.id as waiver_id',
      );
    const seen = new Map<string, GateFinding>();
    for (const row of rows) {
      const known = seen.get(row.id);
      if (known) {
        known.waiverId = known.waiverId ?? optional(row.waiver_id);
        continue;
      }
      seen.set(row.id, {
        id: row.id,
        vulnerabilityId: row.vulnerability_id,
        title: row.title,
        packageName: optional(row.package_name),
        installedVersion: optional(row.installed_version),
        location: optional(row.location),
        severity: row.severity,
        cvssScore:
          optional(row.cvss_score) === undefined
            ? undefined
            : Number(row.cvss_score),
        firstSeen: row.first_seen,
        waiverId: optional(row.waiver_id),
      });
    }
    return [...seen.values()];
  }

  async hasReport(entityRef: string, artifactDigest: string): Promise<boolean> {
    const row = await this.db('security_reports')
      .where({ entity_ref: entityRef, artifact_digest: artifactDigest })
      .first('id');
    return Boolean(row);
  }

  async listReports(filter: {
    entityRef: string;
    artifactDigest?: string;
  }): Promise<SecurityReport[]> {
    const query = this.db<ReportRow>('security_reports').where({
      entity_ref: filter.entityRef,
    });
    if (filter.artifactDigest)
      query.andWhere('artifact_digest', filter.artifactDigest);
    const rows = await query
      .orderBy('received_at', 'desc')
      .limit(500)
      .select('*');
    return rows.map(toReport);
  }

  /** The packages of the newest CycloneDX report of an entity's artifact. */
  async latestSbom(filter: {
    entityRef: string;
    artifactDigest: string;
  }): Promise<{ report: SecurityReport; packages: SbomPackage[] } | undefined> {
    const report = await this.db<ReportRow>('security_reports')
      .where({
        entity_ref: filter.entityRef,
        artifact_digest: filter.artifactDigest,
        format: 'cyclonedx',
      })
      .orderBy('received_at', 'desc')
      .first();
    if (!report) return undefined;
    const rows = await this.db('security_sbom_packages')
      .where({ report_id: report.id })
      .orderBy('id')
      .select('*');
    return {
      report: toReport(report),
      packages: rows.map(row => ({
        name: row.name,
        version: optional(row.version),
        purl: optional(row.purl),
        type: optional(row.type),
        licenses: JSON.parse(row.licenses),
      })),
    };
  }

  /** Stores an approved waiver; storing the same one again changes nothing. */
  async insertWaiver(
    waiver: Omit<SecurityWaiver, 'state' | 'changeRequestId'>,
  ) {
    await this.db('security_waivers')
      .insert({
        id: waiver.id,
        entity_ref: waiver.entityRef,
        vulnerability_id: waiver.vulnerabilityId,
        package_name: waiver.packageName ?? null,
        justification: waiver.justification,
        requested_by: waiver.requestedBy,
        approved_by: JSON.stringify(waiver.approvedBy),
        approved_at: waiver.approvedAt ?? null,
        created_at: waiver.createdAt,
        expires_at: waiver.expiresAt,
      })
      .onConflict('id')
      .ignore();
  }

  /** The stored (approved) waivers of an entity, newest first. */
  async listWaivers(entityRef: string, now: string): Promise<SecurityWaiver[]> {
    const rows = await this.db<WaiverRow>('security_waivers')
      .where({ entity_ref: entityRef })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'asc' },
      ])
      .select('*');
    return rows.map(row => toWaiver(row, now));
  }

  async insertSignature(record: SignatureRecord) {
    await this.db('security_signatures').insert({
      entity_ref: record.entityRef,
      artifact_digest: record.artifactDigest,
      status: record.status,
      reason: record.reason ?? null,
      signer_subject: record.signer?.subject ?? null,
      signer_issuer: record.signer?.issuer ?? null,
      predicate_type: record.predicateType ?? null,
      slsa_level: record.slsaLevel ?? null,
      builder_id: record.builderId ?? null,
      bundle: record.bundle,
      created_at: record.createdAt,
    });
  }

  /**
   * Verified when any uploaded bundle verified (the highest SLSA level wins),
   * invalid when bundles exist but none verified, missing otherwise.
   */
  async signatureStatus(filter: {
    entityRef: string;
    artifactDigest: string;
  }): Promise<ArtifactSignatureStatus> {
    const { artifactDigest } = filter;
    const rows = await this.db('security_signatures')
      .where({ entity_ref: filter.entityRef, artifact_digest: artifactDigest })
      .orderBy([
        { column: 'slsa_level', order: 'desc', nulls: 'last' },
        { column: 'created_at', order: 'desc' },
      ])
      .limit(50)
      .select('*');
    if (rows.length === 0) return { artifactDigest, status: 'missing' };
    const verified = rows.filter(r => r.status === 'verified');
    const row =
      verified[0] ??
      rows.sort((a, b) => (a.created_at < b.created_at ? 1 : -1))[0];
    return {
      artifactDigest,
      status: row.status,
      reason: optional(row.reason),
      signer:
        row.signer_subject || row.signer_issuer
          ? {
              subject: optional(row.signer_subject),
              issuer: optional(row.signer_issuer),
            }
          : undefined,
      predicateType: optional(row.predicate_type),
      slsaLevel:
        optional(row.slsa_level) === undefined
          ? undefined
          : Number(row.slsa_level),
      builderId: optional(row.builder_id),
      verifiedAt: row.status === 'verified' ? row.created_at : undefined,
    };
  }
}
