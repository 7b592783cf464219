import { createServiceFactory } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { JsonObject, JsonValue } from '@backstage/types';
import { ChangeRequest } from '@idp-platform/backstage-plugin-idp-common';
import {
  KubernetesTestServer,
  createTestDatabases,
} from '@idp-platform/backstage-plugin-idp-node/testUtils';
import yaml from 'js-yaml';
import { Knex } from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { startConfigBackend } from './__testUtils__/startConfigBackend';
import { configPlugin } from './plugin';

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '../../..');
const EXAMPLES = path.join(ROOT, 'examples/config');
const APP = '/api/config/applications/payments-api';
const guest = mockCredentials.user.header('user:default/guest');
const dana = mockCredentials.user.header('user:default/dana');
const databases = createTestDatabases();

/** The local demo's own `idp` settings from app-config.yaml. */
const demoIdpConfig = (
  yaml.load(fs.readFileSync(path.join(ROOT, 'app-config.yaml'), 'utf8')) as {
    idp: { environments: JsonValue[]; config: JsonObject };
  }
).idp;

/** Each demo user's ownership refs (own ref and groups), from examples/catalog/org.yaml. */
const demoOwnership: Record<string, string[]> = Object.fromEntries(
  yaml
    .loadAll(
      fs.readFileSync(path.join(ROOT, 'examples/catalog/org.yaml'), 'utf8'),
    )
    .map(
      entity =>
        entity as {
          kind: string;
          metadata: { name: string };
          spec?: { memberOf?: string[] };
        },
    )
    .filter(entity => entity.kind === 'User')
    .map(entity => {
      const ref = `user:default/${entity.metadata.name}`;
      const groups = entity.spec?.memberOf ?? [];
      return [ref, [ref, ...groups.map(g => `group:default/${g}`)]];
    }),
);

/**
 * Starts the config backend as the local demo configures it (environments
 * and idp.config from app-config.yaml, users and groups from the example
 * org), on a shared database so a second start is a restart.
 */
async function startDemoBackend(options: {
  kubernetes: KubernetesTestServer;
  knex?: Knex;
  demoData?: string;
}) {
  const { server } = await startTestBackend({
    features: [
      configPlugin,
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      mockServices.userInfo.mock({
        getUserInfo: async credentials => {
          const ref = (credentials.principal as { userEntityRef: string })
            .userEntityRef;
          return {
            userEntityRef: ref,
            ownershipEntityRefs: demoOwnership[ref] ?? [ref],
          };
        },
      }).factory,
      ...(options.knex
        ? [
            mockServices.database.factory({
              knex: options.knex,
              migrations: { skip: false },
            }),
          ]
        : []),
      catalogServiceMock.factory({ entities: [] }),
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({ publish: async () => {} }),
      }),
      createServiceFactory({
        service: actionsRegistryServiceRef,
        deps: {},
        factory: () => actionsRegistryServiceMock(),
      }),
      mockServices.rootConfig.factory({
        data: {
          idp: {
            clusters: [options.kubernetes.clusterConfig('local')],
            kubernetes: { fieldManager: 'idp-config-demo-test' },
            environments: demoIdpConfig.environments,
            config: {
              ...demoIdpConfig.config,
              demoData: options.demoData ?? EXAMPLES,
            },
          },
        },
      }),
    ],
  });
  return server;
}

type Server = Awaited<ReturnType<typeof startDemoBackend>>;

async function configChangeRequests(
  server: Server,
  state?: string,
): Promise<ChangeRequest[]> {
  const res = await request(server)
    .get(`/api/config/change-requests${state ? `?state=${state}` : ''}`)
    .set('Authorization', guest);
  expect(res.status).toBe(200);
  return res.body.items;
}

async function uatPoolMax(server: Server) {
  const res = await request(server)
    .get(`${APP}/effective?environment=uat`)
    .set('Authorization', guest);
  expect(res.status).toBe(200);
  return {
    value: res.body.values.database.pool.max,
    source: res.body.sources['/database/pool/max'],
  };
}

describe('config backend demo data', () => {
  const kubernetes = new KubernetesTestServer();
  beforeAll(() => kubernetes.start());
  afterAll(() => kubernetes.stop());

  it('creates the example configurations with their schemas at startup', async () => {
    const { server } = await startConfigBackend({
      kubernetes,
      demoData: EXAMPLES,
    });
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

  describe('a change file that cannot wait for approval', () => {
    const directories: string[] = [];
    afterAll(() =>
      directories.forEach(d => fs.rmSync(d, { recursive: true, force: true })),
    );

    function demoDirectoryWith(changeFile: string) {
      const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'config-demo-'));
      directories.push(directory);
      for (const name of ['payments-api.yaml', 'payments-api.schema.json']) {
        fs.copyFileSync(path.join(EXAMPLES, name), path.join(directory, name));
      }
      fs.mkdirSync(path.join(directory, 'changes'));
      fs.writeFileSync(
        path.join(directory, 'changes', 'bad-change.yaml'),
        changeFile,
      );
      return directory;
    }

    it('refuses to start with a change file whose field is wrong, naming the file and the field', async () => {
      const directory = demoDirectoryWith(
        [
          'application: payments-api',
          'environment: uat',
          'requestedBy: user:default/dana',
          'reason: More connections',
          'changes:',
          '  - key: database.pool.max',
          '    value: 40',
        ].join('\n'),
      );
      await expect(
        startDemoBackend({ kubernetes, demoData: directory }),
      ).rejects.toThrow(/bad-change\.yaml is invalid: changes\.0\.key: /);
    });

    it('refuses to start with a change to an environment that is not protected, since it would not wait for approval', async () => {
      const directory = demoDirectoryWith(
        [
          'application: payments-api',
          'environment: staging',
          'requestedBy: user:default/dana',
          'reason: More connections',
          'changes:',
          '  - key: /database/pool/max',
          '    value: 40',
        ].join('\n'),
      );
      await expect(
        startDemoBackend({ kubernetes, demoData: directory }),
      ).rejects.toThrow(
        /bad-change\.yaml is invalid: environment: staging is not protected/,
      );
    });

    it('refuses to start with a change the schema does not admit, naming the file', async () => {
      const directory = demoDirectoryWith(
        [
          'application: payments-api',
          'environment: uat',
          'requestedBy: dana',
          'reason: Far more connections',
          'changes:',
          '  - key: /database/pool/max',
          '    value: 4000',
        ].join('\n'),
      );
      await expect(
        startDemoBackend({ kubernetes, demoData: directory }),
      ).rejects.toThrow(
        /bad-change\.yaml could not be requested.*\/database\/pool\/max/,
      );
    });
  });
});

