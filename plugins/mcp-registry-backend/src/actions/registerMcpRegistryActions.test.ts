import { createServiceFactory } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mcpServerRegisterPermission } from '@idp-platform/backstage-plugin-idp-common';
import { mcpRegistryPlugin } from '../plugin';

const weather = {
  name: 'com.example.platform/weather',
  description: 'Weather forecasts',
  version: '1.0.0',
  remotes: [
    { type: 'streamable-http', url: 'https://weather.example.com/mcp' },
  ],
};

async function startBackend(deny: string[] = []) {
  const actionsRegistry = actionsRegistryServiceMock();
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(r => ({
        result: deny.includes(
          (r as { permission: { name: string } }).permission.name,
        )
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      })) as any,
  });
  await startTestBackend({
    features: [
      mcpRegistryPlugin,
      permissions.factory,
      createServiceFactory({
        service: actionsRegistryServiceRef,
        deps: {},
        factory: () => actionsRegistry,
      }),
    ],
  });
  const idOf = (name: string) =>
    [...actionsRegistry.actions.keys()].find(id => id.endsWith(`:${name}`))!;
  return { actionsRegistry, idOf };
}

describe('mcp-registry actions', () => {
  it('registers a server and finds it by text', async () => {
    const { actionsRegistry, idOf } = await startBackend();
    const credentials = mockCredentials.user('user:default/dana');
    const registered = await actionsRegistry.invoke({
      id: idOf('register'),
      input: { server: weather, owner: 'group:default/team-a' },
      credentials,
    });
    expect(registered.output).toEqual({
      name: weather.name,
      version: '1.0.0',
      isLatest: true,
    });
    const found = await actionsRegistry.invoke({
      id: idOf('search'),
      input: { search: 'forecast' },
      credentials,
    });
    expect(found.output).toEqual({
      servers: [
        {
          name: weather.name,
          version: '1.0.0',
          description: 'Weather forecasts',
          owner: 'group:default/team-a',
          healthState: 'unknown',
          tools: [],
          remotes: [
            { type: 'streamable-http', url: 'https://weather.example.com/mcp' },
          ],
        },
      ],
    });
  });

  it('rejects an invalid server.json naming the field', async () => {
    const { actionsRegistry, idOf } = await startBackend();
    await expect(
      actionsRegistry.invoke({
        id: idOf('register'),
        input: {
          server: { ...weather, name: 'weather' },
          owner: 'group:default/a',
        },
        credentials: mockCredentials.user(),
      }),
    ).rejects.toThrow(/name: /);
  });

  it('refuses to register without the register permission', async () => {
    const { actionsRegistry, idOf } = await startBackend([
      mcpServerRegisterPermission.name,
    ]);
    await expect(
      actionsRegistry.invoke({
        id: idOf('register'),
        input: { server: weather, owner: 'group:default/a' },
        credentials: mockCredentials.user(),
      }),
    ).rejects.toThrow(/Missing permission idp.mcp-registry.server.register/);
  });
});
