#!/usr/bin/env node
// The promotion pipeline view and promotion list under a realistic history,
// next to the stock catalog API at the same page size: COMPONENTS components
// in the catalog and PROMOTIONS promotions (each with its four steps) written
// straight into the promotion plugin's SQLite file with knex before the
// backend starts on it. Results go to docs/benchmarks.md between the
// promotion markers.
//   node bench/promotion/run.mjs [components] [promotions]   (./idp yarn bench:promotion)
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatMs, measureLatency } from '../lib/measureLatency.mjs';
import { repoRoot } from '../lib/repoRoot.mjs';
import { startBackend } from '../lib/startBackend.mjs';
import { writeBenchmarkSection } from '../lib/writeBenchmarkSection.mjs';

const components = Number(process.argv[2] ?? 500);
const promotions = Number(process.argv[3] ?? 20000);
const port = 7107; // 7007 is left to other jobs
const pageSize = 50;
const environments = ['development', 'staging', 'uat', 'production'];
const token = 'bench-promotion-static-token-0123456789';
const headers = { authorization: `Bearer ${token}` };

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'idp-bench-promotion-'));
const databaseFile = path.join(workDir, 'promotion.sqlite');
const catalogFile = path.join(workDir, 'components.yaml');
const configFile = path.join(workDir, 'app-config.bench.yaml');
const emptyDir = path.join(workDir, 'no-demo-data');
fs.mkdirSync(emptyDir);

const componentName = i => `bench-service-${String(i).padStart(4, '0')}`;
const entityRefOf = i => `component:default/${componentName(i)}`;

// Every YAML parser reads JSON, so the generated files are written as JSON.
fs.writeFileSync(
  catalogFile,
  Array.from({ length: components }, (_, i) =>
    JSON.stringify({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: componentName(i),
        labels: { 'idp-platform.io/bench': 'promotion' },
        annotations: {
          'idp-platform/image-repository': `ghcr.io/bench/${componentName(i)}`,
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:default/platform-admins',
      },
    }),
  ).join('\n---\n'),
);
fs.writeFileSync(
  configFile,
  JSON.stringify({
    backend: {
      baseUrl: `http://localhost:${port}`,
      listen: { port },
      database: {
        client: 'better-sqlite3',
        connection: ':memory:',
        // Only the promotion plugin reads the seeded file; the rest stays in memory. Backstage
        // joins the filename to the directory, so an absolute filename alone would land in cwd.
        plugin: {
          promotion: {
            connection: {
              directory: workDir,
              filename: path.basename(databaseFile),
            },
          },
        },
      },
      auth: {
        externalAccess: [
          { type: 'static', options: { token, subject: 'bench-promotion' } },
        ],
      },
    },
    app: { disableConfigInjection: true },
    catalog: { locations: [{ type: 'file', target: catalogFile }] },
    idp: {
      // An empty folder: no demo history next to the seeded one.
      promotion: { demoData: emptyDir, worker: { frequency: 'PT1H' } },
    },
  }),
);

