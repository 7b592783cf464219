/**
 * @jest-environment node
 */
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { PluginManagerClient } from './PluginManagerClient';

type Recorded = { method: string; url: string; body?: unknown };

/** A real HTTP server standing in for the backend: records requests, answers per route. */
async function startBackend(
  answer: (request: Recorded) => { status: number; body: unknown },
) {
  const recorded: Recorded[] = [];
  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    return text ? JSON.parse(text) : undefined;
  };
  const server: Server = createServer(async (req, res) => {
    const request = {
      method: req.method!,
      url: req.url!,
      body: await readBody(req),
    };
    recorded.push(request);
    const { status, body } = answer(request);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new PluginManagerClient({
    discoveryApi: {
      getBaseUrl: async pluginId => `http://127.0.0.1:${port}/api/${pluginId}`,
    },
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
  return {
    client,
    recorded,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

describe('PluginManagerClient', () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;

  afterEach(async () => {
    await backend?.close();
  });

  it('puts scoped package names and search facets in the query string, never in the path', async () => {
    backend = await startBackend(() => ({ status: 200, body: { items: [] } }));
    await backend.client.search({
      q: 'tech radar',
      role: 'frontend-plugin',
      kind: 'frontend',
      page: 2,
      pageSize: 10,
    });
    await backend.client.getPackage('@backstage-community/plugin-tech-radar');
    await backend.client.compatibility('@acme/plugin-x', '1.0.0');
    await backend.client.listRevisions('@acme/plugin-x');
    await backend.client.listPendingChangeRequests();
    await backend.client.diffRevision(4, 2);
    await backend.client.diffRevision(4);
    expect(backend.recorded.map(r => `${r.method} ${r.url}`)).toEqual([
      'GET /api/plugin-manager/search?q=tech+radar&role=frontend-plugin&kind=frontend&page=2&pageSize=10',
      'GET /api/plugin-manager/package?name=%40backstage-community%2Fplugin-tech-radar',
      'GET /api/plugin-manager/compatibility?name=%40acme%2Fplugin-x&version=1.0.0',
      'GET /api/plugin-manager/revisions?package=%40acme%2Fplugin-x',
      'GET /api/plugin-manager/change-requests?state=pending',
      'GET /api/plugin-manager/revisions/4/diff?against=2',
      'GET /api/plugin-manager/revisions/4/diff',
    ]);
  });

  it('sends changes as JSON bodies to their routes and returns the answer', async () => {
    backend = await startBackend(request => ({
      status: 200,
      body: { status: 'applied', operationId: `op-${request.url}` },
    }));
    const install = {
      package: '@acme/plugin-x',
      version: '1.2.0',
      expectedRevision: 3,
    };
    const result = await backend.client.install(install);
    expect(result).toEqual({
      status: 'applied',
      operationId: 'op-/api/plugin-manager/install',
    });
    await backend.client.plan(install);
    await backend.client.upgrade(install);
    await backend.client.rollback({
      package: '@acme/plugin-x',
      expectedRevision: 4,
    });
    await backend.client.disable({ package: '@acme/plugin-x' });
    await backend.client.enable({ package: '@acme/plugin-x' });
    await backend.client.uninstall({ package: '@acme/plugin-x' });
    await backend.client.decideChangeRequest('cr 1', 'approve', 'fine');
    await backend.client.revertToRevision(2, {
      expectedRevision: 9,
      message: 'back',
    });
    expect(
      backend.recorded.map(r => [
        r.method,
        r.url.replace('/api/plugin-manager', ''),
        r.body,
      ]),
    ).toEqual([
      ['POST', '/install', install],
      ['POST', '/plan', install],
      ['POST', '/upgrade', install],
      ['POST', '/rollback', { package: '@acme/plugin-x', expectedRevision: 4 }],
      ['POST', '/disable', { package: '@acme/plugin-x' }],
      ['POST', '/enable', { package: '@acme/plugin-x' }],
      ['POST', '/uninstall', { package: '@acme/plugin-x' }],
      [
        'POST',
        '/change-requests/cr%201/decision',
        { decision: 'approve', comment: 'fine' },
      ],
      ['POST', '/revisions/2/revert', { expectedRevision: 9, message: 'back' }],
    ]);
  });

  it('unwraps the item lists of the list routes', async () => {
    backend = await startBackend(request => ({
      status: 200,
      body: request.url.endsWith('/registries')
        ? {
            items: [
              {
                name: 'npmjs',
                url: 'https://registry.npmjs.org',
                scopes: [],
                default: true,
              },
            ],
          }
        : { items: [{ revision: 1 }] },
    }));
    expect(await backend.client.listRegistries()).toEqual([
      {
        name: 'npmjs',
        url: 'https://registry.npmjs.org',
        scopes: [],
        default: true,
      },
    ]);
    expect(await backend.client.listRevisions()).toEqual([{ revision: 1 }]);
    expect(backend.recorded[1].url).toBe('/api/plugin-manager/revisions');
  });

  it("throws the backend's error with its status and cause", async () => {
    backend = await startBackend(() => ({
      status: 403,
      body: {
        error: { name: 'NotAllowedError', message: 'Denied' },
        response: { statusCode: 403 },
      },
    }));
    await expect(
      backend.client.install({ package: '@acme/plugin-x' }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 403,
      cause: { name: 'NotAllowedError', message: 'Denied' },
    });
  });
});
