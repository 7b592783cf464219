import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  DefaultKubernetesService,
  KubernetesObject,
} from '@idp-platform/backstage-plugin-idp-node';
import {
  createTestDatabases,
  KubernetesTestServer,
  testDeployment,
} from '@idp-platform/backstage-plugin-idp-node/testUtils';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { startConfigBackend } from './__testUtils__/startConfigBackend';

jest.setTimeout(120_000);

const exampleYaml = fs.readFileSync(
  path.resolve(__dirname, '../../../examples/config/payments-api.yaml'),
  'utf8',
);
const dana = mockCredentials.user.header('user:default/dana');
const APP = '/api/config/applications/payments-api';
const databases = createTestDatabases();

/** A Deployment that reads the application's ConfigMap as a volume and as env. */
function workload(namespace: string): KubernetesObject {
  const deployment = testDeployment(
    namespace,
    'payments-api',
    'ghcr.io/acme/payments-api:1.4.0',
  ) as any;
  const pod = deployment.spec.template.spec;
  pod.volumes = [
    { name: 'config', configMap: { name: 'payments-api-config' } },
  ];
  pod.containers[0].envFrom = [
    { configMapRef: { name: 'payments-api-config' } },
    { secretRef: { name: 'payments-api-vault-backend' } },
  ];
  pod.containers[0].volumeMounts = [{ name: 'config', mountPath: '/config' }];
  return deployment;
}

