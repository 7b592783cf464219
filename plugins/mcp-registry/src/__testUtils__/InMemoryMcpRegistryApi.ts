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
} from '../api';

/** A registry response for one server version, with one tool. */
export function serverResponse(
  name: string,
  version: string,
  isLatest = true,
  extra: Partial<McpServerResponse['server']> = {},
): McpServerResponse {
  return {
    server: {
      name,
      version,
      description: `The ${name} server`,
      remotes: [
        {
          type: 'streamable-http',
          url: `https://${name.split('/')[1]}.example.com/mcp`,
        },
      ],
      ...extra,
    },
    _meta: {
      'io.modelcontextprotocol.registry/official': {
        status: 'active',
        publishedAt: '2026-11-24T10:00:00.000Z',
        updatedAt: '2026-11-24T10:00:00.000Z',
        isLatest,
      },
      'io.idp-platform/registry': {
        owner: 'group:default/team-weather',
        healthState: 'up',
        tools: [
          {
            name: 'get_forecast',
            description: 'Forecast for a city',
            inputSchema: {
              type: 'object',
              properties: { city: { type: 'string' } },
              required: ['city'],
            },
          },
        ],
      },
    },
  };
}

/** A deployment as the backend reports it, Ready unless overridden. */
export function deployment(overrides: Partial<McpDeployment>): McpDeployment {
  const serverName = overrides.serverName ?? 'com.example/weather';
  const environment = overrides.environment ?? 'development';
  return {
    serverName,
    version: '1.1.0',
    environment,
    cluster: 'local',
    namespace: environment,
    workloadName: 'mcp-weather',
    replicas: 1,
    readyReplicas: 1,
    phase: 'Ready',
    url: `http://mcp-weather.${environment}.svc.cluster.local:8080/mcp`,
    transport: 'streamable-http',
    deployedBy: 'user:default/alice',
    updatedAt: '2026-11-24T10:00:00.000Z',
    ...overrides,
  };
}

/**
 * McpRegistryApi kept in memory for component tests. Hosting changes in the
 * `protectedEnvironments` become pending change requests, like the backend's.
 */
export class InMemoryMcpRegistryApi implements McpRegistryApi {
  readonly filters: McpServerFilter[] = [];
  readonly registered: McpRegisterRequest[] = [];
  readonly invocations: { tool: string; args: Record<string, unknown> }[] = [];
  readonly deployRequests: { name: string; request: McpDeployRequest }[] = [];
  readonly scaled: { name: string; environment: string; replicas: number }[] =
    [];
  readonly decisions: { id: string; decision: string; comment?: string }[] = [];
  deploymentReads = 0;
  healthReads = 0;
  changeRequests: ChangeRequest[] = [];
  /** Thrown by the next hosting change, for example a 400 or 403. */
  hostingFailure?: Error;
  deployments: McpDeployment[];

  constructor(
    private servers: McpServerResponse[],
    private readonly options: {
      failure?: Error;
      deployments?: McpDeployment[];
      protectedEnvironments?: string[];
    } = {},
  ) {
    this.deployments = [...(options.deployments ?? [])];
  }

  async listServers(filter: McpServerFilter): Promise<McpServerListResponse> {
    this.filters.push(filter);
    if (this.options.failure) throw this.options.failure;
    const servers = this.servers.filter(
      s => !filter.search || s.server.name.includes(filter.search),
    );
    return { servers, metadata: { count: servers.length } };
  }

  async listVersions(name: string): Promise<McpServerListResponse> {
    const servers = [
      serverResponse(name, '1.0.0', false),
      ...this.servers.filter(s => s.server.name === name),
    ];
    return { servers, metadata: { count: servers.length } };
  }

  async getHealthHistory(name: string): Promise<McpHealthCheck[]> {
    this.healthReads += 1;
    return [
      {
        id: '1',
        serverName: name,
        version: '1.1.0',
        checkedAt: '2026-11-24T10:05:00.000Z',
        state: 'down',
        latencyMs: 3,
        reason: 'initialize: fetch failed (ECONNREFUSED)',
      },
    ];
  }

  async register(request: McpRegisterRequest): Promise<McpServerResponse> {
    this.registered.push(request);
    const response = serverResponse(
      request.server.name,
      request.server.version,
    );
    this.servers = [...this.servers, response];
    return response;
  }

  async checkNow(): Promise<McpHealthCheck> {
    throw new Error('not used');
  }

