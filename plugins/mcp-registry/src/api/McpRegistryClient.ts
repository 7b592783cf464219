import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  McpHealthCheck,
  McpRegisterRequest,
  McpServerListResponse,
  McpServerResponse,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  McpRegistryApi,
  McpServerFilter,
  McpToolInvocationResult,
} from './McpRegistryApi';

/** McpRegistryApi over HTTP. @public */
export class McpRegistryClient implements McpRegistryApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async listServers(filter: McpServerFilter): Promise<McpServerListResponse> {
    const query = new URLSearchParams({ version: 'latest' });
    for (const [key, value] of Object.entries(filter)) {
      if (value !== undefined && value !== '') query.set(key, String(value));
    }
    return this.request(`/v0.1/servers?${query}`);
  }

  async listVersions(name: string): Promise<McpServerListResponse> {
    return this.request(`/v0.1/servers/${encodeURIComponent(name)}/versions`);
  }

  async getHealthHistory(name: string): Promise<McpHealthCheck[]> {
    const body = await this.request<{ checks: McpHealthCheck[] }>(
      `/servers/${encodeURIComponent(name)}/health`,
    );
    return body.checks;
  }

  async register(request: McpRegisterRequest): Promise<McpServerResponse> {
    return this.request('/servers', { method: 'POST', body: request });
  }

  async checkNow(name: string, version: string): Promise<McpHealthCheck> {
    return this.request(
      `/servers/${encodeURIComponent(name)}/versions/${encodeURIComponent(
        version,
      )}/check`,
      { method: 'POST', body: {} },
    );
  }

  async invokeTool(
    name: string,
    version: string,
    tool: string,
    args: Record<string, unknown>,
  ): Promise<McpToolInvocationResult> {
    return this.request(
      `/servers/${encodeURIComponent(name)}/versions/${encodeURIComponent(
        version,
      )}/invoke`,
      { method: 'POST', body: { tool, arguments: args } },
    );
  }

  private async request<T>(
    path: string,
    init?: { method: string; body: unknown },
  ): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('mcp-registry');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`, {
      method: init?.method ?? 'GET',
      headers: init ? { 'Content-Type': 'application/json' } : undefined,
      body: init ? JSON.stringify(init.body) : undefined,
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
