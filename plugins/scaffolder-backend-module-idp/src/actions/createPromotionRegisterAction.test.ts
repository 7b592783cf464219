import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
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

const checkoutWeb = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout-web',
    namespace: 'default',
    annotations: { 'idp-platform/promotion-pipeline': 'express' },
  },
  spec: { type: 'website', lifecycle: 'experimental', owner: 'team-payments' },
};

// Reads of a component the catalog has not processed yet: it appears after the second read.
let ordersApiReads = 0;

// The promotion backend reads components through the catalog's HTTP API; this answers it for a few entities.
const catalogWithComponents = createBackendPlugin({
  pluginId: 'catalog',
  register(env) {
    env.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        httpRouter.use((req: any, res: any, next: any) => {
          if (req.path === '/entities/by-name/component/default/payments-api') {
            res.json(paymentsApi);
          } else if (
            req.path === '/entities/by-name/component/default/checkout-web'
          ) {
            res.json(checkoutWeb);
          } else if (
            req.path === '/entities/by-name/component/default/orders-api' &&
            ++ordersApiReads > 2
          ) {
            res.json({
              ...paymentsApi,
              metadata: { name: 'orders-api', namespace: 'default' },
            });
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

  const configData = {
    idp: {
      // Registering deploys nothing: the cluster is never called.
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
        {
          name: 'production',
          cluster: 'test',
          protected: true,
          requiredApprovals: 2,
        },
      ],
      promotion: {
        pipelines: [
          {
            name: 'express',
            stages: [
              { environment: 'development' },
              { environment: 'production' },
            ],
          },
        ],
      },
    },
  };

  function createAction(catalogWait = { timeoutMs: 30_000, intervalMs: 10 }) {
    const { port } = server.address() as AddressInfo;
    return createPromotionRegisterAction({
      discovery: {
        getBaseUrl: async id => `http://127.0.0.1:${port}/api/${id}`,
        getExternalBaseUrl: async id => `http://127.0.0.1:${port}/api/${id}`,
      },
      auth: mockServices.auth(),
      config: mockServices.rootConfig({ data: configData }),
      catalogWait,
    });
  }

  beforeAll(async () => {
    ({ server } = await startTestBackend({
      features: [
        promotionPlugin,
        catalogWithComponents,
        mockServices.rootConfig.factory({ data: configData }),
      ],
    }));
    const { port } = server.address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
    action = createAction();
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

  function dryRun<T extends JsonObject>(input: T) {
    // createMockActionContext does not pass isDryRun through.
    return {
      ...createMockActionContext({
        input,
        logger: mockServices.logger.mock(),
      }),
      isDryRun: true,
    };
  }

  it('checks the default pipeline and logs its stages in a dry run, registering nothing', async () => {
    const ctx = dryRun({ entityRef: 'component:default/billing-api' });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('pipeline', 'standard');
    expect(ctx.output).toHaveBeenCalledWith('stages', [
      'development',
      'staging',
      'production',
    ]);
    expect(ctx.output).not.toHaveBeenCalledWith(
      'pipelineUrl',
      expect.anything(),
    );
    expect(ctx.logger.info).toHaveBeenCalledWith(
      'Dry run: component:default/billing-api follows pipeline standard: development → staging → production (protected, 2 approvals); not registered',
    );

    const express = dryRun({
      entityRef: 'component:default/billing-api',
      pipeline: 'express',
    });
    await action.handler(express);
    expect(express.output).toHaveBeenCalledWith('stages', [
      'development',
      'production',
    ]);
  });

  it('refuses an unknown pipeline, naming the known ones', async () => {
    await expect(
      action.handler(
        dryRun({
          entityRef: 'component:default/billing-api',
          pipeline: 'yolo',
        }),
      ),
    ).rejects.toThrow(
      'pipeline: unknown pipeline "yolo"; known: express, standard',
    );
  });

  it('keeps artifact inputs and pipeline mode apart', async () => {
    await expect(
      action.handler(
        dryRun({
          entityRef: ENTITY_REF,
          committers: ['user:default/jane'],
        }),
      ),
    ).rejects.toThrow(
      'committers: only with an artifact (imageRepository, tag, digest, commit)',
    );
    await expect(
      action.handler(dryRun(registration({ pipeline: 'express' }))),
    ).rejects.toThrow('pipeline: only without an artifact');
    // A partial artifact is an artifact with a field missing, not a pipeline.
    await expect(
      action.handler(dryRun({ entityRef: ENTITY_REF, tag: '1.0.0' })),
    ).rejects.toThrow('imageRepository: Required');
  });

  it('outputs the stages of the pipeline the promotion backend resolves for the component', async () => {
    const ctx = createMockActionContext({
      input: {
        entityRef: 'component:default/checkout-web',
        pipeline: 'express',
      },
      logger: mockServices.logger.mock(),
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('pipeline', 'express');
    expect(ctx.output).toHaveBeenCalledWith('stages', [
      'development',
      'production',
    ]);
    expect(ctx.output).toHaveBeenCalledWith(
      'pipelineUrl',
      `${baseUrl}/api/promotion/pipeline?entityRef=component%3Adefault%2Fcheckout-web`,
    );
    expect(ctx.logger.info).toHaveBeenCalledWith(
      'component:default/checkout-web follows pipeline express: development → production (protected, 2 approvals)',
    );

    // The component follows what its annotation names, whatever the template asked for.
    await expect(
      action.handler(
        createMockActionContext({
          input: {
            entityRef: 'component:default/checkout-web',
            pipeline: 'standard',
          },
        }),
      ),
    ).rejects.toThrow(
      'pipeline: component:default/checkout-web follows pipeline express, not standard; set its idp-platform/promotion-pipeline annotation',
    );
  });

  it('waits for the catalog to hold a component just registered, and gives up after the timeout', async () => {
    const ctx = createMockActionContext({
      input: { entityRef: 'component:default/orders-api' },
      logger: mockServices.logger.mock(),
    });
    await action.handler(ctx);
    expect(ordersApiReads).toBeGreaterThan(2);
    // Said once, however many times it asks.
    expect(
      (ctx.logger.info as jest.Mock).mock.calls.filter(
        ([message]) =>
          message ===
          'Waiting for the catalog to hold component:default/orders-api',
      ),
    ).toHaveLength(1);
    expect(ctx.output).toHaveBeenCalledWith('stages', [
      'development',
      'staging',
      'production',
    ]);

    const impatient = createAction({ timeoutMs: 0, intervalMs: 10 });
    await expect(
      impatient.handler(
        createMockActionContext({
          input: { entityRef: 'component:default/never-registered' },
        }),
      ),
    ).rejects.toMatchObject({
      statusCode: 404,
      cause: {
        message: expect.stringContaining(
          'No entity component:default/never-registered in the catalog',
        ),
      },
    });
  });
});