// Seed the promotion database as the plugin's own migrations lay it out.
const requireFromPlugin = createRequire(
  path.join(repoRoot, 'plugins/promotion-backend/package.json'),
);
const knex = requireFromPlugin('knex')({
  client: 'better-sqlite3',
  connection: { filename: databaseFile },
  useNullAsDefault: true,
});
const seedStarted = process.hrtime.bigint();
await knex.migrate.latest({
  directory: path.join(repoRoot, 'plugins/promotion-backend/migrations'),
  tableName: 'promotion_knex_migrations',
});
const perComponent = Math.ceil(promotions / components);
const dayMs = 24 * 3600 * 1000;
const started = Date.now() - 400 * dayMs;
const iso = ms => new Date(ms).toISOString();
let stored = 0;
let steps = 0;
let artifactCount = 0;
let seededComponents = 0;
await knex.transaction(async tx => {
  for (let c = 0; c < components && stored < promotions; c++) {
    seededComponents++;
    const entityRef = entityRefOf(c);
    const repository = `ghcr.io/bench/${componentName(c)}`;
    const quota = Math.min(perComponent, promotions - stored);
    const artifacts = [];
    const promotionRows = [];
    const stepRows = [];
    const running = new Map();
    // A new artifact every 10 days, moved stage by stage until the component has its share.
    for (let a = 0; promotionRows.length < quota; a++) {
      const tag = `1.${a}.0`;
      const digest = `sha256:${createHash('sha256')
        .update(`${entityRef}:${tag}`)
        .digest('hex')}`;
      const commit = createHash('sha1')
        .update(`${entityRef}:${a}`)
        .digest('hex');
      const id = createHash('sha256')
        .update(JSON.stringify([repository, tag, digest, commit]))
        .digest('hex');
      const builtAt = started + a * 10 * dayMs + c * 1000;
      artifacts.push({
        id,
        entity_ref: entityRef,
        image_repository: repository,
        tag,
        digest,
        commit_sha: commit,
        committers: JSON.stringify(['user:default/dana']),
        provenance: JSON.stringify({ builder: 'github-actions' }),
        signature_bundle: null,
        created_by: 'user:default/ci',
        created_at: iso(builtAt),
      });
      for (
        let e = 0;
        e < environments.length && promotionRows.length < quota;
        e++
      ) {
        const environment = environments[e];
        const requestedAt = builtAt + e * 3600 * 1000;
        // One artifact in ten fails its health check in staging and is rolled back.
        const failed = a % 10 === 7 && environment === 'staging';
        const state = failed ? 'rolled-back' : 'succeeded';
        const promotionId = randomUUID();
        const previous = running.get(environment);
        const gates = JSON.stringify(
          [
            'previous-stage',
            'soak-time',
            'freeze-window',
            'signature',
            'security',
          ].map(type => ({
            type,
            status: 'pass',
            reason: 'passed',
            judgedBy: 'system',
            judgedAt: iso(requestedAt),
          })),
        );
        promotionRows.push({
          id: promotionId,
          entity_ref: entityRef,
          environment,
          artifact_id: id,
          kind: 'promotion',
          state,
          active_slot: null,
          version: 4,
          requested_by: 'user:default/dana',
          requested_at: iso(requestedAt),
          updated_at: iso(requestedAt + 120_000),
          finished_at: iso(requestedAt + 120_000),
          reason: null,
          message: failed
            ? 'verification failed: answered 503'
            : 'rollout complete; answered 200',
          previous_artifact_id: previous ?? null,
          rollback_of: null,
          retry_of: null,
          change_request_id: null,
          idempotency_key: null,
          gates,
          lease_owner: null,
          lease_until: null,
        });
        for (const [k, stepState] of [
          'requested',
          'deploying',
          'verifying',
          state,
        ].entries()) {
          stepRows.push({
            promotion_id: promotionId,
            state: stepState,
            actor: k === 0 ? 'user:default/dana' : 'system',
            message: stepState,
            verdicts: k < 2 ? gates : null,
            at: iso(requestedAt + k * 40_000),
          });
        }
        if (failed) break; // a rolled-back artifact goes no further
        running.set(environment, id);
      }
    }
    stored += promotionRows.length;
    steps += stepRows.length;
    artifactCount += artifacts.length;
    await tx.batchInsert('promotion_artifacts', artifacts, 200);
    await tx.batchInsert('promotion_promotions', promotionRows, 200);
    await tx.batchInsert('promotion_steps', stepRows, 500);
    await tx.batchInsert(
      'promotion_stage_states',
      [...running].map(([environment, artifactId]) => ({
        entity_ref: entityRef,
        environment,
        artifact_id: artifactId,
        since: iso(Date.now() - 2 * dayMs),
        verified: true,
        verified_at: iso(Date.now() - 2 * dayMs),
        promotion_id: null,
      })),
      200,
    );
  }
});
await knex.destroy();
const seedSeconds = Number(process.hrtime.bigint() - seedStarted) / 1e9;
console.log(
  `seeded ${stored} promotions (${steps} steps) of ${seededComponents} components in ${seedSeconds.toFixed(
    1,
  )} s`,
);

