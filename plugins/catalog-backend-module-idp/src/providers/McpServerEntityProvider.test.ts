import { mockServices } from '@backstage/backend-test-utils';
import {
  ApiEntity,
  apiEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import http from 'http';
import { AddressInfo } from 'net';
import { McpServerEntityProvider } from './McpServerEntityProvider';
import { mcpServerEntityName } from './mcpServerToEntity';

const official = (isLatest: boolean) => ({
  'io.modelcontextprotocol.registry/official': {
    status: 'active',
    publishedAt: '2026-11-24T10:00:00.000Z',
    updatedAt: '2026-11-24T10:00:00.000Z',
    isLatest,
  },
});

const pages: Record<string, object> = {
  first: {
    servers: [
      {
        server: {
          name: 'com.example.platform/weather',
          title: 'Weather',
          description: 'Weather forecasts',
          version: '1.5.0',
          websiteUrl: 'https://weather.example.com',
          remotes: [
            { type: 'streamable-http', url: 'https://weather.example.com/mcp' },
          ],
        },
        _meta: {
          ...official(true),
          'io.idp-platform/registry': {
            owner: 'group:default/team-weather',
            hostingComponent: 'weather-service',
            healthState: 'up',
            tools: [
              {
                name: 'get_forecast',
                description: 'Forecast for a city',
                inputSchema: {
                  type: 'object',
                  properties: { city: { type: 'string' } },
                },
              },
            ],
          },
        },
      },
    ],
    metadata: { count: 1, nextCursor: 'second' },
  },
  second: {
    servers: [
      {
        server: {
          name: 'io.github.modelcontextprotocol/server-everything',
          description: 'Reference server',
          version: '2026.8.31',
          packages: [
            {
              registryType: 'npm',
              identifier: '@modelcontextprotocol/server-everything',
              version: '2026.8.31',
              transport: { type: 'stdio' },
            },
          ],
        },
        _meta: {
          ...official(true),
          'io.idp-platform/registry': { owner: 'group:default/platform-team' },
        },
      },
    ],
    metadata: { count: 1 },
  },
};

class RecordingConnection implements EntityProviderConnection {
  readonly mutations: EntityProviderMutation[] = [];
  async applyMutation(mutation: EntityProviderMutation) {
    this.mutations.push(mutation);
  }
  async refresh() {}
}

describe('McpServerEntityProvider', () => {
  let registry: http.Server;
  let baseUrl: string;
  const requests: { url: string; authorization?: string }[] = [];

  beforeAll(async () => {
    registry = http.createServer((req, res) => {
      requests.push({
        url: req.url!,
        authorization: req.headers.authorization,
      });
      const url = new URL(req.url!, 'http://localhost');
      const page = pages[url.searchParams.get('cursor') ?? 'first'];
      const ok =
        url.pathname === '/api/mcp-registry/v0.1/servers' &&
        url.searchParams.get('version') === 'latest' &&
        req.headers.authorization?.startsWith('Bearer ');
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(ok ? page : { error: { name: 'AuthenticationError' } }),
      );
    });
    await new Promise<void>(resolve =>
      registry.listen(0, '127.0.0.1', resolve),
    );
    baseUrl = `http://127.0.0.1:${
      (registry.address() as AddressInfo).port
    }/api/mcp-registry`;
  });

  afterAll(() => new Promise(resolve => registry.close(resolve)));

  async function runProvider() {
    const connection = new RecordingConnection();
    const provider = new McpServerEntityProvider({
      discovery: {
        getBaseUrl: async () => baseUrl,
        getExternalBaseUrl: async () => baseUrl,
      },
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      taskRunner: { run: async task => task.fn(new AbortController().signal) },
    });
    await provider.connect(connection);
    return connection;
  }

  it('emits every registered server as an API entity of type mcp-server in one full mutation', async () => {
    const connection = await runProvider();
    expect(connection.mutations).toHaveLength(1);
    const mutation = connection.mutations[0];
    expect(mutation.type).toBe('full');
    const entities = (mutation.type === 'full' ? mutation.entities : []).map(
      deferred => deferred.entity as ApiEntity,
    );
    expect(entities.map(e => e.metadata.name)).toEqual([
      'com.example.platform--weather',
      'io.github.modelcontextprotocol--server-everything',
    ]);
    const [weather, everything] = entities;
    expect(weather).toMatchObject({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: {
        title: 'Weather',
        description: 'Weather forecasts',
        annotations: {
          'idp-platform/mcp-server': 'com.example.platform/weather',
        },
        links: [{ url: 'https://weather.example.com', title: 'Website' }],
      },
      spec: {
        type: 'mcp-server',
        owner: 'group:default/team-weather',
        remotes: [
          { type: 'streamable-http', url: 'https://weather.example.com/mcp' },
        ],
        hostedBy: 'component:default/weather-service',
      },
    });
    const definition = JSON.parse(weather.spec.definition);
    expect(definition.tools).toEqual([
      {
        name: 'get_forecast',
        description: 'Forecast for a city',
        inputSchema: {
          type: 'object',
          properties: { city: { type: 'string' } },
        },
      },
    ]);
    expect(definition.health).toBe('up');
    expect(everything.spec).toMatchObject({
      owner: 'group:default/platform-team',
      remotes: [],
    });
    expect(JSON.parse(everything.spec.definition).packages).toEqual([
      {
        registryType: 'npm',
        identifier: '@modelcontextprotocol/server-everything',
        version: '2026.8.31',
        transport: 'stdio',
      },
    ]);
    for (const entity of entities) {
      await expect(apiEntityV1alpha1Validator.check(entity)).resolves.toBe(
        true,
      );
    }
  });

  it('reads the registry with a service token and follows the cursor', async () => {
    requests.length = 0;
    await runProvider();
    expect(
      requests.map(r => new URL(r.url, 'http://x').searchParams.get('cursor')),
    ).toEqual([null, 'second']);
    expect(
      requests.every(r =>
        r.authorization?.startsWith('Bearer mock-service-token'),
      ),
    ).toBe(true);
  });

  it('keeps entity names valid and distinct for long server names', () => {
    const long = `com.example.some.very.long.namespace/${'x'.repeat(80)}`;
    const name = mcpServerEntityName(long);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-zA-Z0-9]([a-zA-Z0-9._-]*[a-zA-Z0-9])?$/);
    expect(mcpServerEntityName(`${long}y`)).not.toBe(name);
  });
});
