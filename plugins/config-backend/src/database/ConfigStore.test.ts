import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { ApplicationConfigurationSpec } from '@idp-platform/backstage-plugin-idp-common';
import { createTestDatabases } from '@idp-platform/backstage-plugin-idp-node/testUtils';
import { ConfigStore, ConfigVersionInput } from './ConfigStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  return ConfigStore.create(
    mockServices.database({ knex, migrations: { skip: false } }),
  );
}

function spec(port: number): ApplicationConfigurationSpec {
  return {
    values: { database: { port } },
    environments: {},
    flags: {},
  };
}

function change(
  name: string,
  expectedVersion: number,
  port: number,
): ConfigVersionInput {
  return {
    name,
    entityRef: `component:default/${name}`,
    expectedVersion,
    spec: spec(port),
    kind: 'set-values',
    author: 'user:default/dana',
    message: `port ${port}`,
    changedKeys: ['/values/database/port'],
    now: new Date('2026-11-25T10:00:00Z'),
  };
}

describe.each(databases.eachSupportedId())('ConfigStore on %s', databaseId => {
  it('stores versions with their change sets and specs', async () => {
    const store = await createStore(databaseId);
    expect(await store.saveVersion(change('orders', 0, 5432))).toMatchObject({
      application: 'orders',
      version: 1,
      author: 'user:default/dana',
      changedKeys: ['/values/database/port'],
    });
    await store.saveVersion(change('orders', 1, 6432));
    expect(await store.getApplication('orders')).toMatchObject({
      version: 2,
      spec: spec(6432),
      entityRef: 'component:default/orders',
    });
    expect(
      (await store.listChangeSets('orders')).map(c => [c.version, c.message]),
    ).toEqual([
      [2, 'port 6432'],
      [1, 'port 5432'],
    ]);
    expect((await store.getChangeSet('orders', 1))?.spec).toEqual(spec(5432));
    expect(
      (await store.listChangeSetsAfter('orders', 1)).map(c => c.version),
    ).toEqual([2]);
  });

  it('refuses a stale version with a ConflictError and stores nothing', async () => {
    const store = await createStore(databaseId);
    await store.saveVersion(change('billing', 0, 1));
    await store.saveVersion(change('billing', 1, 2));
    await expect(store.saveVersion(change('billing', 1, 3))).rejects.toThrow(
      ConflictError,
    );
    await expect(store.saveVersion(change('billing', 0, 3))).rejects.toThrow(
      /already exists/,
    );
    await expect(store.saveVersion(change('nobody', 4, 3))).rejects.toThrow(
      NotFoundError,
    );
    expect((await store.getApplication('billing'))?.version).toBe(2);
    expect(await store.listChangeSets('billing')).toHaveLength(2);
  });

  it('lets exactly one of many concurrent writers of the same version win', async () => {
    const store = await createStore(databaseId);
    await store.saveVersion(change('race', 0, 1));
    const results = await Promise.allSettled(
      [10, 11, 12, 13, 14].map(port =>
        store.saveVersion(change('race', 1, port)),
      ),
    );
    const won = results.filter(r => r.status === 'fulfilled');
    const lost = results.filter(
      (r): r is PromiseRejectedResult => r.status === 'rejected',
    );
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(4);
    for (const failure of lost) {
      expect(failure.reason).toBeInstanceOf(ConflictError);
    }
    const current = await store.getApplication('race');
    expect(current?.version).toBe(2);
    expect((await store.listChangeSets('race')).map(c => c.version)).toEqual([
      2, 1,
    ]);
  });

  it('keeps every delivery and returns the last successful one per environment', async () => {
    const store = await createStore(databaseId);
    const delivery = {
      application: 'shop',
      cluster: 'test',
      namespace: 'staging',
      objects: [],
      deliveredBy: 'user:default/dana',
      deliveredAt: '2026-11-25T10:00:00.000Z',
    };
    await store.recordDelivery({
      ...delivery,
      environment: 'staging',
      version: 1,
      status: 'applied',
      configMapName: 'shop-config-aaaa',
    });
    await store.recordDelivery({
      ...delivery,
      environment: 'staging',
      version: 2,
      status: 'failed',
      configMapName: 'shop-config-bbbb',
      error: 'boom',
    });
    await store.recordDelivery({
      ...delivery,
      environment: 'production',
      namespace: 'production',
      version: 1,
      status: 'applied',
      configMapName: 'shop-config-aaaa',
    });
    expect(
      (await store.listLatestDeliveries('shop')).map(d => [
        d.environment,
        d.version,
        d.status,
      ]),
    ).toEqual([
      ['production', 1, 'applied'],
      ['staging', 1, 'applied'],
    ]);
    expect((await store.listDeliveries('shop'))[1]).toMatchObject({
      status: 'failed',
      error: 'boom',
    });
    await store.recordDriftReport({
      application: 'shop',
      environment: 'staging',
      checkedAt: '2026-11-25T10:00:00.000Z',
      status: 'drifted',
      currentVersion: 2,
      deliveredVersion: 1,
      outOfDate: true,
      objects: [],
    });
    await store.recordDriftReport({
      application: 'shop',
      environment: 'staging',
      checkedAt: '2026-11-25T10:05:00.000Z',
      status: 'in-sync',
      currentVersion: 2,
      deliveredVersion: 2,
      outOfDate: false,
      objects: [],
    });
    expect(
      (await store.latestDriftReports('shop')).map(r => [
        r.environment,
        r.status,
      ]),
    ).toEqual([['staging', 'in-sync']]);
  });
});
