import { mockCredentials } from '@backstage/backend-test-utils';
import {
  createTestDatabases,
  KubernetesTestServer,
} from '@idp-platform/backstage-plugin-idp-node/testUtils';
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

/** Shaped like a GitHub token, so it is recognised wherever it is put. */
const TOKEN = 'ghp_PLANTEDtokenPLANTEDtoken0123456789abcd';
/** Plain words, only recognisable as a secret by its key or its schema. */
const PASSPHRASE = 'correct-horse-battery-PLANTED-staple';

const databases = createTestDatabases();
const cluster = new KubernetesTestServer();
beforeAll(() => cluster.start());
afterAll(() => cluster.stop());

describe.each(databases.eachSupportedId())('secrets on %s', databaseId => {
  it('refuses plain secret values, stores and returns only references, and never repeats a planted secret in a response, a log line or an audit event', async () => {
    const { server, logs, auditTrail, actionsRegistry } =
      await startConfigBackend({
        kubernetes: cluster,
        knex: await databases.init(databaseId),
      });
    const bodies: string[] = [];
    const call = async (
      method: 'get' | 'post' | 'put',
      route: string,
      body?: object,
    ) => {
      const res = await request(server)
        [method](route)
        .set('Authorization', dana)
        .send(body);
      bodies.push(res.text);
      return res;
    };

    expect(
      (
        await call('post', '/api/config/import', {
          yaml: exampleYaml,
          version: 0,
        })
      ).status,
    ).toBe(200);
    const schema = {
      ...exampleSchema,
      properties: {
        ...exampleSchema.properties,
        signing: {
          type: 'object',
          properties: { material: { 'x-secret': true } },
        },
      },
    };
    expect(
      (await call('put', `${APP}/schema`, { version: 1, schema })).status,
    ).toBe(200);

    const attempts: [string, object][] = [
      [
        'plain value under a key named like a secret',
        {
          version: 2,
          changes: [
            {
              environment: 'staging',
              key: '/database/password',
              value: PASSPHRASE,
            },
          ],
        },
      ],
      [
        'token-shaped value under an ordinary key',
        {
          version: 2,
          changes: [{ key: '/constants/note', value: TOKEN }],
        },
      ],
      [
        'plain value where the schema marks a secret',
        {
          version: 2,
          changes: [{ key: '/signing/material', value: PASSPHRASE }],
        },
      ],
      [
        'malformed reference next to a secret',
        {
          version: 2,
          changes: [
            { key: '/stripe/apiKey', value: { secretRef: { store: 'x' } } },
            { key: '/stripe/token', value: TOKEN },
          ],
        },
      ],
    ];
    for (const [what, body] of attempts) {
      const res = await call('post', `${APP}/values`, body);
      expect({ what, status: res.status }).toEqual({ what, status: 400 });
    }
    const keyed = JSON.parse(bodies[2]).error.message;
    expect(keyed).toMatch(
      /\/environments\/staging\/database\/password: looks like a secret/,
    );
    expect(JSON.parse(bodies[3]).error.message).toMatch(
      /\/values\/constants\/note: looks like a GitHub token/,
    );
    expect(JSON.parse(bodies[4]).error.message).toMatch(
      /\/signing\/material: is a secret: give a reference/,
    );

    const pastedYaml = exampleYaml.replace(
      '      password:\n        secretRef:\n          store: vault-backend\n          key: payments/database\n          property: password\n',
      `      password: ${PASSPHRASE}\n`,
    );
    expect(pastedYaml).toContain(PASSPHRASE);
    const imported = await call('post', '/api/config/import', {
      yaml: pastedYaml,
      version: 2,
    });
    expect(imported.status).toBe(400);
    expect(imported.body.error.message).toMatch(
      /\/values\/database\/password: looks like a secret/,
    );
    const broken = await call('post', '/api/config/import', {
      yaml: `apiVersion: [\n  token: ${TOKEN}\n  password: "${PASSPHRASE}`,
      version: 2,
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toMatch(/^yaml: line \d+/);

    await expect(
      actionsRegistry.invoke({
        id: [...actionsRegistry.actions.keys()].find(id =>
          id.endsWith(':set'),
        )!,
        input: {
          application: 'payments-api',
          version: 2,
          key: '/database/password',
          value: PASSPHRASE,
        },
        credentials: mockCredentials.user('user:default/dana'),
      }),
    ).rejects.toThrow(/looks like a secret/);

    const view = await call('get', APP);
    expect(view.body.version).toBe(2);
    const staging = view.body.effective.find(
      (e: any) => e.environment === 'staging',
    );
    expect(staging.values.database.password).toEqual({
      secretRef: {
        store: 'vault-backend',
        key: 'payments/database',
        property: 'password',
      },
    });
    await call('get', `${APP}/export`);
    await call('get', `${APP}/compare`);
    await call('get', `${APP}/history`);
    await call('get', `${APP}/diff?from=0&to=2`);

    const everything = [...bodies, ...logs, ...auditTrail].join('\n');
    expect(bodies.length).toBeGreaterThan(10);
    expect(logs.length).toBeGreaterThan(0);
    expect(auditTrail.join('\n')).toContain('config-set-values failed');
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain('PLANTEDtoken');
    expect(everything).not.toContain(PASSPHRASE);
  });
});
