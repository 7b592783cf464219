import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import {
  McpHealthCheck,
  McpRegisterRequest,
  McpServerListResponse,
  McpServerResponse,
} from '@idp-platform/backstage-plugin-idp-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import {
  McpRegistryApi,
  McpServerFilter,
  McpToolInvocationResult,
  mcpRegistryApiRef,
} from '../../api';
import { McpRegistryContent } from './McpRegistryPage';

function serverResponse(
  name: string,
  version: string,
  isLatest = true,
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

class InMemoryMcpRegistry implements McpRegistryApi {
  readonly filters: McpServerFilter[] = [];
  readonly registered: McpRegisterRequest[] = [];
  readonly invocations: { tool: string; args: Record<string, unknown> }[] = [];
  constructor(
    private servers: McpServerResponse[],
    private readonly failure?: Error,
  ) {}
  async listServers(filter: McpServerFilter): Promise<McpServerListResponse> {
    this.filters.push(filter);
    if (this.failure) throw this.failure;
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
}

const render = (api: McpRegistryApi) =>
  renderInTestApp(
    <TestApiProvider apis={[[mcpRegistryApiRef, api]]}>
      <McpRegistryContent />
    </TestApiProvider>,
  );

describe('McpRegistryContent', () => {
  it('lists servers with owner, health and tools, and opens the detail with tool schemas and health history', async () => {
    await render(
      new InMemoryMcpRegistry([serverResponse('com.example/weather', '1.1.0')]),
    );
    expect(await screen.findByText('com.example/weather')).toBeInTheDocument();
    expect(screen.getByText('group:default/team-weather')).toBeInTheDocument();
    expect(screen.getByText('get_forecast')).toBeInTheDocument();

    fireEvent.click(screen.getByText('com.example/weather'));
    expect(
      await screen.findByText('Versions: 1.1.0, 1.0.0'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('initialize: fetch failed (ECONNREFUSED)'),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByText(/Forecast for a city/));
    // The input schema is rendered as highlighted JSON, split across elements.
    await waitFor(() => expect(document.body.textContent).toContain('"city"'));
  });

  it('calls a tool from the try-it panel once the required arguments are given', async () => {
    const api = new InMemoryMcpRegistry([
      serverResponse('com.example/weather', '1.1.0'),
    ]);
    await render(api);
    fireEvent.click(await screen.findByText('com.example/weather'));
    fireEvent.click(await screen.findByText(/Forecast for a city/));
    const argumentsField = await screen.findByRole('textbox', {
      name: 'Arguments of get_forecast',
    });
    expect(screen.getByText('arguments.city: required')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Call get_forecast' }),
    ).toBeDisabled();
    fireEvent.change(argumentsField, { target: { value: '{"city": "Lyon"}' } });
    fireEvent.click(screen.getByRole('button', { name: 'Call get_forecast' }));
    await waitFor(() =>
      expect(document.body.textContent).toContain('Sunny in Lyon'),
    );
    expect(api.invocations).toEqual([
      { tool: 'get_forecast', args: { city: 'Lyon' } },
    ]);
  });

  it('shows an empty state when no server matches', async () => {
    await render(new InMemoryMcpRegistry([]));
    expect(await screen.findByText('No MCP servers found')).toBeInTheDocument();
  });

  it('shows the error when the registry cannot be read', async () => {
    await render(
      new InMemoryMcpRegistry([], new Error('registry unavailable')),
    );
    expect(
      (await screen.findAllByText(/registry unavailable/)).length,
    ).toBeGreaterThan(0);
  });

  it('validates server.json as you type, naming the field, and registers a valid one', async () => {
    const api = new InMemoryMcpRegistry([]);
    await render(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Register' }));
    const editor = screen.getByLabelText('server.json');
    fireEvent.change(editor, {
      target: {
        value: JSON.stringify({
          name: 'weather',
          description: 'x',
          version: '^1.0.0',
        }),
      },
    });
    expect(
      await screen.findByText(/^name: must be a reverse-DNS namespace/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^version: must be an exact version/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Register' })).toBeDisabled();

    fireEvent.change(editor, {
      target: {
        value: JSON.stringify({
          name: 'com.example/new',
          description: 'New',
          version: '1.0.0',
        }),
      },
    });
    expect(await screen.findByText('server.json is valid')).toBeInTheDocument();
    fireEvent.change(screen.getByRole('textbox', { name: /^Owner/ }), {
      target: { value: 'group:default/team-a' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Register' }));
    await waitFor(() =>
      expect(api.registered).toEqual([
        {
          server: {
            name: 'com.example/new',
            description: 'New',
            version: '1.0.0',
          },
          owner: 'group:default/team-a',
        },
      ]),
    );
  });
});