describe.each(databases.eachSupportedId())(
  'the demo change waiting for approval on %s',
  databaseId => {
    const kubernetes = new KubernetesTestServer();
    beforeAll(() => kubernetes.start());
    afterAll(() => kubernetes.stop());

    it('is requested at startup by dana for uat, for platform-admins to approve', async () => {
      const server = await startDemoBackend({
        kubernetes,
        knex: await databases.init(databaseId),
      });
      const pending = await configChangeRequests(server, 'pending');
      expect(pending).toHaveLength(1);
      const [changeRequest] = pending;
      expect(changeRequest).toMatchObject({
        pluginId: 'config',
        kind: 'config-change',
        title: 'Change configuration of payments-api in uat',
        environment: 'uat',
        entityRef: 'component:default/payments-api',
        requester: 'user:default/dana',
        requiredApprovals: 1,
        approvers: ['group:default/platform-admins'],
        state: 'pending',
      });
      expect(changeRequest.description).toContain(
        'UAT load tests for the spring sale exhaust the database pool',
      );
      expect(changeRequest.description).toContain(
        'Changed keys: /environments/uat/database/pool/max',
      );
      expect(await uatPoolMax(server)).toEqual({
        value: 20,
        source: 'application',
      });
    });

    it('is not requested again at the next start, while pending or once applied', async () => {
      const knex = await databases.init(databaseId);
      const first = await startDemoBackend({ kubernetes, knex });
      const [requested] = await configChangeRequests(first, 'pending');

      const second = await startDemoBackend({ kubernetes, knex });
      const afterRestart = await configChangeRequests(second);
      expect(afterRestart.map(r => [r.id, r.state])).toEqual([
        [requested.id, 'pending'],
      ]);

      const approved = await request(second)
        .post(`/api/config/change-requests/${requested.id}/decision`)
        .set('Authorization', guest)
        .send({ decision: 'approve' });
      expect(approved.status).toBe(200);

      const third = await startDemoBackend({ kubernetes, knex });
      const afterApply = await configChangeRequests(third);
      expect(afterApply.map(r => [r.id, r.state])).toEqual([
        [requested.id, 'applied'],
      ]);
      const history = await request(third)
        .get(`${APP}/history`)
        .set('Authorization', guest);
      expect(
        history.body.items.map((c: { version: number }) => c.version),
      ).toEqual(expect.arrayContaining([1, 2]));
      expect(history.body.items).toHaveLength(2);
    });

    it('cannot be approved by dana herself, and applies when the guest approves it', async () => {
      const server = await startDemoBackend({
        kubernetes,
        knex: await databases.init(databaseId),
      });
      const [changeRequest] = await configChangeRequests(server, 'pending');

      const own = await request(server)
        .post(`/api/config/change-requests/${changeRequest.id}/decision`)
        .set('Authorization', dana)
        .send({ decision: 'approve' });
      expect(own.status).toBe(403);
      expect(own.body.error.message).toBe(
        'The requester of a change request cannot approve or reject it',
      );
      expect(await uatPoolMax(server)).toEqual({
        value: 20,
        source: 'application',
      });

      const approved = await request(server)
        .post(`/api/config/change-requests/${changeRequest.id}/decision`)
        .set('Authorization', guest)
        .send({ decision: 'approve', comment: 'Fine for the load tests' });
      expect(approved.status).toBe(200);

      const after = await request(server)
        .get(`/api/config/change-requests/${changeRequest.id}`)
        .set('Authorization', guest);
      expect(after.body.state).toBe('applied');
      expect(after.body.approvals).toEqual([
        expect.objectContaining({
          approver: 'user:default/guest',
          decision: 'approve',
        }),
      ]);
      expect(await configChangeRequests(server, 'pending')).toEqual([]);

      expect(await uatPoolMax(server)).toEqual({
        value: 40,
        source: 'application-environment',
      });
      const compare = await request(server)
        .get(`${APP}/compare`)
        .set('Authorization', guest);
      const row = compare.body.rows.find(
        (r: { key: string }) => r.key === '/database/pool/max',
      );
      expect(row.cells.uat).toMatchObject({ present: true, value: 40 });
      expect(row.cells.staging).toMatchObject({ present: true, value: 20 });

      const view = await request(server).get(APP).set('Authorization', guest);
      expect(view.body).toMatchObject({
        version: 2,
        updatedBy: 'user:default/dana',
      });
      const history = await request(server)
        .get(`${APP}/history`)
        .set('Authorization', guest);
      expect(history.body.items).toContainEqual(
        expect.objectContaining({
          version: 2,
          author: 'user:default/dana',
          changeRequestId: changeRequest.id,
          changedKeys: ['/environments/uat/database/pool/max'],
        }),
      );
    });
  },
);
