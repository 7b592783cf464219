import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ArtifactSupplyChain,
  ChangeRequest,
  ChangeRequestDecision,
  FindingPage,
  FindingTrendPoint,
  SecurityReport,
  SecuritySummary,
  SecurityWaiver,
  SecurityWaiverList,
  SeverityCounts,
  WaiverRequest,
  WaiverRequestResult,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  SecurityApi,
  SecurityExportFile,
  SecurityExportFormat,
  SecurityFindingQuery,
} from './SecurityApi';

type QueryValue = string | number | string[] | undefined;

function queryString(values: Record<string, QueryValue>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (Array.isArray(value)) {
      value.forEach(item => query.append(key, item));
    } else if (value !== undefined && value !== '') {
      query.set(key, String(value));
    }
  }
  return query.toString();
}

function fileNameOf(response: Response, fallback: string): string {
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename="?([^";]+)"?/i.exec(disposition);
  return match ? match[1] : fallback;
}

/** SecurityApi over HTTP. @public */
export class SecurityClient implements SecurityApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async listFindings(query: SecurityFindingQuery): Promise<FindingPage> {
    return this.request(`/findings?${queryString({ ...query })}`);
  }

  async getSeverityCounts(
    entityRef: string,
    artifactDigest?: string,
  ): Promise<SeverityCounts> {
    return this.request(
      `/findings/counts?${queryString({ entityRef, artifactDigest })}`,
    );
  }

  async getTrend(
    entityRef: string | undefined,
    days: number,
  ): Promise<FindingTrendPoint[]> {
    const body = await this.request<{ points: FindingTrendPoint[] }>(
      `/findings/trend?${queryString({ entityRef, days })}`,
    );
    return body.points;
  }

  async listReports(entityRef: string): Promise<SecurityReport[]> {
    const body = await this.request<{ items: SecurityReport[] }>(
      `/reports?${queryString({ entityRef })}`,
    );
    return body.items;
  }

  async getSummary(): Promise<SecuritySummary> {
    return this.request('/summary');
  }

  async getSupplyChain(
    entityRef: string,
    artifactDigest: string,
  ): Promise<ArtifactSupplyChain> {
    return this.request(
      `/artifacts/supply-chain?${queryString({ entityRef, artifactDigest })}`,
    );
  }

  async listWaivers(entityRef: string): Promise<SecurityWaiver[]> {
    const body = await this.request<SecurityWaiverList>(
      `/waivers?${queryString({ entityRef })}`,
    );
    return body.items;
  }

  async requestWaiver(request: WaiverRequest): Promise<WaiverRequestResult> {
    return this.request('/waivers', { method: 'POST', body: request });
  }

  async listPendingChangeRequests(): Promise<ChangeRequest[]> {
    const body = await this.request<{ items: ChangeRequest[] }>(
      '/change-requests?state=pending',
    );
    return body.items;
  }

  async decideChangeRequest(
    id: string,
    decision: ChangeRequestDecision['decision'],
    comment?: string,
  ): Promise<ChangeRequest> {
    return this.request(`/change-requests/${encodeURIComponent(id)}/decision`, {
      method: 'POST',
      body: { decision, comment },
    });
  }

  async exportFindings(
    entityRef: string,
    format: SecurityExportFormat,
  ): Promise<SecurityExportFile> {
    const response = await this.fetch(
      `/export?${queryString({ entityRef, format })}`,
    );
    const fallback = `security-${entityRef.replace(
      /[^a-z0-9-]+/gi,
      '-',
    )}.${format}`;
    return {
      fileName: fileNameOf(response, fallback),
      content: await response.blob(),
    };
  }

  private async request<T>(
    path: string,
    init?: { method: string; body?: unknown },
  ): Promise<T> {
    const response = await this.fetch(path, init);
    return (await response.json()) as T;
  }

  private async fetch(
    path: string,
    init?: { method: string; body?: unknown },
  ): Promise<Response> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('security');
    const hasBody = init?.body !== undefined;
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`, {
      method: init?.method ?? 'GET',
      headers: hasBody ? { 'Content-Type': 'application/json' } : undefined,
      body: hasBody ? JSON.stringify(init!.body) : undefined,
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response;
  }
}
