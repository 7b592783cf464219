import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ChangeRequest,
  ChangeRequestDecision,
  CompatibilityReport,
  InstalledPluginsResponse,
  PluginHealthResponse,
  PluginInstallPlan,
  PluginInstallRequest,
  PluginOperationResult,
  PluginPackageDetails,
  PluginPackageRequest,
  PluginRefreshResponse,
  PluginRegistriesResponse,
  PluginRegistryInfo,
  PluginRevertRequest,
  PluginRevision,
  PluginRevisionDiff,
  PluginRevisionsResponse,
  PluginSearchQuery,
  PluginSearchResponse,
} from '@idp-platform/backstage-plugin-idp-common';
import { PluginManagerApi } from './PluginManagerApi';

type Query = Record<string, string | number | undefined>;

/**
 * PluginManagerApi over HTTP. Package names go in query strings and bodies,
 * never in the path, as scoped names hold a slash.
 *
 * @public
 */
export class PluginManagerClient implements PluginManagerApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async listRegistries(): Promise<PluginRegistryInfo[]> {
    const body = await this.json<PluginRegistriesResponse>('/registries');
    return body.items;
  }

  async search(query: PluginSearchQuery): Promise<PluginSearchResponse> {
    return this.json(`/search${this.queryString({ ...query })}`);
  }

  async getPackage(name: string): Promise<PluginPackageDetails> {
    return this.json(`/package${this.queryString({ name })}`);
  }

  async compatibility(
    name: string,
    version?: string,
  ): Promise<CompatibilityReport> {
    return this.json(`/compatibility${this.queryString({ name, version })}`);
  }

  async plan(request: PluginInstallRequest): Promise<PluginInstallPlan> {
    return this.json('/plan', { method: 'POST', body: request });
  }

  async install(request: PluginInstallRequest): Promise<PluginOperationResult> {
    return this.json('/install', { method: 'POST', body: request });
  }

  async upgrade(request: PluginInstallRequest): Promise<PluginOperationResult> {
    return this.json('/upgrade', { method: 'POST', body: request });
  }

  async disable(request: PluginPackageRequest): Promise<PluginOperationResult> {
    return this.json('/disable', { method: 'POST', body: request });
  }

  async enable(request: PluginPackageRequest): Promise<PluginOperationResult> {
    return this.json('/enable', { method: 'POST', body: request });
  }

  async uninstall(
    request: PluginPackageRequest,
  ): Promise<PluginOperationResult> {
    return this.json('/uninstall', { method: 'POST', body: request });
  }

  async rollback(
    request: PluginPackageRequest,
  ): Promise<PluginOperationResult> {
    return this.json('/rollback', { method: 'POST', body: request });
  }

  async listInstalled(): Promise<InstalledPluginsResponse> {
    return this.json('/installed');
  }

  async listRevisions(packageName?: string): Promise<PluginRevision[]> {
    const body = await this.json<PluginRevisionsResponse>(
      `/revisions${this.queryString({ package: packageName })}`,
    );
    return body.items;
  }

  async getRevision(revision: number): Promise<PluginRevision> {
    return this.json(`/revisions/${revision}`);
  }

  async diffRevision(
    revision: number,
    against?: number,
  ): Promise<PluginRevisionDiff> {
    return this.json(
      `/revisions/${revision}/diff${this.queryString({ against })}`,
    );
  }

  async revertToRevision(
    revision: number,
    request: PluginRevertRequest,
  ): Promise<PluginOperationResult> {
    return this.json(`/revisions/${revision}/revert`, {
      method: 'POST',
      body: request,
    });
  }

  async health(): Promise<PluginHealthResponse> {
    return this.json('/health');
  }

  async refresh(): Promise<PluginRefreshResponse> {
    return this.json('/refresh', { method: 'POST', body: {} });
  }

  async listPendingChangeRequests(): Promise<ChangeRequest[]> {
    const body = await this.json<{ items: ChangeRequest[] }>(
      '/change-requests?state=pending',
    );
    return body.items;
  }

  async decideChangeRequest(
    id: string,
    decision: ChangeRequestDecision['decision'],
    comment?: string,
  ): Promise<ChangeRequest> {
    return this.json(`/change-requests/${encodeURIComponent(id)}/decision`, {
      method: 'POST',
      body: { decision, comment },
    });
  }

  private queryString(query: Query): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    const text = params.toString();
    return text ? `?${text}` : '';
  }

  private async json<T>(
    path: string,
    init?: { method: string; body?: unknown },
  ): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl(
      'plugin-manager',
    );
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
