import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
// The action is tested against the real policy backend, not a fake of it.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import policyPlugin from '@idp-platform/backstage-plugin-policy-backend';
import fs from 'fs';
import { Server } from 'http';
import { AddressInfo } from 'net';
import path from 'path';
import { createPolicyCreateAction } from './createPolicyCreateAction';

jest.setTimeout(60_000);

const exampleYaml = fs.readFileSync(
  path.resolve(__dirname, '../../../../examples/policies/checkout-web.yaml'),
  'utf8',
);

const service = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'idp-platform/service-id': name },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-payments' },
});

function inlinePolicy(name: string, destination = 'payments-api') {
  return {
    apiVersion: 'idp-platform.io/v1alpha1',
    kind: 'ServiceCommunicationPolicy',
    metadata: { name, entityRef: `component:default/${name}` },
    spec: {
      source: { service: name },
      destinations: [
        { service: destination, ports: [{ port: 8080, protocol: 'HTTP' }] },
      ],
    },
  };
}

describe('idp:policy:create', () => {
  let server: Server;
  let baseUrl: string;
  let action: ReturnType<typeof createPolicyCreateAction>;

  beforeAll(async () => {
    ({ server } = await startTestBackend({
      features: [
        policyPlugin,
        catalogServiceMock.factory({
          entities: [
            'checkout-web',
            'payments-api',
            'payments-db',
            'orders-web',
          ].map(service),
        }),
        mockServices.rootConfig.factory({
          data: {
            idp: {
              // Creating a policy applies nothing: the cluster is never called.
              clusters: [
                {
                  name: 'test',
                  url: 'http://127.0.0.1:9',
                  skipTLSVerify: true,
                },
              ],
              environments: [
                { name: 'development', cluster: 'test' },
                { name: 'production', cluster: 'test', protected: true },
              ],
            },
          },
        }),
      ],
    }));
    const { port } = server.address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
    action = createPolicyCreateAction({
      discovery: {
        getBaseUrl: async id => `http://127.0.0.1:${port}/api/${id}`,
        getExternalBaseUrl: async id => `http://127.0.0.1:${port}/api/${id}`,
      },
      auth: mockServices.auth(),
    });
  });

  async function read(route: string) {
    const response = await fetch(`${baseUrl}/api/policy/policies${route}`, {
      headers: { authorization: mockCredentials.user.header() },
    });
    return { status: response.status, body: await response.json() };
  }

  it('creates the policy from the YAML in the workspace on behalf of the user running the template', async () => {
    const ctx = createMockActionContext({
      input: {
        policyPath: 'policy/checkout-web.yaml',
        message: 'Created by the service template',
      },
    });
    fs.mkdirSync(path.join(ctx.workspacePath, 'policy'), { recursive: true });
    fs.writeFileSync(
      path.join(ctx.workspacePath, 'policy/checkout-web.yaml'),
      exampleYaml,
    );
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('name', 'checkout-web');
    expect(ctx.output).toHaveBeenCalledWith('version', 1);
    expect(ctx.output).toHaveBeenCalledWith(
      'policyUrl',
      `${baseUrl}/api/policy/policies/checkout-web`,
    );
    const versions = await read('/checkout-web/versions');
    expect(versions.body.items).toEqual([
      expect.objectContaining({
        version: 1,
        author: mockCredentials.user().principal.userEntityRef,
        message: 'Created by the service template',
      }),
    ]);
    expect((await read('/checkout-web')).body.yaml).toBe(exampleYaml);
  });

  it('validates with the backend without creating in a dry run', async () => {
    const ctx = {
      ...createMockActionContext({
        input: { policy: inlinePolicy('orders-web') },
      }),
      isDryRun: true,
    };
    await action.handler(ctx);
    expect(ctx.output).not.toHaveBeenCalledWith('version', expect.anything());
    expect((await read('/orders-web')).status).toBe(404);
    const unknown = {
      ...createMockActionContext({
        input: { policy: inlinePolicy('orders-web', 'ledger-api') },
      }),
      isDryRun: true,
    };
    await expect(action.handler(unknown)).rejects.toThrow(
      /^Policy orders-web is not valid: line \d+: service ledger-api is not in the catalog$/,
    );
  });

  it('names what is wrong in a bad document, and passes on the backend refusing it', async () => {
    await expect(
      action.handler(
        createMockActionContext({
          input: { policy: inlinePolicy('Not_A_Label') },
        }),
      ),
    ).rejects.toThrow('policy.metadata.name: must be a DNS label');
    await expect(
      action.handler(
        createMockActionContext({ input: { policyPath: '../../etc/passwd' } }),
      ),
    ).rejects.toThrow('policyPath: must stay inside the workspace');
    await expect(
      action.handler(
        createMockActionContext({
          input: { policy: inlinePolicy('orders-web', 'ledger-api') },
        }),
      ),
    ).rejects.toThrow(
      /^The policy backend refused orders-web: Invalid policy: line \d+: service ledger-api is not in the catalog \[unknown-service\].*400 Bad Request$/,
    );
    await action.handler(
      createMockActionContext({
        input: { policy: inlinePolicy('orders-web') },
      }),
    );
    await expect(
      action.handler(
        createMockActionContext({
          input: { policy: inlinePolicy('orders-web') },
        }),
      ),
    ).rejects.toThrow(
      /refused orders-web: Policy orders-web already exists.*409 Conflict$/,
    );
  });

  it('validates the policy of a new service the catalog does not know yet', async () => {
    const ctx = {
      ...createMockActionContext({
        input: { policy: inlinePolicy('brand-new-service') },
      }),
      isDryRun: true,
    };
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('name', 'brand-new-service');
    expect((await read('/brand-new-service')).status).toBe(404);
  });

  it('creates the policy from a WebApplication in the workspace', async () => {
    const ctx = createMockActionContext({
      input: {
        webApplicationPath: 'webapplication.yaml',
        entityRef: 'component:default/storefront',
      },
    });
    fs.mkdirSync(ctx.workspacePath, { recursive: true });
    fs.writeFileSync(
      path.join(ctx.workspacePath, 'webapplication.yaml'),
      [
        'apiVersion: idp-platform.io/v1alpha1',
        'kind: WebApplication',
        'metadata:',
        '  name: storefront',
        'spec:',
        '  communication:',
        '    allowedDestinations: [payments-api:8080]',
        '    deniedDestinations: [payments-db]',
      ].join('\n'),
    );
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('name', 'storefront');
    expect(ctx.output).toHaveBeenCalledWith('version', 1);
    const view = await read('/storefront');
    expect(view.body).toMatchObject({
      entityRef: 'component:default/storefront',
      document: {
        spec: {
          source: { service: 'storefront' },
          destinations: [
            {
              service: 'payments-api',
              ports: [{ port: 8080, protocol: 'HTTP' }],
            },
          ],
          deniedDestinations: [{ service: 'payments-db' }],
        },
      },
    });

    const unknown = createMockActionContext({
      input: { webApplicationPath: 'webapplication.yaml' },
    });
    fs.mkdirSync(unknown.workspacePath, { recursive: true });
    fs.writeFileSync(
      path.join(unknown.workspacePath, 'webapplication.yaml'),
      'metadata:\n  name: shop\nspec:\n  communication:\n    allowedDestinations: [ledger-api:80]\n',
    );
    await expect(action.handler(unknown)).rejects.toThrow(
      /^The policy converted from webapplication.yaml is not valid: line \d+: service ledger-api is not in the catalog$/,
    );
    expect((await read('/shop')).status).toBe(404);
  });
});
