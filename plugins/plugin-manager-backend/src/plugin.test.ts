import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@idp-platform/backstage-plugin-idp-node/testUtils';
import yaml from 'js-yaml';
import request from 'supertest';
import {
  FIXTURE_PLUGIN,
  LocalNpmRegistry,
} from './__testUtils__/LocalNpmRegistry';
import { startPluginManagerBackend } from './__testUtils__/startPluginManagerBackend';

const TODO = '@backstage-community/plugin-todo-backend';
const databases = createTestDatabases();

jest.setTimeout(60_000);

/** Every file under a folder with its content, for exact comparisons. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[path.relative(dir, full)] = fs.readFileSync(full, 'base64');
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return files;
}

describe('plugin manager backend', () => {
  let registry: LocalNpmRegistry;
  let workDir: string;
  let rootDirectory: string;

  beforeAll(async () => {
    registry = await new LocalNpmRegistry().start();
    registry.loadRecordedPackages();
    await registry.publishFolderPackage();
  });

  afterAll(async () => {
    await registry.stop();
  });

  beforeEach(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-manager-'));
    rootDirectory = path.join(workDir, 'dynamic-plugins-root');
  });

  afterEach(() => {
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('searches the registry with facets and answers repeated searches from the cache', async () => {
    const { server } = await startPluginManagerBackend({ registry });
    const before = registry.countRequests('/-/v1/search');

    const first = await request(server).get(
      '/api/plugin-manager/search?kind=backend',
    );
    expect(first.status).toBe(200);
    expect(first.body.items.map((i: any) => i.name)).toEqual([
      TODO,
      '@backstage/plugin-catalog-backend-module-github',
      FIXTURE_PLUGIN,
    ]);
    expect(first.body.facets.role).toEqual([
      { value: 'backend-plugin', count: 2 },
      { value: 'backend-plugin-module', count: 1 },
    ]);
    const searches = registry.countRequests('/-/v1/search') - before;
    expect(searches).toBeGreaterThan(0);

    const second = await request(server).get(
      '/api/plugin-manager/search?q=github&pageSize=1&page=2',
    );
    expect(second.status).toBe(200);
    expect(second.body.total).toBe(2);
    expect(second.body.items.map((i: any) => i.name)).toEqual([
      '@roadiehq/backstage-plugin-github-pull-requests',
    ]);
    expect(second.body.facets.kind).toEqual([
      { value: 'backend', count: 1 },
      { value: 'frontend', count: 1 },
    ]);
    // The second search was answered from the cached index.
    expect(registry.countRequests('/-/v1/search') - before).toBe(searches);

    const refreshed = await request(server).post('/api/plugin-manager/refresh');
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.packages).toBe(6);
    expect(registry.countRequests('/-/v1/search') - before).toBe(searches * 2);
  });

  it('indexes the configured packages by name when a registry has no search API', async () => {
    const proxy = await new LocalNpmRegistry({ search: false }).start();
    proxy.loadRecordedPackages();
    try {
      const { server } = await startPluginManagerBackend({
        registry: proxy,
        pluginManager: {
          discovery: {
            queries: ['keywords:backstage', 'backstage'],
            packages: [TODO, '@roadiehq/backstage-plugin-github-pull-requests'],
          },
        },
      });
      const response = await request(server).get('/api/plugin-manager/search');
      expect(response.status).toBe(200);
      expect(response.body.items.map((i: any) => [i.name, i.kind])).toEqual([
        [TODO, 'backend'],
        ['@roadiehq/backstage-plugin-github-pull-requests', 'frontend'],
      ]);
      // After the first 404 the registry is not searched for the other query.
      expect(proxy.countRequests('/-/v1/search')).toBe(1);
    } finally {
      await proxy.stop();
    }
  });

  it('rejects a search with an invalid facet and names the field', async () => {
    const { server } = await startPluginManagerBackend({ registry });
    const response = await request(server).get(
      '/api/plugin-manager/search?kind=plugin',
    );
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/kind/);
  });

  it('leaves everything as it was when the tarball fails its integrity check', async () => {
    const tampered = await new LocalNpmRegistry().start();
    tampered.loadRecordedPackages();
    try {
      const { server } = await startPluginManagerBackend({
        registry: tampered,
        rootDirectory,
      });
      const installed = await request(server)
        .post('/api/plugin-manager/install')
        .send({ package: TODO });
      expect(installed.status).toBe(200);
      const before = snapshot(workDir);

      tampered.tamperTarball(TODO, '0.25.0');
      await request(server)
        .post('/api/plugin-manager/uninstall')
        .send({ package: TODO })
        .expect(200);
      const afterUninstall = snapshot(workDir);
      const failed = await request(server)
        .post('/api/plugin-manager/install')
        .send({ package: TODO, version: '0.25.0' });
      expect(failed.status).toBe(500);
      expect(failed.body.error.message).toMatch(/Integrity check failed/);
      expect(snapshot(workDir)).toEqual(afterUninstall);
      expect(before).not.toEqual(afterUninstall);
      const list = await request(server).get('/api/plugin-manager/installed');
      expect(list.body.items).toEqual([]);
      expect(list.body.revision).toBe(2);
    } finally {
      await tampered.stop();
    }
  });

  it('refuses a first install whose tarball fails integrity without writing a file', async () => {
    const tampered = await new LocalNpmRegistry().start();
    tampered.loadRecordedPackages();
    tampered.tamperTarball(TODO, '0.25.0');
    try {
      const { server, signals } = await startPluginManagerBackend({
        registry: tampered,
        rootDirectory,
      });
      const before = snapshot(workDir);
      const response = await request(server)
        .post('/api/plugin-manager/install')
        .send({ package: TODO });
      expect(response.status).toBe(500);
      expect(snapshot(workDir)).toEqual(before);
      expect(fs.readdirSync(rootDirectory)).toEqual([]);
      expect(signals.at(-1)).toMatchObject({
        channel: 'plugin-manager:operations',
        step: 'done',
        status: 'failed',
      });
    } finally {
      await tampered.stop();
    }
  });

  it.each(databases.eachSupportedId())(
    'installs, upgrades and rolls back to exactly the previous files (%s)',
    async databaseId => {
      const { server, events } = await startPluginManagerBackend({
        registry,
        rootDirectory,
        knex: await databases.init(databaseId),
      });
      const live = path.join(
        rootDirectory,
        'idp-fixtures-backstage-plugin-hello-backend',
      );

      const installed = await request(server)
        .post('/api/plugin-manager/install')
        .send({ package: FIXTURE_PLUGIN, version: '1.0.0' });
      expect(installed.status).toBe(200);
      expect(installed.body.plugin).toMatchObject({
        package: FIXTURE_PLUGIN,
        version: '1.0.0',
        role: 'backend-plugin',
        pluginId: 'hello-fixture',
        previousVersions: [],
      });
      const v1 = snapshot(live);
      expect(Object.keys(v1).sort()).toEqual([
        'dist/index.cjs.js',
        'dynamic-plugin-config.hash',
        'package.json',
      ]);

      const upgraded = await request(server)
        .post('/api/plugin-manager/upgrade')
        .send({
          package: FIXTURE_PLUGIN,
          pluginConfig: { hello: { greeting: 'hi' } },
          expectedRevision: 1,
        });
      expect(upgraded.status).toBe(200);
      expect(upgraded.body.plugin.version).toBe('1.1.0');
      expect(upgraded.body.plugin.previousVersions).toEqual(['1.0.0']);
      expect(
        JSON.parse(
          Buffer.from(snapshot(live)['package.json'], 'base64').toString(),
        ).version,
      ).toBe('1.1.0');

      const dynamicPlugins = yaml.load(
        fs.readFileSync(
          path.join(rootDirectory, 'dynamic-plugins.yaml'),
          'utf8',
        ),
      ) as any;
      expect(dynamicPlugins.plugins).toEqual([
        {
          package: `${FIXTURE_PLUGIN}@1.1.0`,
          disabled: false,
          integrity: expect.stringMatching(/^sha512-/),
          pluginConfig: { hello: { greeting: 'hi' } },
        },
      ]);
      expect(
        yaml.load(
          fs.readFileSync(
            path.join(rootDirectory, 'app-config.dynamic-plugins.yaml'),
            'utf8',
          ),
        ),
      ).toEqual({ hello: { greeting: 'hi' } });

      const rolledBack = await request(server)
        .post('/api/plugin-manager/rollback')
        .send({ package: FIXTURE_PLUGIN });
      expect(rolledBack.status).toBe(200);
      expect(rolledBack.body.plugin.version).toBe('1.0.0');
      expect(snapshot(live)).toEqual(v1);

      const stale = await request(server)
        .post('/api/plugin-manager/disable')
        .send({ package: FIXTURE_PLUGIN, expectedRevision: 1 });
      expect(stale.status).toBe(409);

      const revisions = await request(server).get(
        '/api/plugin-manager/revisions',
      );
      expect(
        revisions.body.items.map((r: any) => [
          r.revision,
          r.action,
          r.fromVersion,
          r.toVersion,
        ]),
      ).toEqual([
        [3, 'rollback', '1.1.0', '1.0.0'],
        [2, 'upgrade', '1.0.0', '1.1.0'],
        [1, 'install', undefined, '1.0.0'],
      ]);
      const diff = await request(server).get(
        '/api/plugin-manager/revisions/3/diff',
      );
      expect(diff.body.changes).toEqual([
        expect.objectContaining({ package: FIXTURE_PLUGIN, change: 'version' }),
      ]);
      expect(events).toContain('plugin-rollback:success');
    },
  );

  it('disables, enables, reverts to a revision and uninstalls', async () => {
    const { server } = await startPluginManagerBackend({
      registry,
      rootDirectory,
    });
    const live = path.join(
      rootDirectory,
      'idp-fixtures-backstage-plugin-hello-backend',
    );
    await request(server)
      .post('/api/plugin-manager/install')
      .send({ package: FIXTURE_PLUGIN, version: '1.0.0' })
      .expect(200);
    const v1 = snapshot(live);

    await request(server)
      .post('/api/plugin-manager/disable')
      .send({ package: FIXTURE_PLUGIN })
      .expect(200);
    expect(fs.existsSync(live)).toBe(false);

    await request(server)
      .post('/api/plugin-manager/enable')
      .send({ package: FIXTURE_PLUGIN })
      .expect(200);
    expect(snapshot(live)).toEqual(v1);

    await request(server)
      .post('/api/plugin-manager/upgrade')
      .send({ package: FIXTURE_PLUGIN })
      .expect(200);
    await request(server)
      .post('/api/plugin-manager/uninstall')
      .send({ package: FIXTURE_PLUGIN })
      .expect(200);
    expect(fs.existsSync(live)).toBe(false);

    const reverted = await request(server)
      .post('/api/plugin-manager/revisions/1/revert')
      .send({});
    expect(reverted.status).toBe(200);
    expect(reverted.body.revision.revision).toBe(6);
    expect(snapshot(live)).toEqual(v1);
    const installed = await request(server).get(
      '/api/plugin-manager/installed',
    );
    expect(installed.body.items).toEqual([
      expect.objectContaining({ package: FIXTURE_PLUGIN, version: '1.0.0' }),
    ]);
  });

  it('blocks an install whose plan fails and writes nothing', async () => {
    const { server } = await startPluginManagerBackend({
      registry,
      rootDirectory,
    });
    const good = await request(server)
      .post('/api/plugin-manager/plan')
      .send({
        package: FIXTURE_PLUGIN,
        pluginConfig: { hello: { greeting: 'hi' } },
      });
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({
      action: 'install',
      version: '1.1.0',
      folder: 'idp-fixtures-backstage-plugin-hello-backend',
      blocked: false,
      compatibility: { verdict: 'compatible' },
    });
    expect(good.body.checks.map((c: any) => `${c.id}:${c.status}`)).toEqual([
      'compatibility:pass',
      'peer-dependencies:pass',
      'supported-versions:pass',
      'plugin-id:pass',
      'config-keys:pass',
      'config-schema:pass',
      'dynamic-package:pass',
    ]);

    const badConfig = await request(server)
      .post('/api/plugin-manager/plan')
      .send({
        package: FIXTURE_PLUGIN,
        pluginConfig: { hello: { greeting: 42 } },
      });
    expect(badConfig.body.blocked).toBe(true);
    expect(badConfig.body.checks).toContainEqual({
      id: 'config-schema',
      status: 'fail',
      message: expect.stringContaining('/hello/greeting must be string'),
    });

    const refused = await request(server)
      .post('/api/plugin-manager/install')
      .send({
        package: FIXTURE_PLUGIN,
        pluginConfig: { hello: { greeting: 42 } },
      });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/config-schema/);
    expect(fs.readdirSync(rootDirectory)).toEqual([]);
  });

  it('reads pluginConfigYaml as pluginConfig and names the field when it is not a mapping', async () => {
    const { server } = await startPluginManagerBackend({
      registry,
      rootDirectory,
    });
    const plan = await request(server).post('/api/plugin-manager/plan').send({
      package: FIXTURE_PLUGIN,
      pluginConfigYaml: 'hello:\n  greeting: salut\n',
    });
    expect(plan.status).toBe(200);
    expect(plan.body.entry.pluginConfig).toEqual({
      hello: { greeting: 'salut' },
    });
    const list = await request(server)
      .post('/api/plugin-manager/install')
      .send({ package: FIXTURE_PLUGIN, pluginConfigYaml: '- a\n- b\n' });
    expect(list.status).toBe(400);
    expect(list.body.error.message).toMatch(
      /pluginConfigYaml: must be a YAML mapping/,
    );
    const both = await request(server).post('/api/plugin-manager/plan').send({
      package: FIXTURE_PLUGIN,
      pluginConfig: {},
      pluginConfigYaml: 'a: 1',
    });
    expect(both.status).toBe(400);
    expect(fs.readdirSync(rootDirectory)).toEqual([]);
  });

  it('describes a package with its versions, dist-tags and README', async () => {
    const { server } = await startPluginManagerBackend({ registry });
    const response = await request(server).get(
      `/api/plugin-manager/package?name=${encodeURIComponent(FIXTURE_PLUGIN)}`,
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      summary: { name: FIXTURE_PLUGIN, version: '1.1.0', kind: 'backend' },
      distTags: { latest: '1.1.0' },
      versions: [{ version: '1.1.0' }, { version: '1.0.0' }],
      readme: expect.stringContaining('# Fixture dynamic plugin'),
    });
    const compatibility = await request(server).get(
      `/api/plugin-manager/compatibility?name=${encodeURIComponent(
        FIXTURE_PLUGIN,
      )}&version=1.0.0`,
    );
    expect(compatibility.body).toMatchObject({
      version: '1.0.0',
      verdict: 'compatible',
    });
    const missing = await request(server).get(
      '/api/plugin-manager/package?name=%40acme%2Fnothing',
    );
    expect(missing.status).toBe(404);
  });

  it('opens a change request instead of installing in a protected environment', async () => {
    const { server } = await startPluginManagerBackend({
      registry,
      rootDirectory,
      environment: 'production',
    });
    const response = await request(server)
      .post('/api/plugin-manager/install')
      .send({ package: FIXTURE_PLUGIN, version: '1.0.0' });
    expect(response.status).toBe(202);
    expect(response.body.status).toBe('pending-approval');
    expect(response.body.changeRequest).toMatchObject({
      pluginId: 'plugin-manager',
      kind: 'plugin-install',
      environment: 'production',
      state: 'pending',
    });
    expect(fs.readdirSync(rootDirectory)).toEqual([]);

    const approved = await request(server)
      .post(
        `/api/plugin-manager/change-requests/${response.body.changeRequest.id}/decision`,
      )
      .set('Authorization', mockCredentials.user.header('user:default/alice'))
      .send({
        decision: 'approve',
        version: response.body.changeRequest.version,
      });
    expect(approved.status).toBe(200);
    const installed = await request(server).get(
      '/api/plugin-manager/installed',
    );
    expect(installed.body.items).toEqual([
      expect.objectContaining({ package: FIXTURE_PLUGIN, version: '1.0.0' }),
    ]);
  });

  it('denies every mutating route to a user without the install permission', async () => {
    const { server, events } = await startPluginManagerBackend({
      registry,
      rootDirectory,
      deny: ['idp.plugin-manager.install'],
    });
    const routes: [string, object][] = [
      ['/install', { package: FIXTURE_PLUGIN }],
      ['/upgrade', { package: FIXTURE_PLUGIN }],
      ['/disable', { package: FIXTURE_PLUGIN }],
      ['/enable', { package: FIXTURE_PLUGIN }],
      ['/uninstall', { package: FIXTURE_PLUGIN }],
      ['/rollback', { package: FIXTURE_PLUGIN }],
      ['/revisions/1/revert', {}],
      ['/refresh', {}],
    ];
    for (const [route, body] of routes) {
      const response = await request(server)
        .post(`/api/plugin-manager${route}`)
        .send(body);
      expect({ route, status: response.status }).toEqual({
        route,
        status: 403,
      });
    }
    const read = await request(server).get('/api/plugin-manager/installed');
    expect(read.status).toBe(200);
    expect(fs.readdirSync(rootDirectory)).toEqual([]);
    expect(events).toEqual([]);
  });

  it('denies reads without the read permission', async () => {
    const { server } = await startPluginManagerBackend({
      registry,
      deny: ['idp.plugin-manager.read'],
    });
    for (const route of ['/search', '/installed', '/health', '/revisions']) {
      const response = await request(server).get(`/api/plugin-manager${route}`);
      expect({ route, status: response.status }).toEqual({
        route,
        status: 403,
      });
    }
  });
});
