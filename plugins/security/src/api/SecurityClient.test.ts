import { mockApis } from '@backstage/test-utils';
import { SecurityClient } from './SecurityClient';

function clientAnswering(response: Response) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) =>
    response.clone(),
  );
  const client = new SecurityClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage' }),
    fetchApi: { fetch } as any,
  });
  return { client, fetch };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

describe('SecurityClient', () => {
  it('sends every finding filter and the page as query parameters', async () => {
    const { client, fetch } = clientAnswering(
      json({ items: [], totalCount: 0, limit: 25, offset: 50 }),
    );
    await client.listFindings({
      entityRef: 'component:default/payments-api',
      artifactDigest: 'sha256:abc',
      severity: ['critical', 'high'],
      status: 'open',
      scanner: 'trivy',
      text: 'openssl',
      limit: 25,
      offset: 50,
    });
    const url = new URL(fetch.mock.calls[0][0]);
    expect(url.pathname).toBe('/api/security/findings');
    expect(url.searchParams.get('entityRef')).toBe(
      'component:default/payments-api',
    );
    expect(url.searchParams.getAll('severity')).toEqual(['critical', 'high']);
    expect(url.searchParams.get('status')).toBe('open');
    expect(url.searchParams.get('scanner')).toBe('trivy');
    expect(url.searchParams.get('text')).toBe('openssl');
    expect(url.searchParams.get('limit')).toBe('25');
    expect(url.searchParams.get('offset')).toBe('50');
  });

  it('leaves out filters that are not set', async () => {
    const { client, fetch } = clientAnswering(
      json({ items: [], totalCount: 0, limit: 25, offset: 0 }),
    );
    await client.listFindings({
      entityRef: 'component:default/payments-api',
      text: '',
      limit: 25,
      offset: 0,
    });
    const url = new URL(fetch.mock.calls[0][0]);
    expect([...url.searchParams.keys()]).toEqual([
      'entityRef',
      'limit',
      'offset',
    ]);
  });

  it('downloads the export in the asked format with the server file name', async () => {
    const { client, fetch } = clientAnswering(
      new Response('id,severity\n', {
        headers: {
          'Content-Type': 'text/csv',
          'Content-Disposition': 'attachment; filename="payments-api.csv"',
        },
      }),
    );
    const file = await client.exportFindings(
      'component:default/payments-api',
      'csv',
    );
    const url = new URL(fetch.mock.calls[0][0]);
    expect(url.pathname).toBe('/api/security/export');
    expect(url.searchParams.get('format')).toBe('csv');
    expect(file.fileName).toBe('payments-api.csv');
    expect(await file.content.text()).toBe('id,severity\n');
  });

  it('posts a waiver request as JSON', async () => {
    const { client, fetch } = clientAnswering(
      json({ status: 'pending-approval', changeRequestId: 'cr-1' }, 202),
    );
    const outcome = await client.requestWaiver({
      entityRef: 'component:default/payments-api',
      vulnerabilityId: 'CVE-2024-0001',
      packageName: 'openssl',
      justification: 'Not reachable from any endpoint',
      expiresAt: '2026-12-31T00:00:00.000Z',
    });
    expect(outcome.changeRequestId).toBe('cr-1');
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('http://backstage/api/security/waivers');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toMatchObject({
      vulnerabilityId: 'CVE-2024-0001',
      packageName: 'openssl',
    });
  });

  it('throws the backend error of a refused request', async () => {
    const { client } = clientAnswering(
      json(
        {
          error: { name: 'NotAllowedError', message: 'Missing permission' },
          response: { statusCode: 403 },
        },
        403,
      ),
    );
    await expect(client.getSummary()).rejects.toMatchObject({
      statusCode: 403,
    });
  });
});
