import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createServiceFactory,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { JsonObject } from '@backstage/types';
import { createTestDatabases } from '@idp-platform/backstage-plugin-idp-node/testUtils';
import { Knex } from 'knex';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { securityPlugin } from './plugin';

jest.setTimeout(60_000);

const examples = path.resolve(__dirname, '../../../examples');
const demoData = path.join(examples, 'security');
const user = mockCredentials.user.header('user:default/guest');

const ORDERS = 'component:default/orders-service';
const PAYMENTS = 'component:default/payments-api';
const CHECKOUT = 'component:default/checkout-web';
const FRAUD = 'component:default/fraud-service';
const ORDERS_3_1_0 =
  'sha256:e8e14732ac8262c6f7166322d7b6aa9ba06199109d2b6f0b49bbdc98d887b2a4';
const PAYMENTS_1_5_0 =
  'sha256:6aa34511deb753d5cee55a24f68a0c5c096520b25876620d42576272b12d4af6';
const CHECKOUT_2_1_0 =
  'sha256:9b7a44018534de590fece71a1bdd757ca8151501668392327f6d3ba2873947b6';

/** The demo catalog: every entity of examples/catalog. */
const catalogEntities: Entity[] = fs
  .readdirSync(path.join(examples, 'catalog'))
  .filter(file => file.endsWith('.yaml'))
  .flatMap(file =>
    parseAllDocuments(
      fs.readFileSync(path.join(examples, 'catalog', file), 'utf8'),
    ).map(document => document.toJS() as Entity),
  );
const refOf = (entity: Entity) =>
  `${entity.kind.toLocaleLowerCase('en-US')}:${
    entity.metadata.namespace ?? 'default'
  }/${entity.metadata.name}`;

const databases = createTestDatabases();

type ScheduledTask = SchedulerServiceTaskScheduleDefinition & {
  id: string;
  fn: (signal: AbortSignal) => Promise<void>;
};

async function startBackend(
  options: {
    entities?: Entity[];
    demoDirectory?: string;
    knex?: Knex;
  } = {},
) {
  // The catalog fills while the backend runs, so tests can swap what it holds.
  let catalog: CatalogService = catalogServiceMock({
    entities: options.entities ?? catalogEntities,
  });
  const auditEvents: string[] = [];
  const auditor = mockServices.auditor.mock();
  auditor.createEvent.mockImplementation(async ({ eventId, meta }) => ({
    success: async () => {
      auditEvents.push(`${eventId}:${meta?.entityRef}:success`);
    },
    fail: async () => {
      auditEvents.push(`${eventId}:${meta?.entityRef}:fail`);
    },
  }));
  const scheduler = mockServices.scheduler.mock();
  const logger = mockServices.logger.mock();
  const { server } = await startTestBackend({
    features: [
      securityPlugin,
      mockServices.rootConfig.factory({
        data: {
          idp: { security: { demoData: options.demoDirectory ?? demoData } },
        },
      }),
      ...(options.knex
        ? [mockServices.database.factory({ knex: options.knex })]
        : []),
      auditor.factory,
      scheduler.factory,
      logger.factory,
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        // Every catalog method, answered by whichever catalog the test set last.
        factory: () =>
          Object.fromEntries(
            Object.getOwnPropertyNames(Object.getPrototypeOf(catalog))
              .filter(name => name !== 'constructor')
              .map(name => [
                name,
                (...args: unknown[]) => (catalog as any)[name](...args),
              ]),
          ) as unknown as CatalogService,
      }),
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({ publish: async () => {} }),
      }),
    ],
  });
  const task = () => {
    const calls = scheduler.scheduleTask.mock.calls.filter(
      ([scheduled]) => scheduled.id === 'security-demo-data',
    );
    expect(calls).toHaveLength(1);
    return calls[0][0] as ScheduledTask;
  };
  return {
    server,
    auditEvents,
    logger,
    task,
    /** One run of the scheduled demo task, as the scheduler would run it. */
    runTask: () => task().fn(new AbortController().signal),
    setCatalog(entities: Entity[]) {
      catalog = catalogServiceMock({ entities });
    },
  };
}

type Backend = Awaited<ReturnType<typeof startBackend>>;

