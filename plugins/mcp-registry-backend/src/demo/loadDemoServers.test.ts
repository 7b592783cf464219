import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import path from 'node:path';
import request from 'supertest';
import { mcpRegistryPlugin } from '../plugin';

jest.setTimeout(60_000);

describe('MCP registry demo data', () => {
  it('registers the example servers at startup, and skips the invalid ones folder', async () => {
    const { server } = await startTestBackend({
      features: [
        mcpRegistryPlugin,
        mockServices.rootConfig.factory({
          data: {
            idp: {
              mcpRegistry: {
                demoData: path.resolve(__dirname, '../../../../examples/mcp'),
              },
            },
          },
        }),
      ],
    });
    const list = await request(server)
      .get('/api/mcp-registry/v0.1/servers?version=latest')
      .set('Authorization', mockCredentials.user.header());
    expect(list.status).toBe(200);
    expect(
      list.body.servers.map((entry: any) => [
        entry.server.name,
        entry._meta['io.idp-platform/registry'].owner,
      ]),
    ).toEqual([
      [
        'com.example.platform/weather',
        expect.stringMatching(/^group:default\//),
      ],
      [
        'io.github.modelcontextprotocol/server-everything',
        'group:default/platform-team',
      ],
    ]);
  });
});
