import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ChangeRequest,
  ChangeRequestDecision,
  ConfigApplicationSummary,
  ConfigApplicationView,
  ConfigApplyResult,
  ConfigChangeResult,
  ConfigChangeSet,
  ConfigDiff,
  ConfigDriftReport,
  ConfigEnvironmentComparison,
  ConfigFlagPutRequest,
  ConfigRollbackRequest,
  ConfigSetValuesRequest,
} from '@idp-platform/backstage-plugin-idp-common';
import { ConfigManagerApi } from './ConfigManagerApi';

/** ConfigManagerApi over HTTP. @public */
export class ConfigManagerClient implements ConfigManagerApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async listApplications(): Promise<ConfigApplicationSummary[]> {
    const body = await this.json<{ items: ConfigApplicationSummary[] }>(
      '/applications',
    );
    return body.items;
  }

  async getApplication(name: string): Promise<ConfigApplicationView> {
    return this.json(this.applicationPath(name));
  }

  async compare(name: string): Promise<ConfigEnvironmentComparison> {
    return this.json(`${this.applicationPath(name)}/compare`);
  }

  async setValues(
    name: string,
    request: ConfigSetValuesRequest,
  ): Promise<ConfigChangeResult> {
    return this.json(`${this.applicationPath(name)}/values`, {
      method: 'POST',
      body: request,
    });
  }

  async exportYaml(name: string, version?: number): Promise<string> {
    const query = version === undefined ? '' : `?version=${version}`;
    const response = await this.fetch(
      `${this.applicationPath(name)}/export${query}`,
    );
    return response.text();
  }

  async history(name: string): Promise<ConfigChangeSet[]> {
    const body = await this.json<{ items: ConfigChangeSet[] }>(
      `${this.applicationPath(name)}/history`,
    );
    return body.items;
  }

  async diff(name: string, from: number, to: number): Promise<ConfigDiff> {
    const query = new URLSearchParams({ from: String(from), to: String(to) });
    return this.json(`${this.applicationPath(name)}/diff?${query}`);
  }

  async rollback(
    name: string,
    request: ConfigRollbackRequest,
  ): Promise<ConfigChangeResult> {
    return this.json(`${this.applicationPath(name)}/rollback`, {
      method: 'POST',
      body: request,
    });
  }

  async apply(
    name: string,
    environment: string,
    options: { dryRun: boolean },
  ): Promise<ConfigApplyResult> {
    return this.json(`${this.applicationPath(name)}/apply`, {
      method: 'POST',
      body: { environment, dryRun: options.dryRun },
    });
  }

  async driftReports(name: string): Promise<ConfigDriftReport[]> {
    const body = await this.json<{ items: ConfigDriftReport[] }>(
      `${this.applicationPath(name)}/drift`,
    );
    return body.items;
  }

  async checkDrift(
    name: string,
    environment: string,
  ): Promise<ConfigDriftReport> {
    return this.json(`${this.applicationPath(name)}/drift/check`, {
      method: 'POST',
      body: { environment },
    });
  }

  async putFlag(
    name: string,
    key: string,
    request: ConfigFlagPutRequest,
  ): Promise<ConfigChangeResult> {
    return this.json(
      `${this.applicationPath(name)}/flags/${encodeURIComponent(key)}`,
      { method: 'PUT', body: request },
    );
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

  private applicationPath(name: string): string {
    return `/applications/${encodeURIComponent(name)}`;
  }

  private async json<T>(
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
    const baseUrl = await this.options.discoveryApi.getBaseUrl('config');
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
