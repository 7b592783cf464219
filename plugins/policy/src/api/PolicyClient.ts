import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ChangeRequest,
  ChangeRequestDecision,
  PolicyApplyOutcome,
  PolicyApplyRecord,
  PolicyApplyRequest,
  PolicyCompileResult,
  PolicyCreateRequest,
  PolicyEnvironmentComparison,
  PolicyImpactReport,
  PolicyImportResult,
  PolicyRollbackRequest,
  PolicySandboxRequest,
  PolicySandboxResult,
  PolicyServiceInfo,
  PolicySummary,
  PolicyUpdateRequest,
  PolicyValidationResult,
  PolicyVersion,
  PolicyVersionView,
  PolicyView,
} from '@idp-platform/backstage-plugin-idp-common';
import { PolicyApi } from './PolicyApi';

/** PolicyApi over HTTP. @public */
export class PolicyClient implements PolicyApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async listServices(): Promise<PolicyServiceInfo[]> {
    return this.items('/services');
  }

  async listPolicies(): Promise<PolicySummary[]> {
    return this.items('/policies');
  }

  async getPolicy(name: string): Promise<PolicyView> {
    return this.json(this.policyPath(name));
  }

  async createPolicy(request: PolicyCreateRequest): Promise<PolicyView> {
    return this.json('/policies', { method: 'POST', body: request });
  }

  async updatePolicy(
    name: string,
    request: PolicyUpdateRequest,
  ): Promise<PolicyView> {
    return this.json(this.policyPath(name), { method: 'PUT', body: request });
  }

  async listVersions(name: string): Promise<PolicyVersion[]> {
    return this.items(`${this.policyPath(name)}/versions`);
  }

  async getVersion(name: string, version: number): Promise<PolicyVersionView> {
    return this.json(`${this.policyPath(name)}/versions/${version}`);
  }

  async validate(yaml: string): Promise<PolicyValidationResult> {
    return this.json('/validate', { method: 'POST', body: { yaml } });
  }

  async compile(
    yaml: string,
    environment: string,
  ): Promise<PolicyCompileResult> {
    return this.json('/compile', {
      method: 'POST',
      body: { yaml, environment },
    });
  }

  async sandbox(request: PolicySandboxRequest): Promise<PolicySandboxResult> {
    return this.json('/sandbox', { method: 'POST', body: request });
  }

  async importWebApplication(yaml: string): Promise<PolicyImportResult> {
    return this.json('/import/web-application', {
      method: 'POST',
      body: { yaml },
    });
  }

  async impact(
    name: string,
    environment: string,
    version?: number,
  ): Promise<PolicyImpactReport> {
    const query = new URLSearchParams({ environment });
    if (version !== undefined) query.set('version', String(version));
    return this.json(`${this.policyPath(name)}/impact?${query}`);
  }

  async compare(
    name: string,
    environments?: string[],
    version?: number,
  ): Promise<PolicyEnvironmentComparison> {
    const query = new URLSearchParams();
    if (environments?.length) query.set('environments', environments.join(','));
    if (version !== undefined) query.set('version', String(version));
    const suffix = query.toString() ? `?${query}` : '';
    return this.json(`${this.policyPath(name)}/compare${suffix}`);
  }

  async apply(
    name: string,
    request: PolicyApplyRequest,
  ): Promise<PolicyApplyOutcome> {
    return this.json(`${this.policyPath(name)}/apply`, {
      method: 'POST',
      body: request,
    });
  }

  async rollback(
    name: string,
    request: PolicyRollbackRequest,
  ): Promise<PolicyApplyOutcome> {
    return this.json(`${this.policyPath(name)}/rollback`, {
      method: 'POST',
      body: request,
    });
  }

  async listApplies(name: string): Promise<PolicyApplyRecord[]> {
    return this.items(`${this.policyPath(name)}/applies`);
  }

  async listChangeRequests(
    options: { state?: ChangeRequest['state'] } = {},
  ): Promise<ChangeRequest[]> {
    const query = options.state ? `?state=${options.state}` : '';
    return this.items(`/change-requests${query}`);
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

  private policyPath(name: string): string {
    return `/policies/${encodeURIComponent(name)}`;
  }

  /** Lists come wrapped, as `{ items }`. */
  private async items<T>(path: string): Promise<T[]> {
    return (await this.json<{ items: T[] }>(path)).items;
  }

  private async json<T>(
    path: string,
    init?: { method: string; body?: unknown },
  ): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('policy');
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
