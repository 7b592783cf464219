import { mockCredentials } from '@backstage/backend-test-utils';
import {
  configApplyPermission,
  configWritePermission,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  createTestDatabases,
  KubernetesTestServer,
} from '@idp-platform/backstage-plugin-idp-node/testUtils';
import Ajv from 'ajv';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { startConfigBackend } from './__testUtils__/startConfigBackend';

jest.setTimeout(120_000);

const examples = path.resolve(__dirname, '../../../examples/config');
const exampleYaml = fs.readFileSync(
  path.join(examples, 'payments-api.yaml'),
  'utf8',
);
const exampleSchema = JSON.parse(
  fs.readFileSync(path.join(examples, 'payments-api.schema.json'), 'utf8'),
);
const dana = mockCredentials.user.header('user:default/dana');
const APP = '/api/config/applications/payments-api';

const databases = createTestDatabases();
const kubernetes = new KubernetesTestServer();

beforeAll(() => kubernetes.start());
afterAll(() => kubernetes.stop());

async function importExample(
  server: Parameters<typeof request>[0],
  yaml = exampleYaml,
  version = 0,
) {
  return request(server)
    .post('/api/config/import')
    .set('Authorization', dana)
    .send({ yaml, version, message: 'Import payments-api' });
}

describe.each(databases.eachSupportedId())(
  'config backend on %s',
  databaseId => {
    const start = async (deny?: string[]) =>
      startConfigBackend({
        kubernetes,
        deny,
        knex: await databases.init(databaseId),
      });

    it('layers global, environment, application and per-environment values and names the source of every key', async () => {
      const { server, events, signals } = await start();
      const imported = await importExample(server);
      expect(imported.status).toBe(200);
      expect(imported.body).toMatchObject({
        status: 'applied',
        changeSet: {
          application: 'payments-api',
          version: 1,
          kind: 'import',
          author: 'user:default/dana',
        },
      });
      expect(events).toEqual(['config-import:start', 'config-import:success']);
      expect(signals).toEqual([
        {
          channel: 'config:payments-api',
          application: 'payments-api',
          event: 'changed',
          version: 1,
        },
      ]);

      const view = await request(server).get(APP).set('Authorization', dana);
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({
        name: 'payments-api',
        entityRef: 'component:default/payments-api',
        version: 1,
        environments: [
          { name: 'development', protected: false },
          { name: 'staging', protected: false },
          { name: 'uat', protected: true },
          { name: 'production', protected: true },
        ],
      });
      const production = view.body.effective.find(
        (e: any) => e.environment === 'production',
      );
      expect(production.values.logging).toEqual({
        level: 'warn',
        format: 'json',
      });
      expect(production.values.database).toMatchObject({
        host: 'payments-db.production.svc.cluster.local',
        port: 6432,
        name: 'payments',
        pool: { max: 80 },
      });
      expect(production.sources).toMatchObject({
        '/logging/level': 'environment',
        '/logging/format': 'global',
        '/database/name': 'application',
        '/database/pool/max': 'application-environment',
        '/database/port': 'application-environment',
        '/features/refunds': 'application',
      });
      const development = view.body.effective.find(
        (e: any) => e.environment === 'development',
      );
      expect(development.sources['/logging/level']).toBe('global');
      expect(development.values.features).toEqual({
        refunds: true,
        instantPayouts: true,
      });

      const compare = await request(server)
        .get(`${APP}/compare`)
        .set('Authorization', dana);
      expect(compare.body.environments).toEqual([
        'development',
        'staging',
        'uat',
        'production',
      ]);
      const row = (key: string) =>
        compare.body.rows.find((r: any) => r.key === key);
      expect(row('/database/port')).toEqual({
        key: '/database/port',
        differs: true,
        cells: {
          development: {
            present: true,
            value: 5432,
            source: 'application-environment',
          },
          staging: {
            present: true,
            value: 5432,
            source: 'application-environment',
          },
          uat: {
            present: true,
            value: 5432,
            source: 'application-environment',
          },
          production: {
            present: true,
            value: 6432,
            source: 'application-environment',
          },
        },
      });
      expect(row('/constants/currency').differs).toBe(false);
      expect(row('/constants/statusPage').cells.staging).toEqual({
        present: false,
      });

      const effective = await request(server)
        .get(`${APP}/effective?environment=staging`)
        .set('Authorization', dana);
      expect(effective.body).toMatchObject({
        environment: 'staging',
        version: 1,
      });
      const list = await request(server)
        .get('/api/config/applications')
        .set('Authorization', dana);
      expect(list.body.items.map((a: any) => a.name)).toEqual(['payments-api']);
    });

    it('validates every change against the schema, naming the key, and stores nothing that fails', async () => {
      const { server } = await start();
      await importExample(server);
      const schema = await request(server)
        .put(`${APP}/schema`)
        .set('Authorization', dana)
        .send({ version: 1, schema: exampleSchema, message: 'Add schema' });
      expect(schema.status).toBe(200);
      expect(schema.body.changeSet).toMatchObject({
        version: 2,
        kind: 'schema',
        changedKeys: ['/schema'],
      });

      const tooHigh = await request(server)
        .post(`${APP}/values`)
        .set('Authorization', dana)
        .send({
          version: 2,
          changes: [
            { environment: 'staging', key: '/database/port', value: 70000 },
            { key: '/constants/supportEmail', value: 'not-an-email' },
          ],
        });
      expect(tooHigh.status).toBe(400);
      expect(tooHigh.body.error.message).toContain(
        '/database/port: must be <= 65535 (staging)',
      );
      expect(tooHigh.body.error.message).toContain(
        '/constants/supportEmail: must match format "email"',
      );

      const badSchema = await request(server)
        .put(`${APP}/schema`)
        .set('Authorization', dana)
        .send({
          version: 2,
          schema: {
            type: 'object',
            properties: {
              database: { properties: { port: { maximum: 100 } } },
            },
          },
        });
      expect(badSchema.status).toBe(400);
      expect(badSchema.body.error.message).toMatch(
        /\/database\/port: must be <= 100 \(development, staging, uat, production\)/,
      );
      const notASchema = await request(server)
        .put(`${APP}/schema`)
        .set('Authorization', dana)
        .send({ version: 2, schema: { type: 'banana' } });
      expect(notASchema.status).toBe(400);
      expect(notASchema.body.error.message).toMatch(/^schema: /);

      const invalidBody = await request(server)
        .post(`${APP}/values`)
        .set('Authorization', dana)
        .send({ version: 2, changes: [{ key: 'database.port', value: 1 }] });
      expect(invalidBody.status).toBe(400);
      expect(invalidBody.body.error.message).toMatch(
        /^Invalid request: changes\.0\.key: must be a JSON Pointer/,
      );

      const history = await request(server)
        .get(`${APP}/history`)
        .set('Authorization', dana);
      expect(history.body.items.map((c: any) => c.version)).toEqual([2, 1]);
      const schemaNow = await request(server)
        .get(`${APP}/schema`)
        .set('Authorization', dana);
      expect(schemaNow.body.schema).toEqual(exampleSchema);
    });

    it('answers 409 for a stale version, and only one of two concurrent writers wins', async () => {
      const { server } = await start();
      await importExample(server);
      const set = (version: number, value: number) =>
        request(server)
          .post(`${APP}/values`)
          .set('Authorization', dana)
          .send({
            version,
            changes: [{ environment: 'staging', key: '/database/port', value }],
          });
      expect((await set(1, 5433)).status).toBe(200);
      const stale = await set(1, 5434);
      expect(stale.status).toBe(409);
      expect(stale.body.error.message).toMatch(/is at version 2, not 1/);

      const race = await Promise.all([set(2, 6001), set(2, 6002)]);
      expect(race.map(r => r.status).sort()).toEqual([200, 409]);
      const winner = race.find(r => r.status === 200)!;
      expect(winner.body.changeSet.version).toBe(3);
      const history = await request(server)
        .get(`${APP}/history`)
        .set('Authorization', dana);
      expect(history.body.items.map((c: any) => c.version)).toEqual([3, 2, 1]);
    });

    it('keeps history with diffs between any two versions and exports any version as YAML that imports again', async () => {
      const { server } = await start();
      await importExample(server);
      const changed = await request(server)
        .post(`${APP}/values`)
        .set('Authorization', dana)
        .send({
          version: 1,
          message: 'Longer refund window in staging',
          changes: [
            {
              environment: 'staging',
              key: '/constants/maxRefundDays',
              value: 45,
            },
            {
              environment: 'development',
              key: '/features/instantPayouts',
              remove: true,
            },
          ],
        });
      expect(changed.status).toBe(200);
      const diff = await request(server)
        .get(`${APP}/diff?from=1&to=2`)
        .set('Authorization', dana);
      expect(diff.body).toEqual({
        application: 'payments-api',
        from: 1,
        to: 2,
        entries: [
          {
            path: '/environments/development/features/instantPayouts',
            kind: 'removed',
            before: true,
          },
          {
            path: '/environments/staging/constants/maxRefundDays',
            kind: 'added',
            after: 45,
          },
        ],
      });
      const fromNothing = await request(server)
        .get(`${APP}/diff?from=0&to=1`)
        .set('Authorization', dana);
      expect(
        fromNothing.body.entries.every((e: any) => e.kind === 'added'),
      ).toBe(true);
      const missing = await request(server)
        .get(`${APP}/diff?from=1&to=9`)
        .set('Authorization', dana);
      expect(missing.status).toBe(404);

      const exported = await request(server)
        .get(`${APP}/export?version=1`)
        .set('Authorization', dana);
      expect(exported.status).toBe(200);
      expect(exported.headers['content-type']).toMatch(/yaml/);
      expect(exported.text).toContain('kind: ApplicationConfiguration');
      expect(exported.text).not.toContain('maxRefundDays: 45');
      const latest = await request(server)
        .get(`${APP}/export`)
        .set('Authorization', dana);
      expect(latest.text).toContain('maxRefundDays: 45');

      const reimported = await importExample(server, exported.text, 2);
      expect(reimported.status).toBe(200);
      expect(reimported.body.changeSet).toMatchObject({
        version: 3,
        kind: 'import',
        changedKeys: [
          '/environments/development/features/instantPayouts',
          '/environments/staging/constants/maxRefundDays',
        ],
      });
      const same = await importExample(server, exported.text, 3);
      expect(same.status).toBe(400);
      expect(same.body.error.message).toMatch(/^Nothing to change/);
    });

    it('sends a rollback that changes protected environments through approval', async () => {
      const { server } = await start();
      await importExample(server);
      const change = await request(server)
        .post(`${APP}/values`)
        .set('Authorization', dana)
        .send({
          version: 1,
          changes: [
            { environment: 'production', key: '/database/pool/max', value: 99 },
          ],
        });
      await request(server)
        .post(
          `/api/config/change-requests/${change.body.changeRequest.id}/decision`,
        )
        .set('Authorization', mockCredentials.user.header('user:default/bob'))
        .send({ decision: 'approve' });
      const rollback = await request(server)
        .post(`${APP}/rollback`)
        .set('Authorization', dana)
        .send({ version: 2, toVersion: 1 });
      expect(rollback.status).toBe(202);
      expect(rollback.body.changeRequest).toMatchObject({
        environment: 'production',
        affectedEnvironments: ['production'],
      });
      const appLayer = await request(server)
        .post(`${APP}/values`)
        .set('Authorization', dana)
        .send({
          version: 2,
          changes: [{ key: '/constants/maxRefundDays', value: 60 }],
        });
      expect(appLayer.status).toBe(202);
      expect(appLayer.body.changeRequest).toMatchObject({
        environment: 'production',
        affectedEnvironments: ['uat', 'production'],
      });
    });

    it('rolls back an unprotected-only change directly', async () => {
      const { server } = await start();
      await importExample(server);
      await request(server)
        .post(`${APP}/values`)
        .set('Authorization', dana)
        .send({
          version: 1,
          changes: [
            { environment: 'staging', key: '/database/port', value: 7777 },
          ],
        });
      const rollback = await request(server)
        .post(`${APP}/rollback`)
        .set('Authorization', dana)
        .send({ version: 2, toVersion: 1 });
      expect(rollback.status).toBe(200);
      expect(rollback.body.changeSet).toMatchObject({
        version: 3,
        kind: 'rollback',
        message: 'Roll back to version 1',
        changedKeys: ['/environments/staging/database/port'],
      });
      const diff = await request(server)
        .get(`${APP}/diff?from=1&to=3`)
        .set('Authorization', dana);
      expect(diff.body.entries).toEqual([]);
    });

    it('sends changes to protected environments through approval and applies them once approved', async () => {
      const { server, signals } = await start();
      await importExample(server);
      const change = await request(server)
        .post(`${APP}/values`)
        .set('Authorization', dana)
        .send({
          version: 1,
          message: 'Bigger production pool',
          changes: [
            {
              environment: 'production',
              key: '/database/pool/max',
              value: 120,
            },
          ],
        });
      expect(change.status).toBe(202);
      expect(change.body.changeRequest).toEqual({
        id: expect.any(String),
        environment: 'production',
        requiredApprovals: 1,
        affectedEnvironments: ['production'],
      });
      const id = change.body.changeRequest.id;
      const unchanged = await request(server)
        .get(APP)
        .set('Authorization', dana);
      expect(unchanged.body.version).toBe(1);
      expect(signals.map(s => s.event)).toEqual([
        'changed',
        'change-requested',
      ]);

      const pending = await request(server)
        .get('/api/config/change-requests?state=pending')
        .set('Authorization', dana);
      expect(pending.body.items).toHaveLength(1);
      expect(pending.body.items[0]).toMatchObject({
        id,
        pluginId: 'config',
        kind: 'config-change',
        requester: 'user:default/dana',
        approvers: ['group:default/payments-team'],
        entityRef: 'component:default/payments-api',
      });

      const own = await request(server)
        .post(`/api/config/change-requests/${id}/decision`)
        .set('Authorization', dana)
        .send({ decision: 'approve' });
      expect(own.status).toBe(403);
      const outsider = await request(server)
        .post(`/api/config/change-requests/${id}/decision`)
        .set('Authorization', mockCredentials.user.header('user:default/alice'))
        .send({ decision: 'approve' });
      expect(outsider.status).toBe(403);

      // A change to another key lands meanwhile; the approval still applies.
      await request(server)
        .post(`${APP}/values`)
        .set('Authorization', dana)
        .send({
          version: 1,
          changes: [
            { environment: 'staging', key: '/database/port', value: 5439 },
          ],
        });
      const approved = await request(server)
        .post(`/api/config/change-requests/${id}/decision`)
        .set('Authorization', mockCredentials.user.header('user:default/bob'))
        .send({ decision: 'approve', comment: 'ok for black friday' });
      expect(approved.status).toBe(200);

      const after = await request(server)
        .get(`/api/config/change-requests/${id}`)
        .set('Authorization', dana);
      expect(after.body.state).toBe('applied');
      const history = await request(server)
        .get(`${APP}/history`)
        .set('Authorization', dana);
      expect(history.body.items[0]).toMatchObject({
        version: 3,
        author: 'user:default/dana',
        message: 'Bigger production pool',
        changeRequestId: id,
        changedKeys: ['/environments/production/database/pool/max'],
      });
      const effective = await request(server)
        .get(`${APP}/effective?environment=production`)
        .set('Authorization', dana);
      expect(effective.body.values.database.pool.max).toBe(120);
      expect(effective.body.values.database.port).toBe(6432);
    });

    it('fails an approved request whose keys changed since it was opened', async () => {
      const { server } = await start();
      await importExample(server);
      const first = await request(server)
        .post(`${APP}/values`)
        .set('Authorization', dana)
        .send({
          version: 1,
          changes: [{ environment: 'uat', key: '/database/port', value: 5500 }],
        });
      const second = await request(server)
        .post(`${APP}/values`)
        .set('Authorization', dana)
        .send({
          version: 1,
          changes: [
            { environment: 'uat', key: '/database', value: { port: 1 } },
          ],
        });
      const approve = (id: string) =>
        request(server)
          .post(`/api/config/change-requests/${id}/decision`)
          .set(
            'Authorization',
            mockCredentials.user.header('user:default/alice'),
          )
          .send({ decision: 'approve' });
      await approve(first.body.changeRequest.id);
      await approve(second.body.changeRequest.id);
      const failed = await request(server)
        .get(`/api/config/change-requests/${second.body.changeRequest.id}`)
        .set('Authorization', dana);
      expect(failed.body.state).toBe('failed');
      expect(failed.body.history.at(-1).reason).toMatch(
        /\/environments\/uat\/database\/port changed since version 1/,
      );
      const view = await request(server).get(APP).set('Authorization', dana);
      expect(view.body.version).toBe(2);
    });

    it('exports flags per environment in flagd format that the flagd schema accepts', async () => {
      const { server } = await start();
      await importExample(server);
      const ajv = new Ajv({ strict: false });
      const fixtures = path.join(__dirname, '__testUtils__/flagd');
      ajv.addSchema(
        JSON.parse(
          fs.readFileSync(path.join(fixtures, 'targeting.json'), 'utf8'),
        ),
      );
      const validate = ajv.compile(
        JSON.parse(fs.readFileSync(path.join(fixtures, 'flags.json'), 'utf8')),
      );
      const staging = await request(server)
        .get(`${APP}/flagd?environment=staging`)
        .set('Authorization', dana);
      expect(staging.status).toBe(200);
      expect(validate(staging.body)).toBe(true);
      expect(staging.body.flags['new-checkout']).toEqual({
        state: 'ENABLED',
        variants: { on: true, off: false },
        defaultVariant: 'off',
        targeting: {
          fractional: [
            ['on', 50],
            ['off', 50],
          ],
        },
      });

      const added = await request(server)
        .put(`${APP}/flags/dark-mode`)
        .set('Authorization', dana)
        .send({
          version: 1,
          flag: {
            type: 'boolean',
            defaultVariant: 'off',
            environments: {
              development: {
                state: 'ENABLED',
                rollout: [
                  { variant: 'on', percentage: 25 },
                  { variant: 'off', percentage: 75 },
                ],
              },
            },
          },
        });
      expect(added.status).toBe(200);
      const development = await request(server)
        .get(`${APP}/flagd?environment=development`)
        .set('Authorization', dana);
      expect(validate(development.body)).toBe(true);
      expect(development.body.flags['dark-mode'].targeting).toEqual({
        fractional: [
          ['on', 25],
          ['off', 75],
        ],
      });
      const badRollout = await request(server)
        .put(`${APP}/flags/dark-mode`)
        .set('Authorization', dana)
        .send({
          version: 2,
          flag: {
            type: 'boolean',
            defaultVariant: 'off',
            environments: {
              development: {
                state: 'ENABLED',
                rollout: [{ variant: 'on', percentage: 30 }],
              },
            },
          },
        });
      expect(badRollout.status).toBe(400);
      expect(badRollout.body.error.message).toMatch(
        /flag\.environments\.development\.rollout: percentages must add up to 100, not 30/,
      );
      const removed = await request(server)
        .delete(`${APP}/flags/dark-mode?version=2`)
        .set('Authorization', dana);
      expect(removed.status).toBe(200);
      const flags = await request(server)
        .get(`${APP}/flags`)
        .set('Authorization', dana);
      expect(Object.keys(flags.body.flags).sort()).toEqual([
        'new-checkout',
        'payout-speed',
      ]);
    });

    it('refuses every mutating route with 403 without its permission, and audits nothing', async () => {
      const knex = await databases.init(databaseId);
      const seeded = await startConfigBackend({ kubernetes, knex });
      await importExample(seeded.server);
      // The second backend shares the database, so the application exists there too.
      const { server, events } = await startConfigBackend({
        kubernetes,
        knex,
        deny: [configWritePermission.name, configApplyPermission.name],
      });
      const routes: [string, string, object][] = [
        ['post', '/api/config/import', { yaml: exampleYaml, version: 1 }],
        [
          'post',
          `${APP}/values`,
          { version: 1, changes: [{ key: '/a', value: 1 }] },
        ],
        ['put', `${APP}/schema`, { version: 1, schema: exampleSchema }],
        ['post', `${APP}/rollback`, { version: 1, toVersion: 1 }],
        ['post', `${APP}/apply`, { environment: 'development' }],
        ['post', `${APP}/drift/check`, { environment: 'development' }],
        [
          'put',
          `${APP}/flags/x`,
          { version: 1, flag: { type: 'boolean', defaultVariant: 'on' } },
        ],
        ['delete', `${APP}/flags/new-checkout?version=1`, {}],
      ];
      for (const [method, route, body] of routes) {
        const res = await (request(server) as any)
          [method](route)
          .set('Authorization', dana)
          .send(body);
        expect({ method, route, status: res.status }).toEqual({
          method,
          route,
          status: 403,
        });
      }
      expect(events).toEqual([]);
      const view = await request(server).get(APP).set('Authorization', dana);
      expect(view.body.version).toBe(1);
    });
  },
);

describe('config backend reads', () => {
  it('refuses reads with 403 without the read permission and hides applications from the list', async () => {
    const knex = await databases.init('SQLITE_3');
    const { server } = await startConfigBackend({ kubernetes, knex });
    await importExample(server);
    const denied = await startConfigBackend({
      kubernetes,
      knex,
      deny: ['idp.config.read'],
    });
    const list = await request(denied.server)
      .get('/api/config/applications')
      .set('Authorization', dana);
    expect(list.body.items).toEqual([]);
    for (const route of [
      APP,
      `${APP}/compare`,
      `${APP}/history`,
      `${APP}/export`,
      `${APP}/schema`,
      `${APP}/flags`,
      `${APP}/drift`,
    ]) {
      const res = await request(denied.server)
        .get(route)
        .set('Authorization', dana);
      expect({ route, status: res.status }).toEqual({ route, status: 403 });
    }
  });
});
