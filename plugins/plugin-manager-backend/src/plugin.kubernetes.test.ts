import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { DefaultKubernetesService } from '@idp-platform/backstage-plugin-idp-node';
import {
  KubernetesTestServer,
  testDeployment,
} from '@idp-platform/backstage-plugin-idp-node/testUtils';
import request from 'supertest';
import {
  FIXTURE_PLUGIN,
  LocalNpmRegistry,
} from './__testUtils__/LocalNpmRegistry';
import { startPluginManagerBackend } from './__testUtils__/startPluginManagerBackend';
import { RESTARTED_AT_ANNOTATION } from './kubernetes/BackstageDeploymentRestarter';

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

jest.setTimeout(30_000);

describe('plugin changes in Kubernetes', () => {
  const cluster = new KubernetesTestServer({ rolloutDelayMs: 20 });
  let registry: LocalNpmRegistry;
  let workDir: string;
  let rootDirectory: string;

  const deploymentOf = () =>
    cluster.objects({
      kind: 'Deployment',
      namespace: 'backstage',
      name: 'backstage',
    })[0];

  beforeAll(async () => {
    registry = await new LocalNpmRegistry().start();
    await registry.publishFolderPackage();
  });

  afterAll(async () => {
    await registry.stop();
  });

  beforeEach(async () => {
    await cluster.start();
    const direct = DefaultKubernetesService.fromConfig(
      new ConfigReader({
        idp: {
          clusters: [cluster.clusterConfig('test')],
          kubernetes: { fieldManager: 'helm' },
        },
      }),
      { logger: mockServices.logger.mock() },
    );
    await direct.apply('test', [
      testDeployment('backstage', 'backstage', 'ghcr.io/acme/backstage:1.0.0'),
    ]);
    await direct.waitForRollout('test', 'backstage', 'backstage');
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-manager-k8s-'));
    rootDirectory = path.join(workDir, 'dynamic-plugins-root');
  });

  afterEach(async () => {
    await cluster.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  const start = () =>
    startPluginManagerBackend({
      registry,
      rootDirectory,
      kubernetes: cluster,
      deployment: {
        environment: 'development',
        name: 'backstage',
        readinessTimeout: 'PT10S',
        pollInterval: 'PT0.05S',
      },
    });

  it('restarts the Backstage Deployment after an install and waits until it is ready', async () => {
    const { server, signals } = await start();
    const response = await request(server)
      .post('/api/plugin-manager/install')
      .send({ package: FIXTURE_PLUGIN, version: '1.0.0' });
    expect(response.status).toBe(200);
    expect(response.body.restart.status).toBe('ready');
    expect(response.body.revision.revision).toBe(1);
    const deployment = deploymentOf() as any;
    expect(
      deployment.spec.template.metadata.annotations[RESTARTED_AT_ANNOTATION],
    ).toEqual(expect.any(String));
    expect(deployment.spec.template.spec.containers[0].image).toBe(
      'ghcr.io/acme/backstage:1.0.0',
    );
    expect(
      signals
        .filter(s => s.channel === 'plugin-manager:operations')
        .map(s => s.step),
    ).toEqual(
      expect.arrayContaining([
        'download',
        'verify',
        'swap',
        'restart',
        'wait-ready',
        'record',
        'done',
      ]),
    );
  });

  it('rolls back to the previous plugins when Backstage does not become ready', async () => {
    const { server } = await start();
    await request(server)
      .post('/api/plugin-manager/install')
      .send({ package: FIXTURE_PLUGIN, version: '1.0.0' })
      .expect(200);
    const live = path.join(
      rootDirectory,
      'idp-fixtures-backstage-plugin-hello-backend',
    );
    const before = snapshot(live);
    const restartedBefore = (deploymentOf() as any).spec.template.metadata
      .annotations[RESTARTED_AT_ANNOTATION];

    cluster.failRollouts('backstage', 'backstage', 'ProgressDeadlineExceeded');
    const upgrade = await request(server)
      .post('/api/plugin-manager/upgrade')
      .send({ package: FIXTURE_PLUGIN });
    expect(upgrade.status).toBe(200);
    expect(upgrade.body.restart).toEqual({
      status: 'rolled-back',
      message: expect.stringContaining('ProgressDeadlineExceeded'),
    });
    expect(upgrade.body.revision).toBeUndefined();
    expect(snapshot(live)).toEqual(before);

    // Restarted twice more: into the change, then back out of it.
    const restartedAfter = (deploymentOf() as any).spec.template.metadata
      .annotations[RESTARTED_AT_ANNOTATION];
    expect(restartedAfter).not.toEqual(restartedBefore);
    const status = (deploymentOf() as any).status;
    expect(status.readyReplicas).toBe(2);

    const installed = await request(server).get(
      '/api/plugin-manager/installed',
    );
    expect(installed.body).toMatchObject({
      revision: 1,
      items: [expect.objectContaining({ version: '1.0.0' })],
    });
    const health = await request(server).get('/api/plugin-manager/health');
    expect(health.body.items[0].recentErrors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('upgrade rolled back'),
      }),
    ]);
  });
});
