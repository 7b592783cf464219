import {
  ArtifactSupplyChain,
  ChangeRequest,
  ChangeRequestDecision,
  FindingPage,
  FindingTrendPoint,
  SecurityFinding,
  SecurityReport,
  SecuritySummary,
  SecurityWaiver,
  SecuritySummaryGroup,
  Severity,
  SeverityCounts,
  WaiverRequest,
  WaiverRequestResult,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  SecurityApi,
  SecurityExportFile,
  SecurityExportFormat,
  SecurityFindingQuery,
} from '../api';

/** Zero findings of every severity. */
export function emptyCounts(): SeverityCounts {
  return { none: 0, low: 0, medium: 0, high: 0, critical: 0 };
}

/** A finding of `component:default/payments-api` with sensible defaults. */
export function finding(overrides: Partial<SecurityFinding>): SecurityFinding {
  return {
    id: 'finding-1',
    entityRef: 'component:default/payments-api',
    artifactDigest: `sha256:${'a'.repeat(64)}`,
    vulnerabilityId: 'CVE-2024-0001',
    title: 'A vulnerability',
    packageName: 'openssl',
    installedVersion: '3.0.1',
    fixedVersion: '3.0.2',
    severity: 'high',
    scanner: 'trivy',
    scanners: ['trivy'],
    status: 'open',
    firstSeen: '2026-11-01T10:00:00.000Z',
    lastSeen: '2026-11-24T10:00:00.000Z',
    ...overrides,
  };
}

/** A stored report with sensible defaults. */
export function report(overrides: Partial<SecurityReport>): SecurityReport {
  return {
    id: 'report-1',
    entityRef: 'component:default/payments-api',
    artifactDigest: `sha256:${'a'.repeat(64)}`,
    format: 'trivy',
    scanners: ['trivy'],
    contentHash: 'f'.repeat(64),
    findingCount: 1,
    receivedAt: '2026-11-24T10:00:00.000Z',
    ...overrides,
  };
}

/** Seed data of {@link InMemorySecurityApi}. */
export interface InMemorySecurityData {
  findings?: SecurityFinding[];
  reports?: SecurityReport[];
  trend?: FindingTrendPoint[];
  summary?: SecuritySummary;
  supplyChain?: Record<string, ArtifactSupplyChain>;
  waivers?: SecurityWaiver[];
  changeRequests?: ChangeRequest[];
  /** Errors that a method throws instead of answering, e.g. a 403. */
  failures?: Partial<Record<keyof SecurityApi, Error>>;
}

const NO_SUPPLY_CHAIN: ArtifactSupplyChain = {
  sbom: null,
  signature: { status: 'missing' },
  slsaLevel: null,
};

/**
 * A real SecurityApi over arrays, for component tests: it filters and pages
 * findings as the backend does, turns waiver requests into pending change
 * requests, and records what it was asked.
 */
export class InMemorySecurityApi implements SecurityApi {
  readonly findingQueries: SecurityFindingQuery[] = [];
  readonly exportRequests: Array<{
    entityRef: string;
    format: SecurityExportFormat;
  }> = [];
  readonly waiverRequests: WaiverRequest[] = [];
  readonly decisions: Array<{ id: string; decision: string }> = [];
  private readonly data: Required<Omit<InMemorySecurityData, 'summary'>> & {
    summary?: SecuritySummary;
  };

  constructor(data: InMemorySecurityData = {}) {
    this.data = {
      findings: [],
      reports: [],
      trend: [],
      supplyChain: {},
      waivers: [],
      changeRequests: [],
      failures: {},
      ...data,
    };
  }

  /** Adds a finding, as a new ingest would. */
  addFinding(added: SecurityFinding) {
    this.data.findings.push(added);
  }

  async listFindings(query: SecurityFindingQuery): Promise<FindingPage> {
    this.fail('listFindings');
    this.findingQueries.push(query);
    const text = query.text?.toLowerCase();
    const matching = this.data.findings.filter(
      f =>
        f.entityRef === query.entityRef &&
        (!query.artifactDigest || f.artifactDigest === query.artifactDigest) &&
        (!query.severity?.length || query.severity.includes(f.severity)) &&
        (!query.status || f.status === query.status) &&
        (!query.scanner || f.scanners.includes(query.scanner)) &&
        (!text ||
          [f.vulnerabilityId, f.title, f.packageName, f.location].some(value =>
            value?.toLowerCase().includes(text),
          )),
    );
    return {
      items: matching.slice(query.offset, query.offset + query.limit),
      totalCount: matching.length,
      limit: query.limit,
      offset: query.offset,
    };
  }

