import { mockCredentials } from '@backstage/backend-test-utils';
import { configWritePermission } from '@idp-platform/backstage-plugin-idp-common';
import { KubernetesTestServer } from '@idp-platform/backstage-plugin-idp-node/testUtils';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { startConfigBackend } from '../__testUtils__/startConfigBackend';

jest.setTimeout(60_000);

const exampleYaml = fs.readFileSync(
  path.resolve(__dirname, '../../../../examples/config/payments-api.yaml'),
  'utf8',
);
const cluster = new KubernetesTestServer();
beforeAll(() => cluster.start());
afterAll(() => cluster.stop());

async function start(deny: string[] = []) {
  const backend = await startConfigBackend({ kubernetes: cluster, deny });
  await request(backend.server)
    .post('/api/config/import')
    .set('Authorization', mockCredentials.user.header('user:default/dana'))
    .send({ yaml: exampleYaml, version: 0 });
  const idOf = (name: string) =>
    [...backend.actionsRegistry.actions.keys()].find(id =>
      id.endsWith(`:${name}`),
    )!;
  return { ...backend, idOf };
}

describe('config actions', () => {
  it('reads the effective configuration with source layers and sets a value', async () => {
    const { actionsRegistry, idOf, events } = await start();
    const credentials = mockCredentials.user('user:default/dana');
    const read = await actionsRegistry.invoke({
      id: idOf('get'),
      input: { application: 'payments-api', environment: 'staging' },
      credentials,
    });
    expect(read.output).toMatchObject({
      application: 'payments-api',
      environment: 'staging',
      version: 1,
      values: { database: { port: 5432 } },
      sources: {
        '/database/port': 'application-environment',
        '/logging/level': 'global',
      },
    });
    const set = await actionsRegistry.invoke({
      id: idOf('set'),
      input: {
        application: 'payments-api',
        version: 1,
        environment: 'staging',
        key: '/database/port',
        value: 5433,
        message: 'via assistant',
      },
      credentials,
    });
    expect(set.output).toEqual({ status: 'applied', version: 2 });
    expect(events.slice(-2)).toEqual([
      'config-set-values:start',
      'config-set-values:success',
    ]);
    const protectedChange = await actionsRegistry.invoke({
      id: idOf('set'),
      input: {
        application: 'payments-api',
        version: 2,
        environment: 'production',
        key: '/database/port',
        value: 6433,
      },
      credentials,
    });
    expect(protectedChange.output).toEqual({
      status: 'pending-approval',
      changeRequestId: expect.any(String),
    });
    await expect(
      actionsRegistry.invoke({
        id: idOf('set'),
        input: {
          application: 'payments-api',
          version: 1,
          key: '/database/port',
          value: 1,
        },
        credentials,
      }),
    ).rejects.toThrow(/is at version 2, not 1/);
  });

  it('refuses to set without the write permission', async () => {
    const { actionsRegistry, idOf } = await start([configWritePermission.name]);
    await expect(
      actionsRegistry.invoke({
        id: idOf('set'),
        input: {
          application: 'payments-api',
          version: 1,
          key: '/database/port',
          value: 1,
        },
        credentials: mockCredentials.user('user:default/dana'),
      }),
    ).rejects.toThrow(/Missing permission idp.config.write/);
  });
});
