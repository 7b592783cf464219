import fs from 'node:fs';
import path from 'node:path';
import { dynamicPluginsFeatureLoader } from '@backstage/backend-dynamic-feature-service';
import { TestDatabases } from '@backstage/backend-test-utils';
import yaml from 'js-yaml';
import request from 'supertest';
import {
  BROKEN_FIXTURE_PLUGIN_DIR,
  FIXTURE_PLUGIN,
  LocalNpmRegistry,
} from './__testUtils__/LocalNpmRegistry';

const BROKEN = '@idp-fixtures/backstage-plugin-broken-backend';
import { startPluginManagerBackend } from './__testUtils__/startPluginManagerBackend';

describe('a backend dynamic plugin installed through the API', () => {
  const databases = TestDatabases.create({
    ids: ['SQLITE_3'],
    disableDocker: true,
  });
  let registry: LocalNpmRegistry;
  let rootDirectory: string;

  beforeAll(async () => {
    registry = await new LocalNpmRegistry().start();
    await registry.publishFolderPackage();
    await registry.publishFolderPackage([BROKEN_FIXTURE_PLUGIN_DIR]);
  });

  afterAll(async () => {
    await registry.stop();
  });

  beforeEach(() => {
    // The dynamic plugins loader only resolves the host's modules for roots inside the app.
    rootDirectory = fs.mkdtempSync(
      path.resolve(__dirname, '..', '.test-dynamic-plugins-'),
    );
  });

  afterEach(async () => {
    // The loader's file watcher outlives the backend and rescans the root
    // when a plugin folder goes away: empty the root first, let that rescan
    // run on an existing folder, then remove the root itself.
    for (const entry of fs.readdirSync(rootDirectory)) {
      fs.rmSync(path.join(rootDirectory, entry), {
        recursive: true,
        force: true,
      });
    }
    await new Promise(resolve => setTimeout(resolve, 1500));
    fs.rmSync(rootDirectory, { recursive: true, force: true });
    fs.rmSync(`${rootDirectory}.plugin-manager`, {
      recursive: true,
      force: true,
    });
  });

  it('is loaded by a backend on its next start, its route answers, and a broken one shows as failed', async () => {
    // Both backends share one database, as two starts of one Backstage do.
    const knex = await databases.init('SQLITE_3');
    const manager = await startPluginManagerBackend({
      registry,
      rootDirectory,
      knex,
    });
    await request(manager.server)
      .post('/api/plugin-manager/install')
      .send({ package: FIXTURE_PLUGIN, version: '1.0.0' })
      .expect(200);
    const upgraded = await request(manager.server)
      .post('/api/plugin-manager/upgrade')
      .send({
        package: FIXTURE_PLUGIN,
        pluginConfig: { hello: { greeting: 'bonjour' } },
      });
    expect(upgraded.status).toBe(200);
    await request(manager.server)
      .post('/api/plugin-manager/install')
      .send({ package: BROKEN })
      .expect(200);
    // Not loaded in the running backend: it has no dynamic plugins loader.
    const before = await request(manager.server).get(
      '/api/hello-fixture/hello',
    );
    expect(before.status).toBe(404);
    await manager.backend.stop();

    const next = await startPluginManagerBackend({
      registry,
      rootDirectory,
      knex,
      // As the backend is started with --config <root>/app-config.dynamic-plugins.yaml.
      config: yaml.load(
        fs.readFileSync(
          path.join(rootDirectory, 'app-config.dynamic-plugins.yaml'),
          'utf8',
        ),
      ) as any,
      features: [dynamicPluginsFeatureLoader],
    });
    try {
      const hello = await request(next.server).get('/api/hello-fixture/hello');
      expect(hello.status).toBe(200);
      expect(hello.body).toEqual({
        message: 'bonjour from 1.1.0',
        version: '1.1.0',
      });

      const health = await request(next.server).get(
        '/api/plugin-manager/health',
      );
      expect(health.status).toBe(200);
      expect(health.body.items).toEqual([
        expect.objectContaining({
          package: BROKEN,
          load: 'failed',
          failure: expect.stringContaining(
            'broken fixture: this plugin cannot be loaded',
          ),
          routes: [],
          score: 15,
        }),
        expect.objectContaining({
          package: FIXTURE_PLUGIN,
          version: '1.1.0',
          load: 'loaded',
          loaded: {
            name: FIXTURE_PLUGIN,
            version: '1.1.0',
            role: 'backend-plugin',
            platform: 'node',
          },
          routes: [expect.objectContaining({ status: 200, ok: true })],
          score: 100,
        }),
      ]);
    } finally {
      await next.backend.stop();
    }
  }, 120_000);
});
