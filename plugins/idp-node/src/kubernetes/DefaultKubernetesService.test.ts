import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { KubernetesTestServer, testDeployment } from '../testUtils';
import { DefaultKubernetesService } from './DefaultKubernetesService';
import { KubernetesRolloutError } from './KubernetesRolloutError';
import { KubernetesObject, KubernetesService } from './KubernetesService';
import { kubernetesServiceRef } from './kubernetesServiceRef';

const TOKEN = 'service-account-token';
const FAST_POLL = { pollInterval: { milliseconds: 10 } };

function serviceFor(...servers: KubernetesTestServer[]) {
  return DefaultKubernetesService.fromConfig(
    new ConfigReader({
      idp: {
        clusters: servers.map((s, i) =>
          s.clusterConfig(i === 0 ? 'test' : `test-${i}`),
        ),
        kubernetes: { fieldManager: 'idp-test', rolloutTimeout: 'PT10S' },
      },
    }),
    { logger: mockServices.logger.mock() },
  );
}

function configMap(
  namespace: string,
  name: string,
  data: Record<string, string>,
  labels?: Record<string, string>,
): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, labels },
    data,
  };
}

describe('DefaultKubernetesService', () => {
  const server = new KubernetesTestServer({ token: TOKEN });
  let service: KubernetesService;

  beforeAll(async () => {
    await server.start();
    service = serviceFor(server);
  });
  afterAll(() => server.stop());

  it('applies objects, creating then updating them under its field manager', async () => {
    const [created] = await service.apply('test', [
      configMap('apply', 'settings', { mode: 'a' }),
    ]);
    expect(created).toMatchObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      data: { mode: 'a' },
    });
    expect(created.metadata.managedFields).toEqual([
      expect.objectContaining({ manager: 'idp-test', operation: 'Apply' }),
    ]);

    const [updated] = await service.apply('test', [
      configMap('apply', 'settings', { mode: 'b' }),
    ]);
    expect(updated.data).toEqual({ mode: 'b' });
    expect(updated.metadata.uid).toBe(created.metadata.uid);
    expect(Number(updated.metadata.resourceVersion)).toBeGreaterThan(
      Number(created.metadata.resourceVersion),
    );
    expect(server.objects({ kind: 'ConfigMap', namespace: 'apply' })).toEqual([
      updated,
    ]);
  });

  it('applies built-in kinds and custom resources in order', async () => {
    const objects: KubernetesObject[] = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'mesh' } },
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'allow-web', namespace: 'mesh' },
        spec: {
          action: 'ALLOW',
          rules: [
            {
              from: [
                { source: { principals: ['cluster.local/ns/mesh/sa/web'] } },
              ],
            },
          ],
        },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'default-deny', namespace: 'mesh' },
        spec: { podSelector: {}, policyTypes: ['Ingress'] },
      },
      {
        apiVersion: 'external-secrets.io/v1beta1',
        kind: 'ExternalSecret',
        metadata: { name: 'db', namespace: 'mesh' },
        spec: {
          secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' },
          target: { name: 'db' },
        },
      },
    ];
    const applied = await service.apply('test', objects);
    expect(applied.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/mesh',
      'AuthorizationPolicy/allow-web',
      'NetworkPolicy/default-deny',
      'ExternalSecret/db',
    ]);
    // Unknown fields and string timestamps come back as the server sent them.
    expect(applied[1].spec).toEqual(objects[1].spec);
    expect(typeof applied[1].metadata.creationTimestamp).toBe('string');
  });

  it('returns what the server would store on a dry run, and stores nothing', async () => {
    const [wouldBe] = await service.apply(
      'test',
      [configMap('dry', 'settings', { mode: 'a' })],
      { dryRun: true },
    );
    expect(wouldBe).toMatchObject({
      metadata: { name: 'settings', namespace: 'dry' },
      data: { mode: 'a' },
    });
    expect(server.objects({ namespace: 'dry' })).toEqual([]);

    const [stored] = await service.apply('test', [
      configMap('dry', 'settings', { mode: 'a' }),
    ]);
    await service.apply('test', [configMap('dry', 'settings', { mode: 'b' })], {
      dryRun: true,
    });
    await service.replace(
      'test',
      { ...stored, data: { mode: 'c' } },
      { dryRun: true },
    );
    await service.delete(
      'test',
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: 'dry',
        name: 'settings',
      },
      { dryRun: true },
    );
    expect(server.objects({ namespace: 'dry' })).toEqual([stored]);
  });

  it('reads, replaces and deletes an object', async () => {
    const ref = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: 'crud',
      name: 'settings',
    };
    await service.apply('test', [configMap('crud', 'settings', { mode: 'a' })]);

    const read = await service.get('test', ref);
    const replaced = await service.replace('test', {
      ...read,
      data: { mode: 'replaced' },
    });
    expect(replaced.data).toEqual({ mode: 'replaced' });
    expect((await service.get('test', ref)).data).toEqual({ mode: 'replaced' });

    await service.delete('test', ref);
    await expect(service.get('test', ref)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(service.delete('test', ref)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('turns a replace with a stale resourceVersion into a ConflictError', async () => {
    const [original] = await service.apply('test', [
      configMap('conflict', 'settings', { mode: 'a' }),
    ]);
    await service.replace('test', { ...original, data: { mode: 'b' } });

    const stale = service.replace('test', { ...original, data: { mode: 'c' } });
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    await expect(stale).rejects.toThrow('the object has been modified');
  });

  it('refuses to replace without a resourceVersion', async () => {
    await expect(
      service.replace(
        'test',
        configMap('conflict', 'settings', { mode: 'blind' }),
      ),
    ).rejects.toBeInstanceOf(InputError);
  });

  it('turns a missing object into a NotFoundError with the server message', async () => {
    const missing = service.get('test', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'none',
      name: 'ghost',
    });
    await expect(missing).rejects.toBeInstanceOf(NotFoundError);
    await expect(missing).rejects.toThrow('deployments.apps "ghost" not found');
  });

  it('turns an invalid object into an InputError with the server message', async () => {
    const invalid = service.apply('test', [
      configMap('invalid', 'web_settings', { a: 'b' }),
    ]);
    await expect(invalid).rejects.toBeInstanceOf(InputError);
    await expect(invalid).rejects.toThrow(
      /^ConfigMap "web_settings" is invalid: metadata.name: Invalid value: "web_settings"/,
    );

    const badLabel = service.apply('test', [
      configMap('invalid', 'settings', {}, { app: 'not valid!' }),
    ]);
    await expect(badLabel).rejects.toBeInstanceOf(InputError);
    expect(server.objects({ namespace: 'invalid' })).toEqual([]);
  });

  it('lists by label selector, with apiVersion and kind on each item', async () => {
    await service.apply('test', [
      configMap('labels', 'web', {}, { app: 'web', tier: 'frontend' }),
      configMap('labels', 'api', {}, { app: 'api', tier: 'backend' }),
      configMap('labels', 'db', {}, { app: 'db' }),
      configMap('elsewhere', 'web', {}, { app: 'web' }),
    ]);
    const names = async (options: {
      namespace?: string;
      labelSelector?: string;
    }) =>
      (
        await service.list('test', {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          ...options,
        })
      ).map(o => `${o.metadata.namespace}/${o.metadata.name}`);

    expect(await names({ namespace: 'labels' })).toEqual([
      'labels/api',
      'labels/db',
      'labels/web',
    ]);
    expect(
      await names({
        namespace: 'labels',
        labelSelector: 'tier in (frontend,backend),app!=api',
      }),
    ).toEqual(['labels/web']);
    expect(
      await names({ namespace: 'labels', labelSelector: '!tier' }),
    ).toEqual(['labels/db']);
    expect(await names({ labelSelector: 'app=web' })).toEqual([
      'elsewhere/web',
      'labels/web',
    ]);

    const [item] = await service.list('test', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: 'labels',
      labelSelector: 'app=db',
    });
    expect(item).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap' });
    await expect(
      service.list('test', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        labelSelector: 'app in (',
      }),
    ).rejects.toBeInstanceOf(InputError);
  });

  it('waits for a rollout to finish after a spec change', async () => {
    await service.apply('test', [testDeployment('rollout', 'web', 'web:1')]);
    const first = await service.waitForRollout(
      'test',
      'rollout',
      'web',
      FAST_POLL,
    );
    expect(first).toEqual({
      namespace: 'rollout',
      name: 'web',
      generation: 1,
      observedGeneration: 1,
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
    });

    await service.apply('test', [testDeployment('rollout', 'web', 'web:2')]);
    const second = await service.waitForRollout(
      'test',
      'rollout',
      'web',
      FAST_POLL,
    );
    expect(second).toMatchObject({
      generation: 2,
      observedGeneration: 2,
      availableReplicas: 2,
    });
  });

  it('rejects with the reason when a rollout fails', async () => {
    server.failRollouts('failing', 'web', 'ProgressDeadlineExceeded');
    await service.apply('test', [
      testDeployment('failing', 'web', 'web:broken'),
    ]);

    const rollout = service.waitForRollout('test', 'failing', 'web', FAST_POLL);
    await expect(rollout).rejects.toBeInstanceOf(KubernetesRolloutError);
    await expect(rollout).rejects.toMatchObject({
      reason: 'ProgressDeadlineExceeded',
      status: { generation: 1, observedGeneration: 1 },
      message: expect.stringContaining('has timed out progressing'),
    });
  });

  it('rejects a failed update while the old replicas keep serving', async () => {
    await service.apply('test', [testDeployment('updating', 'web', 'web:1')]);
    await service.waitForRollout('test', 'updating', 'web', FAST_POLL);
    server.failRollouts('updating', 'web', 'ProgressDeadlineExceeded');
    await service.apply('test', [testDeployment('updating', 'web', 'web:2')]);

    await expect(
      service.waitForRollout('test', 'updating', 'web', FAST_POLL),
    ).rejects.toMatchObject({
      name: 'KubernetesRolloutError',
      reason: 'ProgressDeadlineExceeded',
      status: { generation: 2, observedGeneration: 2 },
    });
  });

  it('rejects with Timeout when a rollout does not finish in time', async () => {
    const slowServer = new KubernetesTestServer({ rolloutDelayMs: 60_000 });
    await slowServer.start();
    try {
      const slow = serviceFor(slowServer);
      await slow.apply('test', [testDeployment('slow', 'web', 'web:1')]);
      const rollout = slow.waitForRollout('test', 'slow', 'web', {
        timeout: { milliseconds: 100 },
        pollInterval: { milliseconds: 20 },
      });
      await expect(rollout).rejects.toMatchObject({
        name: 'KubernetesRolloutError',
        reason: 'Timeout',
        status: { generation: 1, observedGeneration: 0, availableReplicas: 0 },
      });
    } finally {
      await slowServer.stop();
    }
  });

  it('rejects a rollout wait for a missing Deployment with NotFoundError', async () => {
    await expect(
      service.waitForRollout('test', 'rollout', 'ghost', FAST_POLL),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('names the known clusters when asked for an unknown one', async () => {
    expect(service.listClusters()).toEqual(['test']);
    await expect(
      service.get('prod', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: 'a',
        name: 'b',
      }),
    ).rejects.toThrow(new NotFoundError('Unknown cluster "prod"; known: test'));
    await expect(service.apply('prod', [])).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(
      service.waitForRollout('prod', 'a', 'b'),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('names the bad key of invalid idp.kubernetes settings', () => {
    const fromConfig = (kubernetes: object) =>
      DefaultKubernetesService.fromConfig(
        new ConfigReader({ idp: { clusters: [], kubernetes } }),
        { logger: mockServices.logger.mock() },
      );
    expect(() => fromConfig({ rolloutTimeout: 'five minutes' })).toThrow(
      /idp\.kubernetes\.rolloutTimeout/,
    );
    expect(() => fromConfig({ fieldManager: 'x'.repeat(129) })).toThrow(
      'Invalid idp.kubernetes.fieldManager',
    );
  });

  it('passes other API errors through without the token in them', async () => {
    const wrongToken = DefaultKubernetesService.create({
      clusters: [
        { ...server.clusterConfig('test'), token: 'wrong-secret-token' },
      ],
      logger: mockServices.logger.mock(),
    });
    const error = await wrongToken
      .get('test', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: 'a',
        name: 'b',
      })
      .catch(e => e);
    expect(error).toMatchObject({ code: 401 });
    expect(error).not.toBeInstanceOf(InputError);
    expect(String(error)).not.toContain('wrong-secret-token');
    expect(JSON.stringify(error)).not.toContain('wrong-secret-token');
  });

  it('is provided from config by the default factory of kubernetesServiceRef', async () => {
    let provided: KubernetesService | undefined;
    await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: { idp: { clusters: [server.clusterConfig('from-config')] } },
        }),
        createBackendPlugin({
          pluginId: 'probe',
          register(env) {
            env.registerInit({
              deps: { kubernetes: kubernetesServiceRef },
              async init({ kubernetes }) {
                provided = kubernetes;
              },
            });
          },
        }),
      ],
    });
    expect(provided!.listClusters()).toEqual(['from-config']);
    const [applied] = await provided!.apply('from-config', [
      configMap('factory', 'settings', { a: 'b' }),
    ]);
    expect(applied.metadata.managedFields?.[0].manager).toBe('idp-platform');
  });
});
