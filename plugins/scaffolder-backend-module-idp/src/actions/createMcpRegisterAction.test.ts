import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
// The action is tested against the real registry backend, not a fake of it.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import mcpRegistryPlugin from '@idp-platform/backstage-plugin-mcp-registry-backend';
import fs from 'fs';
import { Server } from 'http';
import { AddressInfo } from 'net';
import path from 'path';
import { createMcpRegisterAction } from './createMcpRegisterAction';

jest.setTimeout(60_000);

const everything = JSON.parse(
  fs.readFileSync(
    path.resolve(__dirname, '../../../../examples/mcp/everything.server.json'),
    'utf8',
  ),
);

describe('idp:mcp:register', () => {
  let server: Server;
  let baseUrl: string;
  let action: ReturnType<typeof createMcpRegisterAction>;

  beforeAll(async () => {
    ({ server } = await startTestBackend({ features: [mcpRegistryPlugin] }));
    const { port } = server.address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
    action = createMcpRegisterAction({
      discovery: {
        getBaseUrl: async id => `http://127.0.0.1:${port}/api/${id}`,
        getExternalBaseUrl: async id => `http://127.0.0.1:${port}/api/${id}`,
      },
      auth: mockServices.auth(),
    });
  });

  async function registered(name: string) {
    const response = await fetch(
      `${baseUrl}/api/mcp-registry/v0.1/servers/${encodeURIComponent(
        name,
      )}/versions`,
      { headers: { authorization: mockCredentials.user.header() } },
    );
    return { status: response.status, body: await response.json() };
  }

  it('registers the server.json from the workspace on behalf of the user running the template', async () => {
    const ctx = createMockActionContext({
      input: {
        serverJsonPath: 'server.json',
        owner: 'group:default/team-a',
        hostingComponent: 'component:default/everything',
      },
    });
    fs.mkdirSync(ctx.workspacePath, { recursive: true });
    fs.writeFileSync(
      path.join(ctx.workspacePath, 'server.json'),
      JSON.stringify(everything),
    );
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('name', everything.name);
    expect(ctx.output).toHaveBeenCalledWith('version', everything.version);
    const res = await registered(everything.name);
    expect(res.status).toBe(200);
    expect(res.body.servers[0]._meta['io.idp-platform/registry']).toMatchObject(
      {
        owner: 'group:default/team-a',
        hostingComponent: 'component:default/everything',
      },
    );
  });

  it('validates without registering in a dry run', async () => {
    const dry = { ...everything, name: 'io.github.example/dry' };
    // createMockActionContext does not pass isDryRun through.
    const ctx = {
      ...createMockActionContext({
        input: { server: dry, owner: 'group:default/team-a' },
      }),
      isDryRun: true,
    };
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'registryUrl',
      expect.stringMatching(
        /\/api\/mcp-registry\/v0\.1\/servers\/io\.github\.example%2Fdry\/versions\/2026\.8\.31$/,
      ),
    );
    expect((await registered(dry.name)).status).toBe(404);
  });

  it('names what is wrong in a bad server.json, and refuses a path outside the workspace', async () => {
    await expect(
      action.handler(
        createMockActionContext({
          input: {
            server: { ...everything, version: '^1.0.0' },
            owner: 'group:default/team-a',
          },
        }),
      ),
    ).rejects.toThrow('server.version: must be an exact version, not a range');
    await expect(
      action.handler(
        createMockActionContext({
          input: {
            serverJsonPath: '../../etc/passwd',
            owner: 'group:default/a',
          },
        }),
      ),
    ).rejects.toThrow('serverJsonPath: must stay inside the workspace');
  });

  it('reports the registry refusing a version that exists', async () => {
    const ctx = () =>
      createMockActionContext({
        input: {
          server: { ...everything, name: 'io.github.example/twice' },
          owner: 'group:default/team-a',
        },
      });
    await action.handler(ctx());
    await expect(action.handler(ctx())).rejects.toThrow(/409/);
  });
});
