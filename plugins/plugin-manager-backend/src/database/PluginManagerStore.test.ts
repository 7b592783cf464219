import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { InstalledPlugin } from '@idp-platform/backstage-plugin-idp-common';
import { createTestDatabases } from '@idp-platform/backstage-plugin-idp-node/testUtils';
import { PluginManagerStore, PluginRevisionInput } from './PluginManagerStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const PACKAGE = '@acme/backstage-plugin-hello-backend';

async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  return PluginManagerStore.create(
    mockServices.database({ knex, migrations: { skip: false } }),
  );
}

function installation(version: string, previous: string[]): InstalledPlugin {
  return {
    package: PACKAGE,
    version,
    folder: 'acme-backstage-plugin-hello-backend',
    disabled: false,
    integrity: `sha512-${version}`,
    role: 'backend-plugin',
    pluginId: 'hello',
    pluginConfig: { hello: { greeting: 'hi' } },
    installedAt: '2026-11-25T10:00:00.000Z',
    installedBy: 'user:default/dana',
    previousVersions: previous,
  };
}

function change(
  expectedRevision: number,
  version: string,
  previous: string[] = [],
): PluginRevisionInput {
  return {
    expectedRevision,
    action: expectedRevision === 0 ? 'install' : 'upgrade',
    package: PACKAGE,
    toVersion: version,
    author: 'user:default/dana',
    plugins: [
      {
        package: `${PACKAGE}@${version}`,
        disabled: false,
        integrity: `sha512-${version}`,
      },
    ],
    installations: [
      { package: PACKAGE, record: installation(version, previous) },
    ],
    now: new Date('2026-11-25T10:00:00Z'),
  };
}

describe.each(databases.eachSupportedId())('PluginManagerStore on %s', id => {
  it('stores revisions with the installed plugin and reads them back', async () => {
    const store = await createStore(id);
    expect(await store.currentRevision()).toBe(0);
    await store.saveRevision(change(0, '1.0.0'));
    const second = await store.saveRevision(change(1, '1.1.0', ['1.0.0']));
    expect(second).toMatchObject({
      revision: 2,
      action: 'upgrade',
      toVersion: '1.1.0',
      createdAt: '2026-11-25T10:00:00.000Z',
      plugins: [{ package: `${PACKAGE}@1.1.0` }],
    });
    expect(await store.currentRevision()).toBe(2);
    expect(await store.listInstallations()).toEqual([
      installation('1.1.0', ['1.0.0']),
    ]);
    expect((await store.listRevisions(PACKAGE)).map(r => r.revision)).toEqual([
      2, 1,
    ]);
  });

  it('turns two changes planned on the same revision into one success and one conflict', async () => {
    const store = await createStore(id);
    await store.saveRevision(change(0, '1.0.0'));
    const results = await Promise.allSettled([
      store.saveRevision(change(1, '1.1.0', ['1.0.0'])),
      store.saveRevision(change(1, '1.2.0', ['1.0.0'])),
    ]);
    expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find(r => r.status === 'rejected') as
      | PromiseRejectedResult
      | undefined;
    expect(rejected?.reason).toBeInstanceOf(ConflictError);
    expect(await store.currentRevision()).toBe(2);
    expect(await store.listInstallations()).toHaveLength(1);
  });

  it('removes an installation with a null record and keeps recent errors per package', async () => {
    const store = await createStore(id);
    await store.saveRevision(change(0, '1.0.0'));
    await store.saveRevision({
      ...change(1, '1.0.0'),
      action: 'uninstall',
      plugins: [],
      installations: [{ package: PACKAGE, record: null }],
    });
    expect(await store.listInstallations()).toEqual([]);

    await store.recordError(PACKAGE, 'old', new Date('2026-11-20T00:00:00Z'));
    await store.recordError(PACKAGE, 'new', new Date('2026-11-25T09:00:00Z'));
    const recent = await store.recentErrors(new Date('2026-11-24T10:00:00Z'));
    expect(recent.get(PACKAGE)).toEqual([
      { at: '2026-11-25T09:00:00.000Z', message: 'new' },
    ]);
    await store.pruneErrors(new Date('2026-11-21T00:00:00Z'));
    const all = await store.recentErrors(new Date(0));
    expect(all.get(PACKAGE)?.map(e => e.message)).toEqual(['new']);
  });
});
