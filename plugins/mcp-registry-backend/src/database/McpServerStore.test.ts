import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { McpServerJson } from '@idp-platform/backstage-plugin-idp-common';
import { createTestDatabases } from '@idp-platform/backstage-plugin-idp-node/testUtils';
import { McpServerStore } from './McpServerStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

function server(
  name: string,
  version: string,
  description = 'A server',
): McpServerJson {
  return {
    name,
    version,
    description,
    remotes: [{ type: 'streamable-http', url: 'https://mcp.example.com/mcp' }],
  };
}

async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  return McpServerStore.create(
    mockServices.database({ knex, migrations: { skip: false } }),
  );
}

describe.each(databases.eachSupportedId())(
  'McpServerStore on %s',
  databaseId => {
    const now = new Date('2026-11-24T10:00:00Z');
    const publish = (
      store: McpServerStore,
      json: McpServerJson,
      latest = true,
    ) =>
      store.insertVersion({
        server: json,
        owner: 'group:default/team-a',
        makeLatest: () => latest,
        now,
      });

    it('keeps every version and moves the latest marker', async () => {
      const store = await createStore(databaseId);
      await publish(store, server('com.example/a', '1.0.0'));
      await publish(store, server('com.example/a', '1.1.0'));
      const versions = await store.listVersions('com.example/a');
      expect(versions.map(v => [v.server.version, v.isLatest])).toEqual([
        ['1.0.0', false],
        ['1.1.0', true],
      ]);
      expect(
        (await store.getVersion('com.example/a', 'latest'))?.server.version,
      ).toBe('1.1.0');
    });

    it('refuses to publish the same name and version twice', async () => {
      const store = await createStore(databaseId);
      await publish(store, server('com.example/b', '1.0.0'));
      await expect(
        publish(store, server('com.example/b', '1.0.0')),
      ).rejects.toThrow(ConflictError);
    });

    it('pages through servers with a cursor and searches names, descriptions and tools', async () => {
      const store = await createStore(databaseId);
      for (const name of [
        'com.example/c1',
        'com.example/c2',
        'com.example/c3',
      ]) {
        await publish(store, server(name, '1.0.0', `Server ${name}`));
      }
      const first = await store.list({ limit: 2, latestOnly: true });
      const second = await store.list({
        limit: 2,
        latestOnly: true,
        cursor: { name: first[1].server.name, id: first[1].id },
      });
      expect([...first, ...second].map(r => r.server.name)).toEqual([
        'com.example/c1',
        'com.example/c2',
        'com.example/c3',
      ]);
      await store.recordHealthCheck({
        serverName: 'com.example/c2',
        version: '1.0.0',
        checkedAt: now.toISOString(),
        state: 'up',
        latencyMs: 12,
        tools: [{ name: 'get_forecast', description: 'Forecast 50% rain' }],
      });
      expect(
        (await store.list({ limit: 10, search: 'FORECAST' })).map(
          r => r.server.name,
        ),
      ).toEqual(['com.example/c2']);
      expect(
        (await store.list({ limit: 10, tool: 'get_forecast' })).map(
          r => r.server.name,
        ),
      ).toEqual(['com.example/c2']);
      expect(await store.list({ limit: 10, search: '50%' })).toHaveLength(1);
      expect(
        (await store.list({ limit: 10, healthState: 'up' })).map(
          r => r.server.name,
        ),
      ).toEqual(['com.example/c2']);
    });

    it('keeps health history newest first and the last inventory on the version', async () => {
      const store = await createStore(databaseId);
      await publish(store, server('com.example/d', '1.0.0'));
      await store.recordHealthCheck({
        serverName: 'com.example/d',
        version: '1.0.0',
        checkedAt: '2026-11-24T10:00:00.000Z',
        state: 'up',
        latencyMs: 5,
        protocolVersion: '2025-06-18',
        serverInfo: { name: 'd', version: '1.0.0' },
        tools: [{ name: 'echo' }],
      });
      await store.recordHealthCheck({
        serverName: 'com.example/d',
        version: '1.0.0',
        checkedAt: '2026-11-24T10:05:00.000Z',
        state: 'down',
        latencyMs: 1,
        reason: 'initialize: fetch failed (ECONNREFUSED)',
      });
      const history = await store.listHealthChecks('com.example/d', 10);
      expect(history.map(check => check.state)).toEqual(['down', 'up']);
      expect(history[0].reason).toContain('ECONNREFUSED');
      expect(history[1]).toMatchObject({
        protocolVersion: '2025-06-18',
        serverInfo: { name: 'd', version: '1.0.0' },
        checkedAt: '2026-11-24T10:00:00.000Z',
      });
      const version = await store.getVersion('com.example/d', '1.0.0');
      expect(version).toMatchObject({
        healthState: 'down',
        tools: [{ name: 'echo' }],
      });
    });
  },
);