  async getSeverityCounts(
    entityRef: string,
    artifactDigest?: string,
  ): Promise<SeverityCounts> {
    this.fail('getSeverityCounts');
    const counts = emptyCounts();
    for (const f of this.data.findings) {
      if (
        f.entityRef === entityRef &&
        f.status === 'open' &&
        (!artifactDigest || f.artifactDigest === artifactDigest)
      ) {
        counts[f.severity] += 1;
      }
    }
    return counts;
  }

  async getTrend(
    _entityRef: string | undefined,
    days: number,
  ): Promise<FindingTrendPoint[]> {
    this.fail('getTrend');
    return this.data.trend.slice(-days);
  }

  async listReports(entityRef: string): Promise<SecurityReport[]> {
    this.fail('listReports');
    return this.data.reports.filter(r => r.entityRef === entityRef);
  }

  async getSummary(): Promise<SecuritySummary> {
    this.fail('getSummary');
    return this.data.summary ?? this.summaryOfFindings();
  }

  async getSupplyChain(
    _entityRef: string,
    artifactDigest: string,
  ): Promise<ArtifactSupplyChain> {
    this.fail('getSupplyChain');
    return this.data.supplyChain[artifactDigest] ?? NO_SUPPLY_CHAIN;
  }

  async listWaivers(entityRef: string): Promise<SecurityWaiver[]> {
    this.fail('listWaivers');
    return this.data.waivers.filter(w => w.entityRef === entityRef);
  }

  async requestWaiver(request: WaiverRequest): Promise<WaiverRequestResult> {
    this.fail('requestWaiver');
    this.waiverRequests.push(request);
    const now = new Date().toISOString();
    const changeRequestId = `cr-${this.data.changeRequests.length + 1}`;
    this.data.changeRequests.push({
      id: changeRequestId,
      pluginId: 'security',
      kind: 'waiver',
      title: `Waive ${request.vulnerabilityId}`,
      environment: 'production',
      entityRef: request.entityRef,
      requester: 'user:default/bob',
      requiredApprovals: 1,
      approvers: ['group:default/security'],
      payload: request,
      state: 'pending',
      createdAt: now,
      updatedAt: now,
      expiresAt: new Date(request.expiresAt).toISOString(),
      version: 1,
      approvals: [],
      history: [],
    });
    this.data.waivers.push({
      id: `waiver-${this.data.waivers.length + 1}`,
      entityRef: request.entityRef,
      vulnerabilityId: request.vulnerabilityId,
      packageName: request.packageName,
      justification: request.justification,
      requestedBy: 'user:default/bob',
      approvedBy: [],
      changeRequestId,
      createdAt: now,
      expiresAt: new Date(request.expiresAt).toISOString(),
      state: 'pending',
    });
    return { status: 'pending-approval', changeRequestId };
  }

  async listPendingChangeRequests(): Promise<ChangeRequest[]> {
    this.fail('listPendingChangeRequests');
    return this.data.changeRequests.filter(r => r.state === 'pending');
  }

  async decideChangeRequest(
    id: string,
    decision: ChangeRequestDecision['decision'],
  ): Promise<ChangeRequest> {
    this.fail('decideChangeRequest');
    this.decisions.push({ id, decision });
    const request = this.data.changeRequests.find(r => r.id === id);
    if (!request) throw new Error(`No change request with id ${id}`);
    request.state = decision === 'approve' ? 'approved' : 'rejected';
    return request;
  }

  async exportFindings(
    entityRef: string,
    format: SecurityExportFormat,
  ): Promise<SecurityExportFile> {
    this.fail('exportFindings');
    this.exportRequests.push({ entityRef, format });
    return {
      fileName: `security.${format}`,
      content: new Blob([format === 'csv' ? 'id\n' : '[]']),
    };
  }

  private summaryOfFindings(): SecuritySummary {
    const open = this.data.findings.filter(f => f.status === 'open');
    const groupBy = (key: (f: SecurityFinding) => string) => {
      const groups = new Map<string, SecuritySummaryGroup>();
      for (const f of open) {
        const group = groups.get(key(f)) ?? {
          key: key(f),
          open: emptyCounts(),
        };
        group.open[f.severity as Severity] += 1;
        groups.set(group.key, group);
      }
      return [...groups.values()];
    };
    return {
      byOwner: groupBy(() => 'unknown'),
      bySystem: groupBy(() => 'unknown'),
      oldestCriticals: open.filter(f => f.severity === 'critical'),
      remediationDue: open.filter(f => f.dueAt),
    };
  }

  private fail(method: keyof SecurityApi) {
    const failure = this.data.failures[method];
    if (failure) throw failure;
  }
}
