import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
// The action is tested against the real config backend, not a fake of it.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import configPlugin from '@idp-platform/backstage-plugin-config-backend';
import fs from 'fs';
import { Server } from 'http';
import { AddressInfo } from 'net';
import path from 'path';
import { createConfigCreateAction } from './createConfigCreateAction';

jest.setTimeout(60_000);

const exampleYaml = fs.readFileSync(
  path.resolve(__dirname, '../../../../examples/config/payments-api.yaml'),
  'utf8',
);

function inlineConfiguration(name: string) {
  return {
    apiVersion: 'idp-platform.io/v1alpha1',
    kind: 'ApplicationConfiguration',
    metadata: { name, application: `component:default/${name}` },
    spec: {
      values: { logging: { level: 'debug' }, constants: { retries: 3 } },
      environments: { production: { constants: { retries: 5 } } },
    },
  };
}

describe('idp:config:create', () => {
  let server: Server;
  let baseUrl: string;
  let action: ReturnType<typeof createConfigCreateAction>;

  beforeAll(async () => {
    ({ server } = await startTestBackend({
      features: [
        configPlugin,
        mockServices.rootConfig.factory({
          data: {
            idp: {
              // Creating a configuration delivers nothing: the cluster is never called.
              clusters: [
                {
                  name: 'test',
                  url: 'http://127.0.0.1:9',
                  skipTLSVerify: true,
                },
              ],
              environments: [
                { name: 'development', cluster: 'test' },
                { name: 'staging', cluster: 'test' },
                { name: 'uat', cluster: 'test', protected: true },
                {
                  name: 'production',
                  cluster: 'test',
                  protected: true,
                  requiredApprovals: 2,
                },
              ],
              config: {
                defaults: { global: { logging: { level: 'info' } } },
              },
            },
          },
        }),
      ],
    }));
    const { port } = server.address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
    action = createConfigCreateAction({
      discovery: {
        getBaseUrl: async id => `http://127.0.0.1:${port}/api/${id}`,
        getExternalBaseUrl: async id => `http://127.0.0.1:${port}/api/${id}`,
      },
      auth: mockServices.auth(),
    });
  });

  async function read(route: string) {
    const response = await fetch(`${baseUrl}/api/config/applications${route}`, {
      headers: { authorization: mockCredentials.user.header() },
    });
    return { status: response.status, body: await response.json() };
  }

  it('creates the configuration from the YAML in the workspace on behalf of the user running the template', async () => {
    const ctx = createMockActionContext({
      input: {
        configurationPath: 'config/payments-api.yaml',
        message: 'Created by the service template',
      },
    });
    fs.mkdirSync(path.join(ctx.workspacePath, 'config'), { recursive: true });
    fs.writeFileSync(
      path.join(ctx.workspacePath, 'config/payments-api.yaml'),
      exampleYaml,
    );
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('name', 'payments-api');
    expect(ctx.output).toHaveBeenCalledWith('version', 1);
    expect(ctx.output).toHaveBeenCalledWith(
      'configUrl',
      `${baseUrl}/api/config/applications/payments-api`,
    );
    const history = await read('/payments-api/history');
    expect(history.status).toBe(200);
    expect(history.body.items).toEqual([
      expect.objectContaining({
        version: 1,
        kind: 'import',
        author: mockCredentials.user().principal.userEntityRef,
        message: 'Created by the service template',
      }),
    ]);
    const effective = await read(
      '/payments-api/effective?environment=production',
    );
    expect(effective.body.values.database.host).toBe(
      'payments-db.production.svc.cluster.local',
    );
  });

  it('creates an inline configuration with production values without waiting for approval', async () => {
    const ctx = createMockActionContext({
      input: { configuration: inlineConfiguration('orders-api') },
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('version', 1);
    const effective = await read(
      '/orders-api/effective?environment=production',
    );
    expect(effective.body).toMatchObject({
      values: { logging: { level: 'debug' }, constants: { retries: 5 } },
      sources: {
        '/logging/level': 'application',
        '/constants/retries': 'application-environment',
      },
    });
  });

  it('validates without creating in a dry run', async () => {
    // createMockActionContext does not pass isDryRun through.
    const ctx = {
      ...createMockActionContext({
        input: { configuration: inlineConfiguration('dry-api') },
      }),
      isDryRun: true,
    };
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('name', 'dry-api');
    expect(ctx.output).not.toHaveBeenCalledWith('version', expect.anything());
    expect((await read('/dry-api')).status).toBe(404);
  });

  it('names what is wrong in a bad document without quoting it, and refuses a path outside the workspace', async () => {
    await expect(
      action.handler(
        createMockActionContext({
          input: { configuration: inlineConfiguration('Not_A_Label') },
        }),
      ),
    ).rejects.toThrow('configuration.metadata.name: must be a DNS label');

    const ctx = createMockActionContext({
      input: { configurationPath: 'broken.yaml' },
    });
    fs.mkdirSync(ctx.workspacePath, { recursive: true });
    fs.writeFileSync(
      path.join(ctx.workspacePath, 'broken.yaml'),
      'metadata:\n  name: x\n  token: "ghp_notquoted\n',
    );
    const failure = action.handler(ctx);
    await expect(failure).rejects.toThrow(
      /^configurationPath: line \d+, column \d+: /,
    );
    await expect(failure).rejects.not.toThrow(/ghp_notquoted/);

    await expect(
      action.handler(
        createMockActionContext({
          input: { configurationPath: '../../etc/passwd' },
        }),
      ),
    ).rejects.toThrow('configurationPath: must stay inside the workspace');
    await expect(
      action.handler(createMockActionContext({ input: {} })),
    ).rejects.toThrow(
      'configuration: give the ApplicationConfiguration, or configurationPath',
    );
  });

  it('passes on the reason the config backend refuses a document', async () => {
    const configuration = inlineConfiguration('qa-api');
    const ctx = createMockActionContext({
      input: {
        configuration: {
          ...configuration,
          spec: { ...configuration.spec, environments: { qa: {} } },
        },
      },
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /^The config backend refused qa-api: spec\.environments\.qa: unknown environment.*; caused by ResponseError: Request failed with 400 Bad Request$/,
    );
  });

  it('reports the config backend refusing a configuration that exists', async () => {
    const ctx = () =>
      createMockActionContext({
        input: { configuration: inlineConfiguration('twice-api') },
      });
    await action.handler(ctx());
    await expect(action.handler(ctx())).rejects.toThrow(
      /refused twice-api: Configuration twice-api is at version 1, not 0.*409 Conflict$/,
    );
  });
});