  async invokeTool(
    _name: string,
    _version: string,
    tool: string,
    args: Record<string, unknown>,
  ): Promise<McpToolInvocationResult> {
    this.invocations.push({ tool, args });
    return {
      tool,
      isError: false,
      content: [{ type: 'text', text: `Sunny in ${args.city}` }],
      latencyMs: 4,
    };
  }

  async listDeployments(name?: string): Promise<McpDeployment[]> {
    this.deploymentReads += 1;
    return this.deployments.filter(d => !name || d.serverName === name);
  }

  async deploy(
    name: string,
    request: McpDeployRequest,
  ): Promise<McpHostingOutcome> {
    this.throwHostingFailure();
    this.deployRequests.push({ name, request });
    // The backend pins the version, so an approval approves what was asked for.
    const version = request.version === 'latest' ? '1.1.0' : request.version;
    if (this.isProtected(request.environment)) {
      return this.openChangeRequest(
        name,
        `Deploy MCP server ${name} ${version} to ${request.environment}`,
        request.environment,
      );
    }
    const deployed = deployment({
      serverName: name,
      environment: request.environment,
      version,
      replicas: request.replicas,
      readyReplicas: 0,
      phase: 'Pending',
      reason: 'rollout started',
    });
    this.deployments = [
      ...this.deployments.filter(
        d => !(d.serverName === name && d.environment === request.environment),
      ),
      deployed,
    ];
    return { status: 'applied', deployment: deployed };
  }

  async scale(
    name: string,
    environment: string,
    replicas: number,
  ): Promise<McpHostingOutcome> {
    this.throwHostingFailure();
    this.scaled.push({ name, environment, replicas });
    if (this.isProtected(environment)) {
      return this.openChangeRequest(
        name,
        `Scale MCP server ${name} in ${environment} to ${replicas}`,
        environment,
      );
    }
    this.deployments = this.deployments.map(d =>
      d.serverName === name && d.environment === environment
        ? { ...d, replicas, phase: replicas === 0 ? 'Stopped' : 'Pending' }
        : d,
    );
    return { status: 'applied' };
  }

  async undeploy(
    name: string,
    environment: string,
  ): Promise<McpHostingOutcome> {
    this.throwHostingFailure();
    if (this.isProtected(environment)) {
      return this.openChangeRequest(
        name,
        `Remove MCP server ${name} from ${environment}`,
        environment,
      );
    }
    this.deployments = this.deployments.filter(
      d => !(d.serverName === name && d.environment === environment),
    );
    return { status: 'applied' };
  }

  async refreshDeployment(
    name: string,
    environment: string,
  ): Promise<McpDeployment> {
    const found = this.deployments.find(
      d => d.serverName === name && d.environment === environment,
    );
    if (!found) throw new Error(`${name} is not deployed in ${environment}`);
    return found;
  }

  async listHostingChangeRequests(): Promise<ChangeRequest[]> {
    return this.changeRequests.filter(request => request.state === 'pending');
  }

  async decideChangeRequest(
    id: string,
    decision: ChangeRequestDecision['decision'],
    comment?: string,
  ): Promise<ChangeRequest> {
    this.decisions.push({ id, decision, comment });
    const request = this.changeRequests.find(r => r.id === id)!;
    request.state = decision === 'approve' ? 'approved' : 'rejected';
    return request;
  }

  private isProtected(environment: string): boolean {
    return (this.options.protectedEnvironments ?? []).includes(environment);
  }

  private throwHostingFailure() {
    const failure = this.hostingFailure;
    this.hostingFailure = undefined;
    if (failure) throw failure;
  }

  private openChangeRequest(
    serverName: string,
    title: string,
    environment: string,
  ): McpHostingOutcome {
    const id = `cr-${this.changeRequests.length + 1}`;
    this.changeRequests.push({
      id,
      pluginId: 'mcp-registry',
      kind: 'mcp-hosting',
      title,
      environment,
      requester: 'user:default/alice',
      requiredApprovals: 1,
      approvers: [],
      payload: { serverName },
      state: 'pending',
      createdAt: '2026-11-24T10:00:00.000Z',
      updatedAt: '2026-11-24T10:00:00.000Z',
      expiresAt: '2099-12-01T10:00:00.000Z',
      version: 1,
      approvals: [],
      history: [],
    });
    return { status: 'pending-approval', changeRequestId: id };
  }
}
