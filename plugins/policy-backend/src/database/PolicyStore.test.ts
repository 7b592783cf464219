import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { createTestDatabases } from '@idp-platform/backstage-plugin-idp-node/testUtils';
import { PolicyStore, PolicyVersionInput } from './PolicyStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  return PolicyStore.create(
    mockServices.database({ knex, migrations: { skip: false } }),
  );
}

function version(expectedVersion: number, yaml: string): PolicyVersionInput {
  return {
    name: 'payments-api',
    source: 'payments-api',
    entityRef: 'component:default/payments-api',
    expectedVersion,
    yaml,
    author: 'user:default/dana',
    message: `edit ${expectedVersion}`,
    now: new Date('2026-11-25T10:00:00Z'),
  };
}

describe.each(databases.eachSupportedId())('PolicyStore on %s', databaseId => {
  it('stores versions and keeps every one', async () => {
    const store = await createStore(databaseId);
    await store.saveVersion(version(0, 'one'));
    await store.saveVersion(version(1, 'two'));
    expect(await store.getPolicy('payments-api')).toMatchObject({
      version: 2,
      source: 'payments-api',
      entityRef: 'component:default/payments-api',
    });
    expect(
      (await store.listVersions('payments-api')).map(v => v.version),
    ).toEqual([2, 1]);
    expect(await store.getVersion('payments-api', 1)).toMatchObject({
      yaml: 'one',
      message: 'edit 0',
    });
  });

  it('refuses a stale version and a second create', async () => {
    const store = await createStore(databaseId);
    await store.saveVersion(version(0, 'one'));
    await expect(store.saveVersion(version(0, 'again'))).rejects.toThrow(
      ConflictError,
    );
    await store.saveVersion(version(1, 'two'));
    await expect(store.saveVersion(version(1, 'stale'))).rejects.toThrow(
      'Policy payments-api is at version 2, not 1',
    );
    expect((await store.getVersion('payments-api', 2))?.yaml).toBe('two');
  });

  it('lets exactly one of two concurrent writers win', async () => {
    const store = await createStore(databaseId);
    await store.saveVersion(version(0, 'one'));
    const results = await Promise.allSettled([
      store.saveVersion(version(1, 'a')),
      store.saveVersion(version(1, 'b')),
    ]);
    expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find(
      r => r.status === 'rejected',
    ) as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(ConflictError);
    expect(await store.listVersions('payments-api')).toHaveLength(2);
  });

  it('records applies and finds the last successful one per environment', async () => {
    const store = await createStore(databaseId);
    await store.saveVersion(version(0, 'one'));
    const base = {
      policy: 'payments-api',
      cluster: 'test',
      namespace: 'staging',
      objects: [],
      appliedBy: 'user:default/dana',
      appliedAt: new Date('2026-11-25T10:00:00Z'),
      kind: 'apply' as const,
    };
    await store.recordApply({
      ...base,
      environment: 'staging',
      version: 1,
      status: 'applied',
    });
    await store.recordApply({
      ...base,
      environment: 'staging',
      version: 2,
      status: 'failed',
      error: 'boom',
    });
    await store.recordApply({
      ...base,
      environment: 'production',
      version: 1,
      status: 'applied',
      changeRequestId: 'cr-1',
    });
    const last = await store.lastApplied('payments-api');
    expect(last.get('staging')).toMatchObject({
      version: 1,
      status: 'applied',
    });
    expect(last.get('production')).toMatchObject({ changeRequestId: 'cr-1' });
    expect(
      (await store.listApplies('payments-api', 'staging')).map(a => a.status),
    ).toEqual(['failed', 'applied']);
  });
});
