import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  FIXTURE_PLUGIN,
  LocalNpmRegistry,
} from '../__testUtils__/LocalNpmRegistry';
import { startPluginManagerBackend } from '../__testUtils__/startPluginManagerBackend';

describe('plugin manager actions', () => {
  const registry = new LocalNpmRegistry();
  let workDir: string;

  beforeAll(async () => {
    await registry.start();
    registry.loadRecordedPackages();
    await registry.publishFolderPackage();
  });
  afterAll(() => registry.stop());
  beforeEach(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-manager-actions-'));
  });
  afterEach(() => fs.rmSync(workDir, { recursive: true, force: true }));

  async function start(deny: string[] = []) {
    const backend = await startPluginManagerBackend({
      registry,
      rootDirectory: path.join(workDir, 'root'),
      deny,
    });
    // The mock registry prefixes names with `test:`; the real one with the plugin id.
    const idOf = (name: string) =>
      [...backend.actionsRegistry.actions.keys()].find(id =>
        id.endsWith(`:${name}`),
      )!;
    return { ...backend, idOf };
  }

  it('registers search and install actions, which search and install', async () => {
    const { actionsRegistry, idOf, events } = await start();
    expect(idOf('search')).toBeDefined();
    expect(idOf('install')).toBeDefined();
    const credentials = mockCredentials.user('user:default/dana');
    const found = await actionsRegistry.invoke({
      id: idOf('search'),
      input: { q: 'hello', kind: 'backend' },
      credentials,
    });
    expect(found.output).toEqual({
      total: 1,
      items: [
        expect.objectContaining({
          name: FIXTURE_PLUGIN,
          version: '1.1.0',
          role: 'backend-plugin',
        }),
      ],
    });
    const installed = await actionsRegistry.invoke({
      id: idOf('install'),
      input: { package: FIXTURE_PLUGIN, version: '1.0.0' },
      credentials,
    });
    expect(installed.output).toEqual({
      status: 'applied',
      version: '1.0.0',
      revision: 1,
    });
    expect(events).toContain('plugin-install:success');
  });

  it('refuses to install for a caller without the install permission', async () => {
    const { actionsRegistry, idOf } = await start([
      'idp.plugin-manager.install',
    ]);
    await expect(
      actionsRegistry.invoke({
        id: idOf('install'),
        input: { package: FIXTURE_PLUGIN },
        credentials: mockCredentials.user('user:default/guest'),
      }),
    ).rejects.toThrow(/Missing permission idp.plugin-manager.install/);
    expect(
      fs.existsSync(path.join(workDir, 'root', 'dynamic-plugins.yaml')),
    ).toBe(false);
  });
});
