import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  McpServerJson,
  mcpServerRegisterPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import fs from 'fs';
import http from 'http';
import { AddressInfo } from 'net';
import path from 'path';
import request from 'supertest';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { JsonObject } from '@backstage/types';
import { mcpRegistryPlugin } from './plugin';
import { deadServerUrl } from './testing/startEverythingServer';

jest.setTimeout(60_000);

const examples = path.resolve(__dirname, '../../../examples/mcp');
const everything: McpServerJson = JSON.parse(
  fs.readFileSync(path.join(examples, 'everything.server.json'), 'utf8'),
);
const weather: McpServerJson = JSON.parse(
  fs.readFileSync(path.join(examples, 'weather.server.json'), 'utf8'),
);
const user = mockCredentials.user.header('user:default/dana');
const OFFICIAL = 'io.modelcontextprotocol.registry/official';

async function startBackend(options: { deny?: string[] } = {}) {
  const auditor = mockServices.auditor.mock();
  const events: string[] = [];
  auditor.createEvent.mockImplementation(async ({ eventId }) => {
    events.push(`${eventId}:start`);
    return {
      success: async () => {
        events.push(`${eventId}:success`);
      },
      fail: async () => {
        events.push(`${eventId}:fail`);
      },
    };
  });
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(r => ({
        result: options.deny?.includes(
          (r as { permission: { name: string } }).permission.name,
        )
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      })) as any,
  });
  const signals: JsonObject[] = [];
  const { server } = await startTestBackend({
    features: [
      mcpRegistryPlugin,
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({
          publish: async (signal: { channel: string; message: JsonObject }) => {
            signals.push({ channel: signal.channel, ...signal.message });
          },
        }),
      }),
      permissions.factory,
      auditor.factory,
      mockServices.rootConfig.factory({
        data: { idp: { mcpRegistry: { probe: { timeout: 'PT20S' } } } },
      }),
    ],
  });
  return { server, events, signals };
}

const encoded = (name: string) => encodeURIComponent(name);

