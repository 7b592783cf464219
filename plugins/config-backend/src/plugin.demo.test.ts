import { mockCredentials } from '@backstage/backend-test-utils';
import { KubernetesTestServer } from '@idp-platform/backstage-plugin-idp-node/testUtils';
import path from 'node:path';
import request from 'supertest';
import { startConfigBackend } from './__testUtils__/startConfigBackend';

jest.setTimeout(120_000);

describe('config backend demo data', () => {
  const kubernetes = new KubernetesTestServer();
  beforeAll(() => kubernetes.start());
  afterAll(() => kubernetes.stop());

  it('creates the example configurations with their schemas at startup', async () => {
    const { server } = await startConfigBackend({
      kubernetes,
      demoData: path.resolve(__dirname, '../../../examples/config'),
    });
    const dana = mockCredentials.user.header('user:default/dana');
    const list = await request(server)
      .get('/api/config/applications')
      .set('Authorization', dana);
    expect(list.status).toBe(200);
    expect(list.body.items.map((app: { name: string }) => app.name)).toEqual([
      'payments-api',
    ]);
    const schema = await request(server)
      .get('/api/config/applications/payments-api/schema')
      .set('Authorization', dana);
    expect(schema.status).toBe(200);
    expect(JSON.stringify(schema.body)).toContain('"port"');
    const history = await request(server)
      .get('/api/config/applications/payments-api/history')
      .set('Authorization', dana);
    expect(JSON.stringify(history.body)).toContain(
      'Demo data from payments-api.yaml',
    );
  });
});