async function call(url) {
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

const backend = await startBackend({ port, configFiles: [configFile] });
const api = `${backend.baseUrl}/api`;
try {
  const benchFilter =
    'filter=kind=component,metadata.labels.idp-platform.io/bench=promotion';
  const ingestStarted = process.hrtime.bigint();
  for (;;) {
    const page = await call(
      `${api}/catalog/entities/by-query?${benchFilter}&limit=1`,
    );
    if (page.totalItems >= components) break;
    if (Number(process.hrtime.bigint() - ingestStarted) / 1e9 > 600) {
      throw new Error(
        `catalog holds ${page.totalItems} of ${components} after 600 s`,
      );
    }
    await sleep(1000);
  }
  const ingestSeconds = Number(process.hrtime.bigint() - ingestStarted) / 1e9;
  console.log(
    `catalog holds the ${components} components ${ingestSeconds.toFixed(
      1,
    )} s after startup`,
  );

  const all = await call(`${api}/promotion/promotions?limit=1`);
  if (all.totalCount < stored) {
    throw new Error(
      `the promotion API sees ${all.totalCount} of ${stored} promotions`,
    );
  }
  const pipeline = await call(
    `${api}/promotion/pipeline?entityRef=${encodeURIComponent(entityRefOf(0))}`,
  );
  if (
    pipeline.stages.length !== environments.length ||
    !pipeline.stages.every(s => s.artifact)
  ) {
    throw new Error(
      `unexpected pipeline view: ${JSON.stringify(pipeline).slice(0, 500)}`,
    );
  }

  const rows = [];
  const row = async (what, url) => {
    const result = await measureLatency(i => call(url(i)));
    rows.push(
      `| ${what} | ${formatMs(result.median)} | ${formatMs(result.p95)} |`,
    );
    console.log(rows[rows.length - 1]);
  };
  // A different component each call, so no call is served from the one before.
  const someComponent = i =>
    encodeURIComponent(entityRefOf((i * 37) % seededComponents));
  await row(
    'promotion: `GET /pipeline?entityRef=` (one component, 4 stages)',
    i => `${api}/promotion/pipeline?entityRef=${someComponent(i)}`,
  );
  await row(
    `promotion: \`GET /promotions?limit=${pageSize}\` (newest of all, with total)`,
    () => `${api}/promotion/promotions?limit=${pageSize}`,
  );
  await row(
    `promotion: \`GET /promotions?entityRef=&limit=${pageSize}\` (one component's history)`,
    i =>
      `${api}/promotion/promotions?entityRef=${someComponent(
        i,
      )}&limit=${pageSize}`,
  );
  await row(
    `catalog: \`GET /entities/by-query?limit=${pageSize}\``,
    () => `${api}/catalog/entities/by-query?limit=${pageSize}`,
  );
  await row(
    `catalog: \`GET /entities/by-query?limit=${pageSize}\` filtered to the bench components`,
    () => `${api}/catalog/entities/by-query?${benchFilter}&limit=${pageSize}`,
  );

  writeBenchmarkSection(
    'promotion',
    `## Promotion (bench/promotion)

${components} components in the catalog (a file location) and ${stored} promotions of ${seededComponents}
of them (${perComponent} each; ${artifactCount} artifacts, each moved through ${environments.join(
      ', ',
    )}, one in ten rolled back in staging), with ${steps} steps and the stage states, written with
knex into the promotion plugin's SQLite file (\`backend.database.plugin.promotion.connection\`)
after running the plugin's migrations, ${seedSeconds.toFixed(
      1,
    )} s; then the backend was started on it.
The stock catalog API is read in the same run, from the same backend (catalog in in-memory SQLite),
at the same page size. ${new Date().toISOString().slice(0, 10)}; Node ${
      process.versions.node
    }, ${
      os.cpus().length
    } cores. Milliseconds over 50 calls one at a time (5 warm-up calls), as a service with a static
token; the machine may have been shared (\`uptime\` load ${os
      .loadavg()[0]
      .toFixed(1)} when the run ended).

| read | median (ms) | p95 (ms) |
| --- | --- | --- |
${rows.join('\n')}

Reproduce: \`./idp yarn bench:promotion\` (arguments: components, promotions).`,
  );
} catch (error) {
  console.error(backend.output().slice(-4000));
  throw error;
} finally {
  await backend.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
}
