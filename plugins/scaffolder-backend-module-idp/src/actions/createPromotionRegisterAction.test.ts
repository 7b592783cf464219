import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
// The action is tested against the real promotion backend, not a fake of it.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import promotionPlugin from '@idp-platform/backstage-plugin-promotion-backend';
import { Server } from 'http';
import { AddressInfo } from 'net';
import { createPromotionRegisterAction } from './createPromotionRegisterAction';

jest.setTimeout(60_000);

const ENTITY_REF = 'component:default/payments-api';
const IMAGE_REPOSITORY = 'ghcr.io/acme/payments-api';
const DIGEST = `sha256:${'ab'.repeat(32)}`;

const paymentsApi = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: { 'idp-platform/image-repository': IMAGE_REPOSITORY },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-payments' },
};

// The promotion backend reads components through the catalog's HTTP API; this answers it for one entity.
const catalogWithPaymentsApi = createBackendPlugin({
  pluginId: 'catalog',
  register(env) {
    env.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        httpRouter.use((req: any, res: any, next: any) => {
          if (req.path === '/entities/by-name/component/default/payments-api') {
            res.json(paymentsApi);
          } else if (req.path.startsWith('/entities/by-name/')) {
            res.status(404).json({ error: { name: 'NotFoundError' } });
          } else {
            next();
          }
        });
      },
    });
  },
});

function registration(extra: Record<string, unknown> = {}) {
  return {
    entityRef: ENTITY_REF,
    imageRepository: IMAGE_REPOSITORY,
    tag: '1.0.0',
    digest: DIGEST,
    commit: 'a1b2c3d4e5f6',
    ...extra,
  };
}

describe('idp:promotion:register', () => {
  let server: Server;
  let baseUrl: string;
  let action: ReturnType<typeof createPromotionRegisterAction>;

  beforeAll(async () => {
    ({ server } = await startTestBackend({
      features: [
        promotionPlugin,
        catalogWithPaymentsApi,
        mockServices.rootConfig.factory({
          data: {
            idp: {
              // Registering an artifact deploys nothing: the cluster is never called.
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
    action = createPromotionRegisterAction({
      discovery: {
        getBaseUrl: async id => `http://127.0.0.1:${port}/api/${id}`,
        getExternalBaseUrl: async id => `http://127.0.0.1:${port}/api/${id}`,
      },
      auth: mockServices.auth(),
    });
  });

  async function artifacts() {
    const response = await fetch(
      `${baseUrl}/api/promotion/artifacts?entityRef=${encodeURIComponent(
        ENTITY_REF,
      )}`,
      { headers: { authorization: mockCredentials.user.header() } },
    );
    expect(response.status).toBe(200);
    return (await response.json()).items as Array<Record<string, unknown>>;
  }

  it('registers the artifact on behalf of the user running the template', async () => {
    const ctx = createMockActionContext({ input: registration() });
    await action.handler(ctx);

    const [artifact] = await artifacts();
    expect(artifact).toMatchObject({
      entityRef: ENTITY_REF,
      imageReference: `${IMAGE_REPOSITORY}:1.0.0@${DIGEST}`,
      createdBy: mockCredentials.user().principal.userEntityRef,
    });
    expect(ctx.output).toHaveBeenCalledWith('artifactId', artifact.id);
    expect(ctx.output).toHaveBeenCalledWith(
      'artifactUrl',
      `${baseUrl}/api/promotion/artifacts/${artifact.id}`,
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'imageReference',
      artifact.imageReference,
    );

    // The same build registered again is the same artifact.
    const again = createMockActionContext({ input: registration() });
    await action.handler(again);
    expect(again.output).toHaveBeenCalledWith('artifactId', artifact.id);
    expect(await artifacts()).toHaveLength(1);
  });

  it('validates without registering in a dry run', async () => {
    // createMockActionContext does not pass isDryRun through.
    const ctx = {
      ...createMockActionContext({ input: registration({ tag: '9.9.9' }) }),
      isDryRun: true,
    };
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'imageReference',
      `${IMAGE_REPOSITORY}:9.9.9@${DIGEST}`,
    );
    expect(ctx.output).not.toHaveBeenCalledWith(
      'artifactId',
      expect.anything(),
    );
    expect((await artifacts()).map(a => a.tag)).not.toContain('9.9.9');

    const invalid = {
      ...createMockActionContext({
        input: registration({ digest: 'latest' }),
      }),
      isDryRun: true,
    };
    await expect(action.handler(invalid)).rejects.toThrow(
      'digest: must be a digest such as sha256:<hex>',
    );
  });

  it('reports the promotion backend refusing another repository than the component declares', async () => {
    await expect(
      action.handler(
        createMockActionContext({
          input: registration({ imageRepository: 'ghcr.io/acme/other' }),
        }),
      ),
    ).rejects.toMatchObject({
      statusCode: 400,
      cause: {
        message: expect.stringContaining(
          'ghcr.io/acme/other is not the repository of component:default/payments-api',
        ),
      },
    });
  });
});