describe.each(databases.eachSupportedId())(
  'config delivery on %s',
  databaseId => {
    const cluster = new KubernetesTestServer();
    let direct: DefaultKubernetesService;

    beforeEach(async () => {
      await cluster.start();
      direct = DefaultKubernetesService.fromConfig(
        new ConfigReader({
          idp: {
            clusters: [cluster.clusterConfig('test')],
            kubernetes: { fieldManager: 'someone-else' },
          },
        }),
        { logger: mockServices.logger.mock() },
      );
      await direct.apply('test', [workload('staging')]);
    });
    afterEach(() => cluster.stop());

    it('applies a content-hashed ConfigMap and ExternalSecrets after a dry run, rolls the workload and keeps the previous ConfigMap', async () => {
      const { server, events, signals } = await startConfigBackend({
        kubernetes: cluster,
        knex: await databases.init(databaseId),
      });
      await request(server)
        .post('/api/config/import')
        .set('Authorization', dana)
        .send({ yaml: exampleYaml, version: 0 });

      const dryRun = await request(server)
        .post(`${APP}/apply`)
        .set('Authorization', dana)
        .send({ environment: 'staging', dryRun: true });
      expect(dryRun.status).toBe(200);
      expect(dryRun.body).toMatchObject({ dryRun: true, version: 1 });
      expect(cluster.objects({ kind: 'ConfigMap' })).toEqual([]);
      expect(cluster.objects({ kind: 'ExternalSecret' })).toEqual([]);

      const applied = await request(server)
        .post(`${APP}/apply`)
        .set('Authorization', dana)
        .send({ environment: 'staging' });
      expect(applied.status).toBe(200);
      const first = applied.body.configMapName;
      expect(first).toMatch(/^payments-api-config-[a-z0-9]{10}$/);
      expect(first).toBe(dryRun.body.configMapName);
      expect(applied.body).toMatchObject({
        application: 'payments-api',
        environment: 'staging',
        cluster: 'test',
        namespace: 'staging',
        version: 1,
        dryRun: false,
        workload: { name: 'payments-api', strategy: 'rollout', updated: true },
        objects: [
          { kind: 'ConfigMap', name: first, namespace: 'staging' },
          {
            kind: 'ExternalSecret',
            name: 'payments-api-vault-backend',
            namespace: 'staging',
          },
        ],
      });
      expect(events).toContain('config-apply:success');
      expect(signals.at(-1)).toEqual({
        channel: 'config:payments-api',
        application: 'payments-api',
        event: 'applied',
        version: 1,
        environment: 'staging',
      });

      const [configMap] = cluster.objects({ kind: 'ConfigMap', name: first });
      expect(configMap.immutable).toBe(true);
      expect(configMap.metadata.labels).toMatchObject({
        'app.kubernetes.io/managed-by': 'idp-platform',
        'idp-platform.io/config-name': 'payments-api',
        'idp-platform.io/config-version': '1',
      });
      const config = JSON.parse(configMap.data['config.json']);
      expect(config.database).toEqual({
        host: 'payments-db.staging.svc.cluster.local',
        port: 5432,
        name: 'payments',
        pool: { max: 20 },
      });
      expect(config.logging).toEqual({ level: 'info', format: 'json' });
      expect(config.stripe).toBeUndefined();
      expect(JSON.parse(configMap.data['flags.json']).flags).toHaveProperty(
        'new-checkout',
      );

      const [externalSecret] = cluster.objects({ kind: 'ExternalSecret' });
      expect(externalSecret.apiVersion).toBe('external-secrets.io/v1beta1');
      expect(externalSecret.spec).toEqual({
        secretStoreRef: { name: 'vault-backend', kind: 'ClusterSecretStore' },
        refreshInterval: '15m',
        target: { name: 'payments-api-vault-backend', creationPolicy: 'Owner' },
        data: [
          {
            secretKey: 'database.password',
            remoteRef: { key: 'payments/database', property: 'password' },
          },
          {
            secretKey: 'stripe.apiKey',
            remoteRef: { key: 'payments/stripe', property: 'api-key' },
          },
        ],
      });

      const [deployment] = cluster.objects({
        kind: 'Deployment',
        name: 'payments-api',
      });
      const pod = deployment.spec.template;
      expect(pod.metadata.annotations['idp-platform.io/config-map']).toBe(
        first,
      );
      expect(pod.spec.volumes[0].configMap.name).toBe(first);
      expect(pod.spec.containers[0].envFrom).toEqual([
        { configMapRef: { name: first } },
        { secretRef: { name: 'payments-api-vault-backend' } },
      ]);
      expect(deployment.metadata.generation).toBe(2);

      await request(server)
        .post(`${APP}/values`)
        .set('Authorization', dana)
        .send({
          version: 1,
          changes: [
            { environment: 'staging', key: '/logging/level', value: 'debug' },
          ],
        });
      const second = await request(server)
        .post(`${APP}/apply`)
        .set('Authorization', dana)
        .send({ environment: 'staging' });
      expect(second.body.version).toBe(2);
      expect(second.body.configMapName).not.toBe(first);
      expect(
        cluster
          .objects({ kind: 'ConfigMap', namespace: 'staging' })
          .map(c => c.metadata.name)
          .sort(),
      ).toEqual([first, second.body.configMapName].sort());
      const [rolled] = cluster.objects({
        kind: 'Deployment',
        name: 'payments-api',
      });
      expect(rolled.spec.template.spec.volumes[0].configMap.name).toBe(
        second.body.configMapName,
      );

      const deliveries = await request(server)
        .get(`${APP}/deliveries`)
        .set('Authorization', dana);
      expect(
        deliveries.body.items.map((d: any) => [d.version, d.status]),
      ).toEqual([
        [2, 'applied'],
        [1, 'applied'],
      ]);
    });

    it('records a failed apply and keeps the cluster unchanged when the dry run fails', async () => {
      const { server, events } = await startConfigBackend({
        kubernetes: cluster,
        knex: await databases.init(databaseId),
      });
      await request(server)
        .post('/api/config/import')
        .set('Authorization', dana)
        .send({ yaml: exampleYaml, version: 0 });
      // No payments-api Deployment exists in the production namespace.
      const failed = await request(server)
        .post(`${APP}/apply`)
        .set('Authorization', dana)
        .send({ environment: 'production' });
      expect(failed.status).toBe(404);
      expect(events).toContain('config-apply:fail');
      expect(cluster.objects({ namespace: 'production' })).toEqual([]);
      const deliveries = await request(server)
        .get(`${APP}/deliveries`)
        .set('Authorization', dana);
      expect(deliveries.body.items).toEqual([
        expect.objectContaining({
          environment: 'production',
          status: 'failed',
          error: expect.stringMatching(/not found/i),
        }),
      ]);
      const unknown = await request(server)
        .post(`${APP}/apply`)
        .set('Authorization', dana)
        .send({ environment: 'qa' });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toMatch(/Unknown environment "qa"/);
    });

    it('detects drift between the cluster and the last delivery, stores it and reports an out-of-date delivery', async () => {
      const { server, signals } = await startConfigBackend({
        kubernetes: cluster,
        knex: await databases.init(databaseId),
      });
      await request(server)
        .post('/api/config/import')
        .set('Authorization', dana)
        .send({ yaml: exampleYaml, version: 0 });
      const notYet = await request(server)
        .post(`${APP}/drift/check`)
        .set('Authorization', dana)
        .send({ environment: 'staging' });
      expect(notYet.body).toMatchObject({
        status: 'not-delivered',
        currentVersion: 1,
      });

      const applied = await request(server)
        .post(`${APP}/apply`)
        .set('Authorization', dana)
        .send({ environment: 'staging' });
      const check = () =>
        request(server)
          .post(`${APP}/drift/check`)
          .set('Authorization', dana)
          .send({ environment: 'staging' });
      const clean = await check();
      expect(clean.body).toMatchObject({
        status: 'in-sync',
        deliveredVersion: 1,
        currentVersion: 1,
        outOfDate: false,
      });
      expect(clean.body.objects.map((o: any) => [o.kind, o.status])).toEqual([
        ['ConfigMap', 'in-sync'],
        ['ExternalSecret', 'in-sync'],
        ['Deployment', 'in-sync'],
      ]);

      const [externalSecret] = cluster.objects({ kind: 'ExternalSecret' });
      await direct.apply('test', [
        {
          apiVersion: externalSecret.apiVersion,
          kind: 'ExternalSecret',
          metadata: {
            name: externalSecret.metadata.name,
            namespace: 'staging',
          },
          spec: { ...externalSecret.spec, refreshInterval: '1m' },
        },
      ]);
      await direct.delete('test', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: 'staging',
        name: applied.body.configMapName,
      });
      const deployment = await direct.get('test', {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: 'staging',
        name: 'payments-api',
      });
      (deployment.spec as any).template.metadata.annotations[
        'idp-platform.io/config-map'
      ] = 'payments-api-config-handedited';
      await direct.replace('test', deployment);

      const drifted = await check();
      expect(drifted.body.status).toBe('drifted');
      expect(drifted.body.objects).toEqual([
        expect.objectContaining({
          kind: 'ConfigMap',
          name: applied.body.configMapName,
          status: 'missing',
        }),
        expect.objectContaining({
          kind: 'ExternalSecret',
          status: 'modified',
          differences: [
            { path: '/spec/refreshInterval', expected: '15m', actual: '1m' },
          ],
        }),
        expect.objectContaining({
          kind: 'Deployment',
          status: 'modified',
          differences: [
            {
              path: '/spec/template/metadata/annotations/idp-platform.io~1config-map',
              expected: applied.body.configMapName,
              actual: 'payments-api-config-handedited',
            },
          ],
        }),
      ]);
      expect(signals.at(-1)).toMatchObject({ event: 'drift' });

      await request(server)
        .post(`${APP}/values`)
        .set('Authorization', dana)
        .send({
          version: 1,
          changes: [
            { environment: 'staging', key: '/features/refunds', value: false },
          ],
        });
      const stored = await request(server)
        .get(`${APP}/drift`)
        .set('Authorization', dana);
      expect(stored.body.items).toEqual([drifted.body]);
      const outOfDate = await check();
      expect(outOfDate.body).toMatchObject({
        deliveredVersion: 1,
        currentVersion: 2,
        outOfDate: true,
      });
    });
  },
);
