/**
 * @jest-environment node
 */
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { PolicyClient } from './PolicyClient';

interface Recorded {
  method: string;
  url: string;
  contentType?: string;
  body?: unknown;
}

/** A real HTTP server that records requests and answers as the policy backend would. */
async function startServer(
  answer: (request: Recorded) => { status: number; body: unknown },
) {
  const requests: Recorded[] = [];
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    const recorded: Recorded = {
      method: req.method!,
      url: req.url!,
      contentType: req.headers['content-type'],
      body: text ? JSON.parse(text) : undefined,
    };
    requests.push(recorded);
    const { status, body } = answer(recorded);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new PolicyClient({
    discoveryApi: {
      getBaseUrl: async (pluginId: string) =>
        `http://127.0.0.1:${port}/api/${pluginId}`,
    },
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
  return {
    client,
    requests,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

describe('PolicyClient', () => {
  let close: (() => Promise<unknown>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('calls the routes of the contract with their methods, queries and bodies', async () => {
    const server = await startServer(request => ({
      status: 200,
      body: { items: [{ url: request.url }] },
    }));
    close = server.close;
    const { client, requests } = server;

    expect(await client.listPolicies()).toEqual([
      { url: '/api/policy/policies' },
    ]);
    await client.getPolicy('orders/v2');
    await client.createPolicy({ yaml: 'a: 1', message: 'first' });
    await client.updatePolicy('orders', { yaml: 'a: 2', version: 3 });
    expect(await client.listVersions('orders')).toHaveLength(1);
    await client.getVersion('orders', 2);
    await client.validate('a: 1');
    await client.compile('a: 1', 'staging');
    await client.sandbox({ yaml: 'a: 1', environment: 'uat' });
    await client.importWebApplication('kind: WebApplication');
    await client.impact('orders', 'production', 4);
    await client.compare('orders', ['staging', 'production'], 2);
    await client.compare('orders');
    await client.apply('orders', { environment: 'staging', dryRun: true });
    await client.rollback('orders', { environment: 'staging', toVersion: 1 });
    expect(await client.listApplies('orders')).toHaveLength(1);
    expect(await client.listServices()).toHaveLength(1);
    expect(await client.listChangeRequests({ state: 'pending' })).toEqual([
      { url: '/api/policy/change-requests?state=pending' },
    ]);
    await client.decideChangeRequest('cr-1', 'approve', 'ok');

    expect(
      requests.map(r => `${r.method} ${r.url.replace('/api/policy', '')}`),
    ).toEqual([
      'GET /policies',
      'GET /policies/orders%2Fv2',
      'POST /policies',
      'PUT /policies/orders',
      'GET /policies/orders/versions',
      'GET /policies/orders/versions/2',
      'POST /validate',
      'POST /compile',
      'POST /sandbox',
      'POST /import/web-application',
      'GET /policies/orders/impact?environment=production&version=4',
      'GET /policies/orders/compare?environments=staging%2Cproduction&version=2',
      'GET /policies/orders/compare',
      'POST /policies/orders/apply',
      'POST /policies/orders/rollback',
      'GET /policies/orders/applies',
      'GET /services',
      'GET /change-requests?state=pending',
      'POST /change-requests/cr-1/decision',
    ]);
    const bodies = requests.filter(r => r.method !== 'GET');
    expect(bodies.map(r => r.body)).toEqual([
      { yaml: 'a: 1', message: 'first' },
      { yaml: 'a: 2', version: 3 },
      { yaml: 'a: 1' },
      { yaml: 'a: 1', environment: 'staging' },
      { yaml: 'a: 1', environment: 'uat' },
      { yaml: 'kind: WebApplication' },
      { environment: 'staging', dryRun: true },
      { environment: 'staging', toVersion: 1 },
      { decision: 'approve', comment: 'ok' },
    ]);
    expect(bodies.every(r => r.contentType === 'application/json')).toBe(true);
  });

  it("turns the backend's error into a ResponseError with its name and message", async () => {
    const server = await startServer(() => ({
      status: 409,
      body: {
        error: {
          name: 'ConflictError',
          message: 'Policy orders is at version 4, not 3',
        },
        response: { statusCode: 409 },
      },
    }));
    close = server.close;
    await expect(
      server.client.updatePolicy('orders', { yaml: 'a: 1', version: 3 }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 409,
      cause: {
        name: 'ConflictError',
        message: 'Policy orders is at version 4, not 3',
      },
    });
  });
});