async function reportsOf(backend: Backend, entityRef: string) {
  const response = await request(backend.server)
    .get(`/api/security/reports?entityRef=${encodeURIComponent(entityRef)}`)
    .set('Authorization', user);
  expect(response.status).toBe(200);
  return response.body.items as Array<JsonObject>;
}

async function gate(
  backend: Backend,
  entityRef: string,
  artifactDigest: string,
  environment: string,
) {
  const response = await request(backend.server)
    .post('/api/security/gate')
    .set('Authorization', user)
    .send({ entityRef, artifactDigest, environment });
  expect(response.status).toBe(200);
  return response.body;
}

const temporaryDirectories: string[] = [];
afterAll(() =>
  temporaryDirectories.forEach(directory =>
    fs.rmSync(directory, { recursive: true, force: true }),
  ),
);

function temporaryDirectory(): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'security-demo-'));
  temporaryDirectories.push(directory);
  return directory;
}

function writeManifest(text: string, files: string[] = []): string {
  const directory = temporaryDirectory();
  fs.writeFileSync(path.join(directory, 'demo.yaml'), text);
  for (const file of files) {
    fs.copyFileSync(path.join(demoData, file), path.join(directory, file));
  }
  return directory;
}

describe('security demo data', () => {
  it('schedules the loader every 10 seconds after a short delay', async () => {
    const backend = await startBackend();
    expect(backend.task()).toMatchObject({
      frequency: { seconds: 10 },
      initialDelay: { seconds: 5 },
    });
  });

  it('ingests every report of the example manifest once its entity is in the catalog, then stops working', async () => {
    const backend = await startBackend();
    await backend.runTask();

    const reports = {
      [ORDERS]: await reportsOf(backend, ORDERS),
      [PAYMENTS]: await reportsOf(backend, PAYMENTS),
      [CHECKOUT]: await reportsOf(backend, CHECKOUT),
      [FRAUD]: await reportsOf(backend, FRAUD),
    };
    expect(
      Object.fromEntries(
        Object.entries(reports).map(([ref, list]) => [
          ref,
          list.map(r => [r.format, r.artifactDigest, r.findingCount]),
        ]),
      ),
    ).toEqual({
      [ORDERS]: [['trivy', ORDERS_3_1_0, 6]],
      [PAYMENTS]: [['sarif', PAYMENTS_1_5_0, 3]],
      [CHECKOUT]: [['sarif', CHECKOUT_2_1_0, 1]],
      [FRAUD]: [
        [
          'cyclonedx',
          'sha256:3a000d5a7fa3b875cc79ebc4fb5ef6d980a0dfc5b3c49d6778e61010903b5df4',
          3,
        ],
      ],
    });
    expect(backend.auditEvents.sort()).toEqual(
      [ORDERS, PAYMENTS, CHECKOUT, FRAUD]
        .map(ref => `security-report-ingest:${ref}:success`)
        .sort(),
    );

    const counts = await request(backend.server)
      .get(
        `/api/security/findings/counts?entityRef=${encodeURIComponent(
          ORDERS,
        )}&artifactDigest=${ORDERS_3_1_0}`,
      )
      .set('Authorization', user);
    expect(counts.body).toMatchObject({ critical: 2, medium: 4 });
    const criticals = await request(backend.server)
      .get(
        `/api/security/findings?entityRef=${encodeURIComponent(
          ORDERS,
        )}&severity=critical`,
      )
      .set('Authorization', user);
    expect(
      criticals.body.items.map((f: JsonObject) => [
        f.vulnerabilityId,
        f.packageName,
      ]),
    ).toEqual([
      ['CVE-2019-14697', 'musl'],
      ['CVE-2019-14697', 'musl-utils'],
    ]);

    // Owner and system come from the catalog entity, as on POST /reports.
    const summary = await request(backend.server)
      .get('/api/security/summary')
      .set('Authorization', user);
    const storefront = summary.body.byOwner.find(
      (row: JsonObject) => row.key === 'group:default/team-storefront',
    );
    expect(storefront.open).toMatchObject({ critical: 2, high: 1, medium: 4 });
    expect(
      summary.body.bySystem.map((row: JsonObject) => row.key).sort(),
    ).toEqual(['system:default/commerce']);

    await backend.runTask();
    expect(backend.auditEvents).toHaveLength(4);
    expect(await reportsOf(backend, ORDERS)).toHaveLength(1);
  });

  it('blocks orders-service 3.1.0 from staging (and development) with its critical findings', async () => {
    const backend = await startBackend();
    await backend.runTask();

    const staging = await gate(backend, ORDERS, ORDERS_3_1_0, 'staging');
    expect(staging.allowed).toBe(false);
    expect(
      staging.reasons
        .filter((r: JsonObject) => r.code === 'blocked-severity')
        .map((r: JsonObject) => [r.vulnerabilityId, r.severity]),
    ).toEqual([
      ['CVE-2019-14697', 'critical'],
      ['CVE-2019-14697', 'critical'],
    ]);
    expect(
      (await gate(backend, ORDERS, ORDERS_3_1_0, 'development')).allowed,
    ).toBe(false);

    // The other demo artifacts tell the rest of the policy.
    expect(
      await gate(backend, PAYMENTS, PAYMENTS_1_5_0, 'staging'),
    ).toMatchObject({ allowed: true, requiresApproval: false });
    expect(
      await gate(backend, CHECKOUT, CHECKOUT_2_1_0, 'staging'),
    ).toMatchObject({ allowed: true, requiresApproval: true });
    expect(
      (await gate(backend, CHECKOUT, CHECKOUT_2_1_0, 'production')).allowed,
    ).toBe(false);
  });

  it('skips reports whose entity is not in the catalog yet and loads them on a later run', async () => {
    const withoutOrders = catalogEntities.filter(e => refOf(e) !== ORDERS);
    expect(withoutOrders).toHaveLength(catalogEntities.length - 1);
    const backend = await startBackend({ entities: withoutOrders });

    await backend.runTask();
    expect(await reportsOf(backend, ORDERS)).toEqual([]);
    expect(await reportsOf(backend, PAYMENTS)).toHaveLength(1);
    expect(backend.auditEvents).toHaveLength(3);
    expect(backend.logger.info).toHaveBeenCalledWith(
      `Waiting for ${ORDERS} in the catalog to load their demo security reports`,
    );

    await backend.runTask();
    expect(backend.auditEvents).toHaveLength(3);

    backend.setCatalog(catalogEntities);
    await backend.runTask();
    expect(await reportsOf(backend, ORDERS)).toHaveLength(1);
    expect(await reportsOf(backend, PAYMENTS)).toHaveLength(1);
    expect(backend.auditEvents.slice(3)).toEqual([
      `security-report-ingest:${ORDERS}:success`,
    ]);
    expect((await gate(backend, ORDERS, ORDERS_3_1_0, 'staging')).allowed).toBe(
      false,
    );
  });

  it('logs a report that does not parse as its declared format, audits the failure and does not try it again', async () => {
    const directory = writeManifest(
      [
        'reports:',
        '  - file: sarif-semgrep.sarif',
        '    format: trivy',
        `    entityRef: ${CHECKOUT}`,
        `    artifactDigest: ${CHECKOUT_2_1_0}`,
        '  - file: trivy-alpine-3.9.json',
        '    format: trivy',
        `    entityRef: ${ORDERS}`,
        `    artifactDigest: ${ORDERS_3_1_0}`,
        '',
      ].join('\n'),
      ['sarif-semgrep.sarif', 'trivy-alpine-3.9.json'],
    );
    const backend = await startBackend({ demoDirectory: directory });
    await backend.runTask();
    expect(backend.auditEvents).toEqual([
      `security-report-ingest:${CHECKOUT}:fail`,
      `security-report-ingest:${ORDERS}:success`,
    ]);
    expect(backend.logger.error).toHaveBeenCalledWith(
      expect.stringMatching(
        new RegExp(
          `^Could not load demo report sarif-semgrep\\.sarif for ${CHECKOUT}: .*Invalid report`,
        ),
      ),
    );
    expect(await reportsOf(backend, CHECKOUT)).toEqual([]);
    expect(await reportsOf(backend, ORDERS)).toHaveLength(1);
    expect(backend.logger.info).toHaveBeenCalledWith(
      'Finished the demo security reports: 1 loaded, 1 failed',
    );

    await backend.runTask();
    expect(backend.auditEvents).toHaveLength(2);
  });

  it.each([
    [
      'an unknown format',
      'reports:\n  - file: trivy-alpine-3.9.json\n    format: grype\n    entityRef: component:default/orders-service\n    artifactDigest: sha256:e8e14732ac8262c6f7166322d7b6aa9ba06199109d2b6f0b49bbdc98d887b2a4\n',
      /demo\.yaml: line 3: reports\[0\]\.format: Invalid enum value.*'grype'/,
    ],
    [
      'a bad digest',
      'reports:\n  - file: trivy-alpine-3.9.json\n    format: trivy\n    entityRef: component:default/orders-service\n    artifactDigest: 3.1.0\n',
      /demo\.yaml: line 5: reports\[0\]\.artifactDigest: must be a digest/,
    ],
    [
      'a misspelt field',
      'reports:\n  - file: trivy-alpine-3.9.json\n    format: trivy\n    entityRef: component:default/orders-service\n    digest: sha256:e8e14732ac8262c6f7166322d7b6aa9ba06199109d2b6f0b49bbdc98d887b2a4\n',
      /demo\.yaml: line 2: reports\[0\]\.artifactDigest: Required; line 5: reports\[0\]\.digest: Unrecognized key\(s\) in object: 'digest'/,
    ],
    [
      'a report file that does not exist',
      'reports:\n  - file: trivy-alpine-3.9.json\n    format: trivy\n    entityRef: component:default/orders-service\n    artifactDigest: sha256:e8e14732ac8262c6f7166322d7b6aa9ba06199109d2b6f0b49bbdc98d887b2a4\n  - file: missing.json\n    format: sarif\n    entityRef: component:default/payments-api\n    artifactDigest: sha256:e8e14732ac8262c6f7166322d7b6aa9ba06199109d2b6f0b49bbdc98d887b2a4\n',
      /demo\.yaml: line 6: reports\[1\]\.file: no report file .*missing\.json$/,
    ],
    [
      'an entity ref without a name',
      'reports:\n  - file: trivy-alpine-3.9.json\n    format: trivy\n    entityRef: "component:default/"\n    artifactDigest: sha256:e8e14732ac8262c6f7166322d7b6aa9ba06199109d2b6f0b49bbdc98d887b2a4\n',
      /demo\.yaml: line 4: reports\[0\]\.entityRef: /,
    ],
    [
      'broken YAML',
      'reports:\n  - file: trivy-alpine-3.9.json\n    format: [trivy\n',
      /demo\.yaml: line 4: Flow sequence .* end with a \]/,
    ],
  ])(
    'refuses to start with %s in the manifest, naming the line and field',
    async (_case, manifest, expected) => {
      const directory = writeManifest(manifest, ['trivy-alpine-3.9.json']);
      await expect(startBackend({ demoDirectory: directory })).rejects.toThrow(
        expected,
      );
    },
  );

  it('refuses to start when the folder has no manifest', async () => {
    const directory = temporaryDirectory();
    await expect(startBackend({ demoDirectory: directory })).rejects.toThrow(
      /Cannot read the security demo manifest .*demo\.yaml/,
    );
  });
});

describe.each(databases.eachSupportedId())(
  'security demo data on %s',
  (databaseId: TestDatabaseId) => {
    it('stores nothing twice when a restarted backend loads the manifest again', async () => {
      const knex = await databases.init(databaseId);
      const first = await startBackend({ knex });
      await first.runTask();
      const before = await reportsOf(first, ORDERS);
      const findingsBefore = await request(first.server)
        .get(`/api/security/findings?entityRef=${encodeURIComponent(ORDERS)}`)
        .set('Authorization', user);

      const second = await startBackend({ knex });
      await second.runTask();
      expect(second.logger.info).toHaveBeenCalledWith(
        `Loaded demo report trivy-alpine-3.9.json for ${ORDERS} (${ORDERS_3_1_0}): 6 findings, already stored`,
      );
      expect(await reportsOf(second, ORDERS)).toEqual(before);
      const findingsAfter = await request(second.server)
        .get(`/api/security/findings?entityRef=${encodeURIComponent(ORDERS)}`)
        .set('Authorization', user);
      expect(findingsAfter.body).toEqual(findingsBefore.body);
    });
  },
);
