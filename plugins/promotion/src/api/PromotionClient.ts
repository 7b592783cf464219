import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  Artifact,
  ArtifactRegistration,
  ArtifactWithFacts,
  ChangeRequest,
  ChangeRequestDecision,
  PendingPromotionApproval,
  PipelineView,
  PromoteRequest,
  Promotion,
  PromotionPage,
} from '@idp-platform/backstage-plugin-idp-common';
import { ArtifactPage, PromotionApi, PromotionFilter } from './PromotionApi';

function queryOf(values: object): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== '') query.set(key, String(value));
  }
  return query.toString();
}

/** PromotionApi over HTTP. @public */
export class PromotionClient implements PromotionApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async registerArtifact(
    registration: ArtifactRegistration,
  ): Promise<Artifact> {
    return this.request('/artifacts', { method: 'POST', body: registration });
  }

  async listArtifacts(options: {
    entityRef: string;
    limit?: number;
    offset?: number;
  }): Promise<ArtifactPage> {
    return this.request(`/artifacts?${queryOf(options)}`);
  }

  async getArtifact(id: string): Promise<ArtifactWithFacts> {
    return this.request(`/artifacts/${encodeURIComponent(id)}`);
  }

  async getPipeline(entityRef: string): Promise<PipelineView> {
    return this.request(`/pipeline?${queryOf({ entityRef })}`);
  }

  async listPromotions(filter: PromotionFilter): Promise<PromotionPage> {
    return this.request(`/promotions?${queryOf(filter)}`);
  }

  async getHistory(
    filter: PromotionFilter & { entityRef: string },
  ): Promise<PromotionPage> {
    return this.request(`/history?${queryOf(filter)}`);
  }

  async getPromotion(id: string): Promise<Promotion> {
    return this.request(`/promotions/${encodeURIComponent(id)}`);
  }

  async promote(request: PromoteRequest): Promise<Promotion> {
    return this.request('/promotions', { method: 'POST', body: request });
  }

  async retry(promotionId: string): Promise<Promotion> {
    return this.request(
      `/promotions/${encodeURIComponent(promotionId)}/retry`,
      { method: 'POST', body: {} },
    );
  }

  async listApprovals(): Promise<PendingPromotionApproval[]> {
    const body = await this.request<{ items: PendingPromotionApproval[] }>(
      '/approvals',
    );
    return body.items;
  }

  async getChangeRequest(id: string): Promise<ChangeRequest> {
    return this.request(`/change-requests/${encodeURIComponent(id)}`);
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

  private async request<T>(
    path: string,
    init?: { method: string; body?: unknown },
  ): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('promotion');
    const hasBody = init?.body !== undefined;
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`, {
      method: init?.method ?? 'GET',
      headers: hasBody ? { 'Content-Type': 'application/json' } : undefined,
      body: hasBody ? JSON.stringify(init!.body) : undefined,
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
