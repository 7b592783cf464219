import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ChangeRequest,
  ChangeRequestDecision,
  McpDeployRequest,
  McpDeployment,
  McpHealthCheck,
  McpHostingOutcome,
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

  async listDeployments(name?: string): Promise<McpDeployment[]> {
    const path = name
      ? `/servers/${encodeURIComponent(name)}/deployments`
      : '/deployments';
    const body = await this.request<{ items: McpDeployment[] }>(path);
    return body.items;
  }

  async deploy(
    name: string,
    request: McpDeployRequest,
  ): Promise<McpHostingOutcome> {
    return this.request(`/servers/${encodeURIComponent(name)}/deployments`, {
      method: 'POST',
      body: request,
    });
  }

  async scale(
    name: string,
    environment: string,
    replicas: number,
  ): Promise<McpHostingOutcome> {
    return this.request(`${this.deploymentPath(name, environment)}/replicas`, {
      method: 'PUT',
      body: { replicas },
    });
  }

  async undeploy(
    name: string,
    environment: string,
  ): Promise<McpHostingOutcome> {
    return this.request(this.deploymentPath(name, environment), {
      method: 'DELETE',
    });
  }

  async refreshDeployment(
    name: string,
    environment: string,
  ): Promise<McpDeployment> {
    return this.request(`${this.deploymentPath(name, environment)}/refresh`, {
      method: 'POST',
      body: {},
    });
  }

  async listHostingChangeRequests(): Promise<ChangeRequest[]> {
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

  private deploymentPath(name: string, environment: string): string {
    return `/servers/${encodeURIComponent(
      name,
    )}/deployments/${encodeURIComponent(environment)}`;
  }

  private async request<T>(
    path: string,
    init?: { method: string; body?: unknown },
  ): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('mcp-registry');
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
