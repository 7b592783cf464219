import { Readable } from 'node:stream';
import { LoggerService } from '@backstage/backend-plugin-api';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  FindingListQuery,
  FindingPage,
  FindingTrendPoint,
  ReportIngestResult,
  SecurityGateRequest,
  SecurityFinding,
  SecurityGateVerdict,
  SecurityReportFormat,
  SecuritySummary,
  SEVERITIES,
  Severity,
} from '@idp-platform/backstage-plugin-idp-common';
import { EnvironmentService } from '@idp-platform/backstage-plugin-idp-node';
import { SecurityStore } from '../database/SecurityStore';
import { reportParsers } from '../parsers/reportParsers';
import { evaluateSecurityGate } from '../policy/evaluateSecurityGate';
import { POLICY_SEVERITIES, SecurityPolicy } from '../policy/SecurityPolicy';

/** Owner and system of an entity, as the catalog knows them. */
export interface EntityContext {
  ownerRef?: string;
  systemRef?: string;
}

/**
 * The security domain: ingestion, findings, the organisation view and the
 * promotion gate. No HTTP and no SQL here.
 */
export class SecurityService {
  constructor(
    private readonly options: {
      store: SecurityStore;
      policy: SecurityPolicy;
      environments: EnvironmentService;
      signals: SignalsService;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  async ingest(input: {
    entityRef: string;
    artifactDigest: string;
    format: SecurityReportFormat;
    body: Readable;
    entity: EntityContext;
    receivedBy?: string;
  }): Promise<ReportIngestResult> {
    const { store } = this.options;
    const stored = await store.ingestReport({
      entityRef: input.entityRef,
      artifactDigest: input.artifactDigest,
      format: input.format,
      ownerRef: input.entity.ownerRef,
      systemRef: input.entity.systemRef,
      receivedBy: input.receivedBy,
      now: this.now(),
      findings: reportParsers[input.format](input.body),
    });
    const open = await store.severityCounts({
      entityRef: input.entityRef,
      artifactDigest: input.artifactDigest,
    });
    if (!stored.duplicate) {
      await this.options.signals
        .publish({
          recipients: { type: 'broadcast' },
          channel: `security:${input.entityRef}`,
          message: {
            type: 'report-ingested',
            reportId: stored.report.id,
            artifactDigest: input.artifactDigest,
          },
        })
        .catch(error =>
          this.options.logger.warn(
            `Could not publish the ingest signal: ${error}`,
          ),
        );
    }
    return { ...stored, open };
  }

  async listFindings(query: FindingListQuery): Promise<FindingPage> {
    const { items, totalCount } = await this.options.store.listFindings(query);
    return {
      items: items.map(finding => ({
        ...finding,
        dueAt:
          finding.status === 'open'
            ? this.options.policy.dueAt(finding.severity, finding.firstSeen)
            : undefined,
      })),
      totalCount,
      limit: query.limit,
      offset: query.offset,
    };
  }

  /** Every finding of an entity with its due date, oldest first. */
  async *allFindings(entityRef: string): AsyncGenerator<SecurityFinding> {
    for await (const finding of this.options.store.allFindings(entityRef)) {
      yield {
        ...finding,
        dueAt:
          finding.status === 'open'
            ? this.options.policy.dueAt(finding.severity, finding.firstSeen)
            : undefined,
      };
    }
  }

  severityCounts(filter: { entityRef: string; artifactDigest?: string }) {
    return this.options.store.severityCounts(filter);
  }

  listReports(filter: { entityRef: string; artifactDigest?: string }) {
    return this.options.store.listReports(filter);
  }

  /** The trend of one entity, or of the organisation without `entityRef`. */
  async trend(
    entityRef: string | undefined,
    days: number,
  ): Promise<FindingTrendPoint[]> {
    const today = Date.parse(`${this.now().slice(0, 10)}T00:00:00.000Z`);
    const dates = Array.from({ length: days }, (_, i) =>
      new Date(today - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10),
    );
    return this.options.store.trend(entityRef, dates);
  }

  async summary(limit = 20): Promise<SecuritySummary> {
    const { store, policy } = this.options;
    const due = await Promise.all(
      POLICY_SEVERITIES.map(severity => store.oldestOpen(severity, limit)),
    );
    const remediationDue = due
      .flat()
      .map(f => ({ ...f, dueAt: policy.dueAt(f.severity, f.firstSeen) }))
      .filter(f => f.dueAt !== undefined)
      .sort((a, b) => a.dueAt!.localeCompare(b.dueAt!))
      .slice(0, limit);
    return {
      byOwner: await store.openCountsBy('owner_ref'),
      bySystem: await store.openCountsBy('system_ref'),
      oldestCriticals: await store.oldestOpen('critical', limit),
      remediationDue,
    };
  }

  /**
   * The gate promotion asks: the artifact's open findings minus active
   * waivers, through the policy of the target environment.
   */
  async evaluateGate(
    request: SecurityGateRequest,
  ): Promise<SecurityGateVerdict> {
    const { store, policy, environments } = this.options;
    const environment = environments.get(request.environment);
    const rules = policy.rulesFor(environment);
    const now = this.now();
    const minSeverity =
      SEVERITIES.find(
        (severity: Severity) =>
          severity !== 'none' &&
          ((rules.actions as Record<string, string>)[severity] !== 'allow' ||
            policy.dueAt(severity, now) !== undefined),
      ) ?? 'critical';
    const [findings, hasReport, signature] = await Promise.all([
      store.gateFindings({
        entityRef: request.entityRef,
        artifactDigest: request.artifactDigest,
        minSeverity,
        now,
      }),
      store.hasReport(request.entityRef, request.artifactDigest),
      store.signatureStatus({
        entityRef: request.entityRef,
        artifactDigest: request.artifactDigest,
      }),
    ]);
    return evaluateSecurityGate({
      rules,
      policy,
      findings,
      hasReport,
      signature,
      now,
    });
  }
}
