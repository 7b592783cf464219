#!/usr/bin/env node
// The configuration manager under load, next to the stock catalog API in the
// same run: an application with KEYS configuration keys, each environment
// overriding a quarter of them, created through POST /api/config/import; then
// the effective configuration of one environment, the environment comparison,
// the full view and a one-key change, and the catalog's entities/by-query.
// Results go to docs/benchmarks.md between the config markers.
//   node bench/config/run.mjs [keys]       (./idp yarn bench:config)
import os from 'node:os';
import path from 'node:path';
import { formatMs, measureLatency } from '../lib/measureLatency.mjs';
import { repoRoot } from '../lib/repoRoot.mjs';
import { startBackend } from '../lib/startBackend.mjs';
import { writeBenchmarkSection } from '../lib/writeBenchmarkSection.mjs';

const keys = Number(process.argv[2] ?? 1000);
const keysPerGroup = 20;
const environments = ['development', 'staging', 'uat', 'production'];
const application = 'bench-config-app';
const port = 7207;
const headers = {
  authorization: 'Bearer bench-config-static-token-0123456789',
  'content-type': 'application/json',
};

async function call(url, init = {}) {
  const res = await fetch(url, { headers, ...init });
  if (!res.ok) {
    throw new Error(
      `${init.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`,
    );
  }
  return res.json();
}

const keyPath = i => [
  `group-${String(Math.floor(i / keysPerGroup)).padStart(3, '0')}`,
  `key-${String(i % keysPerGroup).padStart(2, '0')}`,
];

function setLeaf(tree, [group, key], value) {
  (tree[group] ??= {})[key] = value;
}

// Application layer: every key, alternating numbers, strings and booleans.
// Application-environment layer: environment e overrides keys i with i % 4 === e.
function applicationConfigurationYaml() {
  const values = {};
  const perEnvironment = Object.fromEntries(environments.map(e => [e, {}]));
  for (let i = 0; i < keys; i++) {
    const value = [i, `value-${i}`, i % 2 === 0][i % 3];
    setLeaf(values, keyPath(i), value);
    const environment = environments[i % environments.length];
    setLeaf(perEnvironment[environment], keyPath(i), `${environment}-${i}`);
  }
  // JSON is YAML: the import route reads it with js-yaml.
  return JSON.stringify({
    apiVersion: 'idp-platform.io/v1alpha1',
    kind: 'ApplicationConfiguration',
    metadata: {
      name: application,
      application: `component:default/${application}`,
      description: `${keys} keys across ${environments.length} environments`,
    },
    spec: { values, environments: perEnvironment },
  });
}

const backend = await startBackend({
  port,
  configFiles: [path.join(repoRoot, 'bench/config/app-config.bench.yaml')],
});
const api = `${backend.baseUrl}/api`;
const app = `${api}/config/applications/${application}`;

try {
  const yaml = applicationConfigurationYaml();
  const importStarted = process.hrtime.bigint();
  const created = await call(`${api}/config/import`, {
    method: 'POST',
    body: JSON.stringify({ yaml, version: 0, message: 'bench/config' }),
  });
  const importMs = Number(process.hrtime.bigint() - importStarted) / 1e6;
  if (created.status !== 'applied') {
    throw new Error(`import: ${JSON.stringify(created)}`);
  }
  let version = created.changeSet.version;
  console.log(
    `created ${application} (${(yaml.length / 1024).toFixed(
      0,
    )} KiB) in ${formatMs(importMs)} ms`,
  );

  const effective = await call(`${app}/effective?environment=production`);
  const effectiveKeys = Object.keys(effective.sources).length;
  const comparison = await call(`${app}/compare`);
  const differing = comparison.rows.filter(row => row.differs).length;
  if (comparison.environments.length !== environments.length) {
    throw new Error(
      `compare: environments ${comparison.environments.join(', ')}`,
    );
  }

  const rows = [];
  const row = async (what, operation) => {
    const latency = await measureLatency(operation);
    rows.push(
      `| ${what} | ${formatMs(latency.median)} | ${formatMs(latency.p95)} |`,
    );
    console.log(rows[rows.length - 1]);
  };
  await row(
    '`GET /api/config/applications/:name/effective?environment=` (one environment, rotating)',
    i =>
      call(
        `${app}/effective?environment=${environments[i % environments.length]}`,
      ),
  );
  await row(
    '`GET /api/config/applications/:name/compare` (every environment)',
    () => call(`${app}/compare`),
  );
  await row(
    '`GET /api/config/applications/:name` (layers and effective values of every environment)',
    () => call(app),
  );
  await row(
    '`POST /api/config/applications/:name/values` (one key in development, a new version each)',
    async i => {
      const result = await call(`${app}/values`, {
        method: 'POST',
        body: JSON.stringify({
          version,
          changes: [
            {
              environment: 'development',
              key: '/group-000/key-00',
              value: `bench-${i}-${version}`,
            },
          ],
        }),
      });
      version = result.changeSet.version;
    },
  );
  await row('stock catalog `GET /api/catalog/entities/by-query?limit=50`', () =>
    call(`${api}/catalog/entities/by-query?limit=50`),
  );

  writeBenchmarkSection(
    'config',
    `## Configuration manager (bench/config)

One application configuration with ${keys} keys (${
      keys / keysPerGroup
    } groups of ${keysPerGroup}; numbers, strings
and booleans) in the application layer, each of the ${
      environments.length
    } environments
(${environments.join(
      ', ',
    )}; uat and production protected) overriding a different quarter of them, created
through \`POST /api/config/import\` with version 0 (${(
      yaml.length / 1024
    ).toFixed(0)} KiB of YAML,
${formatMs(
  importMs,
)} ms, validated and stored as change set 1). The effective configuration of an environment has
${effectiveKeys} keys (with the global defaults of app-config.yaml), each with its source layer; the comparison
has ${
      comparison.rows.length
    } rows, ${differing} of them differing between environments. The real IDP backend on
in-memory SQLite was called over HTTP with a static service token, one call at a time, on
${new Date().toISOString().slice(0, 10)}; Node ${process.versions.node}, ${
      os.cpus().length
    } cores shared with
other jobs (\`uptime\` load ${os
      .loadavg()[0]
      .toFixed(1)} when the run ended). Milliseconds, median and p95 of
50 calls after 5 warm-up calls.

| call | median (ms) | p95 (ms) |
| --- | --- | --- |
${rows.join('\n')}

The catalog holds only the demo entities, so its row is the floor of a stock Backstage read on the same
backend, not a like-for-like comparison. Every configuration read loads the stored version and merges the
four layers of every environment on each call (no cache; the one-environment route too, then keeps one); a
change re-validates every environment and stores a change set with the full spec.

Reproduce: \`./idp yarn bench:config\` (\`node bench/config/run.mjs [keys]\`).`,
  );
} catch (error) {
  console.error(backend.output().slice(-4000));
  throw error;
} finally {
  await backend.stop();
}
