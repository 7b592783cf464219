import { createApiRef } from '@backstage/core-plugin-api';
import {
  ArtifactSupplyChain,
  ChangeRequest,
  ChangeRequestDecision,
  FindingPage,
  FindingStatus,
  FindingTrendPoint,
  SecurityReport,
  SecuritySummary,
  SecurityWaiver,
  Severity,
  SeverityCounts,
  WaiverRequest,
  WaiverRequestResult,
} from '@idp-platform/backstage-plugin-idp-common';

/** Filters and paging of an entity's findings (`GET /findings`). @public */
export interface SecurityFindingQuery {
  entityRef: string;
  artifactDigest?: string;
  severity?: Severity[];
  status?: FindingStatus;
  scanner?: string;
  text?: string;
  limit: number;
  offset: number;
}

/** Formats of the compliance export. @public */
export type SecurityExportFormat = 'csv' | 'json';

/** A downloaded export. @public */
export interface SecurityExportFile {
  fileName: string;
  content: Blob;
}

/** Client of the security backend. @public */
export interface SecurityApi {
  /** One page of an entity's findings, filtered on the server. */
  listFindings(query: SecurityFindingQuery): Promise<FindingPage>;
  /** Open findings per severity. */
  getSeverityCounts(
    entityRef: string,
    artifactDigest?: string,
  ): Promise<SeverityCounts>;
  /** Open findings per day over the last `days` days. */
  /** Open findings per day of one entity, or of the organisation without `entityRef`. */
  getTrend(
    entityRef: string | undefined,
    days: number,
  ): Promise<FindingTrendPoint[]>;
  /** Stored scanner reports of an entity, newest first. */
  listReports(entityRef: string): Promise<SecurityReport[]>;
  /** Organisation-wide open findings by owner and system, criticals, due list. */
  getSummary(): Promise<SecuritySummary>;
  getSupplyChain(
    entityRef: string,
    artifactDigest: string,
  ): Promise<ArtifactSupplyChain>;
  listWaivers(entityRef: string): Promise<SecurityWaiver[]>;
  /** Asks for a waiver; it waits for approval as a change request. */
  requestWaiver(request: WaiverRequest): Promise<WaiverRequestResult>;
  /** Pending change requests of the security plugin (waivers). */
  listPendingChangeRequests(): Promise<ChangeRequest[]>;
  decideChangeRequest(
    id: string,
    decision: ChangeRequestDecision['decision'],
    comment?: string,
  ): Promise<ChangeRequest>;
  /** The entity's findings as a compliance export file. */
  exportFindings(
    entityRef: string,
    format: SecurityExportFormat,
  ): Promise<SecurityExportFile>;
}

/** @public */
export const securityApiRef = createApiRef<SecurityApi>({
  id: 'plugin.security.api',
});