describe('mcp-registry backend', () => {
  it('publishes versions and serves them in the official registry shape under /v0.1 and /v0', async () => {
    const { server, events } = await startBackend();
    const first = await request(server)
      .post('/api/mcp-registry/v0.1/publish')
      .set('Authorization', user)
      .send(weather);
    expect(first.status).toBe(201);
    const newer = { ...weather, version: '1.5.0' };
    expect(
      (
        await request(server)
          .post('/api/mcp-registry/v0/publish')
          .set('Authorization', user)
          .send(newer)
      ).status,
    ).toBe(201);
    expect(events).toEqual([
      'server-publish:start',
      'server-publish:success',
      'server-publish:start',
      'server-publish:success',
    ]);

    for (const prefix of ['v0.1', 'v0']) {
      const list = await request(server)
        .get(`/api/mcp-registry/${prefix}/servers?version=latest`)
        .set('Authorization', user);
      expect(list.status).toBe(200);
      expect(list.body).toEqual({
        servers: [
          {
            server: newer,
            _meta: expect.objectContaining({
              [OFFICIAL]: {
                status: 'active',
                publishedAt: expect.stringMatching(/Z$/),
                updatedAt: expect.stringMatching(/Z$/),
                isLatest: true,
              },
            }),
          },
        ],
        metadata: { count: 1 },
      });
    }
    const all = await request(server)
      .get('/api/mcp-registry/v0.1/servers')
      .set('Authorization', user);
    expect(all.body.servers.map((s: any) => s.server.version)).toEqual([
      '1.4.0',
      '1.5.0',
    ]);

    const versions = await request(server)
      .get(`/api/mcp-registry/v0.1/servers/${encoded(weather.name)}/versions`)
      .set('Authorization', user);
    expect(
      versions.body.servers.map((s: any) => [
        s.server.version,
        s._meta[OFFICIAL].isLatest,
      ]),
    ).toEqual([
      ['1.4.0', false],
      ['1.5.0', true],
    ]);
    const one = await request(server)
      .get(
        `/api/mcp-registry/v0.1/servers/${encoded(
          weather.name,
        )}/versions/1.4.0`,
      )
      .set('Authorization', user);
    expect(one.body.server).toEqual(weather);
    expect(one.body._meta['io.idp-platform/registry']).toMatchObject({
      owner: 'user:default/dana',
      healthState: 'unknown',
    });
    const latest = await request(server)
      .get(
        `/api/mcp-registry/v0/servers/${encoded(weather.name)}/versions/latest`,
      )
      .set('Authorization', user);
    expect(latest.body.server.version).toBe('1.5.0');
  });

  it('answers 409 when a name and version is published twice and 404 for an unknown server', async () => {
    const { server } = await startBackend();
    await request(server)
      .post('/api/mcp-registry/v0.1/publish')
      .set('Authorization', user)
      .send(weather);
    const again = await request(server)
      .post('/api/mcp-registry/v0.1/publish')
      .set('Authorization', user)
      .send(weather);
    expect(again.status).toBe(409);
    const missing = await request(server)
      .get(
        `/api/mcp-registry/v0.1/servers/${encoded(
          'com.example/none',
        )}/versions`,
      )
      .set('Authorization', user);
    expect(missing.status).toBe(404);
  });

  it('pages with nextCursor until the last page', async () => {
    const { server } = await startBackend();
    for (const n of [1, 2, 3]) {
      await request(server)
        .post('/api/mcp-registry/v0.1/publish')
        .set('Authorization', user)
        .send({ ...weather, name: `com.example/server-${n}` });
    }
    const first = await request(server)
      .get('/api/mcp-registry/v0.1/servers?limit=2')
      .set('Authorization', user);
    expect(first.body.metadata).toEqual({
      count: 2,
      nextCursor: expect.any(String),
    });
    const second = await request(server)
      .get(
        `/api/mcp-registry/v0.1/servers?limit=2&cursor=${first.body.metadata.nextCursor}`,
      )
      .set('Authorization', user);
    expect(second.body.metadata).toEqual({ count: 1 });
    expect(second.body.servers[0].server.name).toBe('com.example/server-3');
  });

  it('lists only versions updated after updated_since', async () => {
    const { server } = await startBackend();
    await request(server)
      .post('/api/mcp-registry/v0.1/publish')
      .set('Authorization', user)
      .send(weather);
    const published = await request(server)
      .get('/api/mcp-registry/v0.1/servers')
      .set('Authorization', user);
    const updatedAt = published.body.servers[0]._meta[OFFICIAL].updatedAt;
    const before = new Date(Date.parse(updatedAt) - 60_000).toISOString();
    const since = (value: string) =>
      request(server)
        .get(
          `/api/mcp-registry/v0.1/servers?updated_since=${encodeURIComponent(
            value,
          )}`,
        )
        .set('Authorization', user);
    expect((await since(before)).body.metadata.count).toBe(1);
    expect((await since(updatedAt)).body.metadata.count).toBe(0);
    const bad = await since('yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/updated_since: /);
  });

  it('answers 400 naming the field for invalid input', async () => {
    const { server } = await startBackend();
    const badName = await request(server)
      .post('/api/mcp-registry/v0.1/publish')
      .set('Authorization', user)
      .send({ ...weather, name: 'weather' });
    expect(badName.status).toBe(400);
    expect(badName.body.error.message).toMatch(/^Invalid request: name: /);
    const range = await request(server)
      .post('/api/mcp-registry/servers')
      .set('Authorization', user)
      .send({
        server: { ...weather, version: '^1.0.0' },
        owner: 'group:default/team-a',
      });
    expect(range.status).toBe(400);
    expect(range.body.error.message).toMatch(
      /server\.version: must be an exact version/,
    );
    const noOwner = await request(server)
      .post('/api/mcp-registry/servers')
      .set('Authorization', user)
      .send({ server: weather });
    expect(noOwner.body.error.message).toMatch(/owner: Required/);
    const limit = await request(server)
      .get('/api/mcp-registry/v0.1/servers?limit=500')
      .set('Authorization', user);
    expect(limit.status).toBe(400);
    expect(limit.body.error.message).toMatch(/limit: /);
    const cursor = await request(server)
      .get('/api/mcp-registry/v0.1/servers?cursor=nonsense')
      .set('Authorization', user);
    expect(cursor.status).toBe(400);
    expect(cursor.body.error.message).toMatch(/^cursor: /);
    const importUrl = await request(server)
      .post('/api/mcp-registry/import')
      .set('Authorization', user)
      .send({ url: 'not a url', owner: 'group:default/team-a' });
    expect(importUrl.body.error.message).toMatch(/url: /);
  });

  it('refuses every mutating route with 403 without the permission, and audits nothing', async () => {
    const { server, events } = await startBackend({
      deny: [mcpServerRegisterPermission.name],
    });
    const name = encoded(weather.name);
    const routes: [string, object][] = [
      ['/api/mcp-registry/v0.1/publish', weather],
      ['/api/mcp-registry/v0/publish', weather],
      [
        '/api/mcp-registry/servers',
        { server: weather, owner: 'group:default/a' },
      ],
      [`/api/mcp-registry/servers/${name}/versions/1.4.0/check`, {}],
      [
        '/api/mcp-registry/import',
        { url: 'http://127.0.0.1:1/v0.1', owner: 'group:default/a' },
      ],
    ];
    for (const [route, body] of routes) {
      const res = await request(server)
        .post(route)
        .set('Authorization', user)
        .send(body);
      expect({ route, status: res.status }).toEqual({ route, status: 403 });
    }
    expect(events).toEqual([]);
  });

  it('refuses reads with 403 without the read permission', async () => {
    const { server } = await startBackend({
      deny: ['idp.mcp-registry.server.read'],
    });
    for (const route of [
      '/api/mcp-registry/v0.1/servers',
      '/api/mcp-registry/v0/servers',
      `/api/mcp-registry/v0.1/servers/${encoded(weather.name)}/versions`,
      `/api/mcp-registry/v0.1/servers/${encoded(weather.name)}/versions/1.4.0`,
      `/api/mcp-registry/servers/${encoded(weather.name)}/health`,
    ]) {
      const res = await request(server).get(route).set('Authorization', user);
      expect({ route, status: res.status }).toEqual({ route, status: 403 });
    }
  });

  it('checks a stdio server now, records the inventory and keeps the health history', async () => {
    const { server, events, signals } = await startBackend();
    await request(server)
      .post('/api/mcp-registry/servers')
      .set('Authorization', user)
      .send({ server: everything, owner: 'group:default/platform-team' });
    const check = await request(server)
      .post(
        `/api/mcp-registry/servers/${encoded(
          everything.name,
        )}/versions/latest/check`,
      )
      .set('Authorization', user);
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({
      state: 'up',
      serverName: everything.name,
    });
    expect(check.body.latencyMs).toEqual(expect.any(Number));
    expect(check.body.tools.map((t: any) => t.name)).toContain('echo');
    expect(events).toContain('server-health-check:success');
    expect(signals).toEqual([
      {
        channel: 'mcp-registry:health',
        name: everything.name,
        version: everything.version,
        state: 'up',
        checkedAt: check.body.checkedAt,
      },
    ]);

    const byTool = await request(server)
      .get('/api/mcp-registry/v0.1/servers?tool=echo&status=up')
      .set('Authorization', user);
    expect(byTool.body.servers.map((s: any) => s.server.name)).toEqual([
      everything.name,
    ]);

    const history = await request(server)
      .get(`/api/mcp-registry/servers/${encoded(everything.name)}/health`)
      .set('Authorization', user);
    expect(history.body.checks).toHaveLength(1);
    expect(history.body.checks[0].protocolVersion).toEqual(expect.any(String));
  });

  it('calls a tool with arguments checked against its input schema, audited', async () => {
    const { server, events } = await startBackend();
    await request(server)
      .post('/api/mcp-registry/servers')
      .set('Authorization', user)
      .send({ server: everything, owner: 'group:default/platform-team' });
    const route = `/api/mcp-registry/servers/${encoded(
      everything.name,
    )}/versions/latest/invoke`;
    const called = await request(server)
      .post(route)
      .set('Authorization', user)
      .send({ tool: 'echo', arguments: { message: 'hello registry' } });
    expect(called.status).toBe(200);
    expect(called.body).toMatchObject({ tool: 'echo', isError: false });
    expect(JSON.stringify(called.body.content)).toContain('hello registry');
    expect(events).toEqual([
      'server-register:start',
      'server-register:success',
      'server-tool-invoke:start',
      'server-tool-invoke:success',
    ]);

    const wrong = await request(server)
      .post(route)
      .set('Authorization', user)
      .send({ tool: 'echo', arguments: { message: 42 } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/^arguments: /);
    const missing = await request(server)
      .post(route)
      .set('Authorization', user)
      .send({ tool: 'no-such-tool', arguments: {} });
    expect(missing.status).toBe(404);
    const noTool = await request(server)
      .post(route)
      .set('Authorization', user)
      .send({});
    expect(noTool.body.error.message).toMatch(/tool: Required/);
  });

  it('refuses to call a tool with 403 without the invoke permission', async () => {
    const { server, events } = await startBackend({
      deny: ['idp.mcp-registry.server.invoke'],
    });
    const res = await request(server)
      .post(
        `/api/mcp-registry/servers/${encoded(
          everything.name,
        )}/versions/latest/invoke`,
      )
      .set('Authorization', user)
      .send({ tool: 'echo', arguments: { message: 'x' } });
    expect(res.status).toBe(403);
    expect(events).toEqual([]);
  });

  it('marks a registered remote nobody listens on as down with the reason', async () => {
    const { server } = await startBackend();
    const dead = {
      ...weather,
      name: 'com.example/dead',
      remotes: [{ type: 'streamable-http', url: await deadServerUrl() }],
    };
    await request(server)
      .post('/api/mcp-registry/v0.1/publish')
      .set('Authorization', user)
      .send(dead);
    const check = await request(server)
      .post(
        `/api/mcp-registry/servers/${encoded(dead.name)}/versions/1.4.0/check`,
      )
      .set('Authorization', user);
    expect(check.body.state).toBe('down');
    expect(check.body.reason).toMatch(/^initialize: /);
  });

  it('imports every version from another registry serving the official API', async () => {
    const recorded = JSON.parse(
      fs.readFileSync(
        path.join(__dirname, 'testing/recordedRegistryPages.json'),
        'utf8',
      ),
    ) as Record<string, unknown>;
    const remote = http.createServer((req, res) => {
      const url = new URL(req.url!, 'http://localhost');
      const page = recorded[url.searchParams.get('cursor') ?? 'first'];
      res.writeHead(url.pathname === '/v0.1/servers' && page ? 200 : 404, {
        'content-type': 'application/json',
      });
      res.end(JSON.stringify(page ?? { title: 'Not Found' }));
    });
    await new Promise<void>(resolve => remote.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${
      (remote.address() as AddressInfo).port
    }/v0.1`;
    try {
      const { server, events } = await startBackend();
      const imported = await request(server)
        .post('/api/mcp-registry/import')
        .set('Authorization', user)
        .send({ url: base, owner: 'group:default/platform-team' });
      expect(imported.status).toBe(200);
      expect(imported.body).toEqual({
        imported: 3,
        skipped: 0,
        failed: [{ name: 'broken', reason: expect.stringContaining('name: ') }],
      });
      const again = await request(server)
        .post('/api/mcp-registry/import')
        .set('Authorization', user)
        .send({ url: base, owner: 'group:default/platform-team' });
      expect(again.body).toMatchObject({ imported: 0, skipped: 3 });
      expect(events.filter(e => e === 'server-import:success')).toHaveLength(2);
      const list = await request(server)
        .get('/api/mcp-registry/v0.1/servers?version=latest&search=filesystem')
        .set('Authorization', user);
      expect(
        list.body.servers.map((s: any) => [s.server.name, s.server.version]),
      ).toEqual([['io.github.modelcontextprotocol/filesystem', '0.6.3']]);
    } finally {
      await new Promise(resolve => remote.close(resolve));
    }
  });
});
