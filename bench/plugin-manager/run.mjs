#!/usr/bin/env node
// The plugin manager under load: a local npm registry with COUNT generated
// Backstage plugin packages (three versions each) plus the test fixture
// plugin; the backend indexes them once (cold search), then text and facet
// searches are answered from the cache, and the fixture is installed and
// uninstalled repeatedly (download, ssri check, unpack, rename swap,
// revision). Results go to docs/benchmarks.md between the plugin-manager markers.
//   node bench/plugin-manager/run.mjs [count]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatMs, measureLatency } from '../lib/measureLatency.mjs';
import { repoRoot } from '../lib/repoRoot.mjs';
import { startBackend } from '../lib/startBackend.mjs';
import { writeBenchmarkSection } from '../lib/writeBenchmarkSection.mjs';
import { startBenchRegistry } from './benchRegistry.mjs';

const count = Number(process.argv[2] ?? 2000);
const port = 7507;
const token = 'bench-plugin-manager-static-token-0123456789';
const headers = {
  authorization: `Bearer ${token}`,
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

const registry = await startBenchRegistry({ repoRoot, count });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-plugin-manager-'));
const configFile = path.join(work, 'app-config.bench.yaml');
fs.writeFileSync(
  configFile,
  JSON.stringify({
    backend: {
      baseUrl: `http://localhost:${port}`,
      listen: { port },
      database: { client: 'better-sqlite3', connection: ':memory:' },
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token, subject: 'bench-plugin-manager' },
          },
        ],
      },
    },
    app: { disableConfigInjection: true },
    dynamicPlugins: { rootDirectory: path.join(work, 'dynamic-plugins-root') },
    idp: {
      pluginManager: {
        defaultRegistry: { url: registry.url },
        discovery: {
          queries: ['keywords:backstage'],
          maxPackages: count + 100,
        },
      },
    },
  }),
);

const backend = await startBackend({
  port,
  entry: path.join(repoRoot, 'bench/plugin-manager/backend.ts'),
  configFiles: [configFile],
});
const api = `${backend.baseUrl}/api/plugin-manager`;

try {
  const coldStarted = process.hrtime.bigint();
  const cold = await call(`${api}/search?q=kubernetes`);
  const coldMs = Number(process.hrtime.bigint() - coldStarted) / 1e6;
  const registryRequests = registry.requests();
  const all = await call(`${api}/search?pageSize=1`);
  console.log(
    `indexed ${all.total} packages in ${formatMs(
      coldMs,
    )} ms (${registryRequests} registry requests)`,
  );
  if (all.total !== registry.packages) {
    throw new Error(`indexed ${all.total} of ${registry.packages} packages`);
  }

  const rows = [];
  const row = async (what, operation, options) => {
    const latency = await measureLatency(operation, options);
    rows.push(
      `| ${what} | ${formatMs(latency.median)} | ${formatMs(latency.p95)} |`,
    );
    console.log(rows[rows.length - 1]);
  };
  const words = ['catalog', 'kubernetes', 'github', 'security', 'cost'];
  await row('`GET /search?q=<word>` (text, 20 per page, facets)', i =>
    call(`${api}/search?q=${words[i % words.length]}`),
  );
  await row('`GET /search?kind=backend&keyword=catalog&page=3`', () =>
    call(`${api}/search?kind=backend&keyword=catalog&page=3`),
  );
  await row('`GET /search` (no filter, all packages counted in facets)', () =>
    call(`${api}/search`),
  );
  await row('`GET /compatibility?name=` (cached packument)', i =>
    call(
      `${api}/compatibility?name=${encodeURIComponent(
        all.items[0].name,
      )}&version=1.${i % 2}.0`,
    ),
  );
  const fixture = registry.fixture.name;
  await row(
    '`POST /install` of a typical backend plugin (download, ssri, unpack, plan, swap, revision)',
    async () => {
      const installed = await call(`${api}/install`, {
        method: 'POST',
        body: JSON.stringify({ package: fixture }),
      });
      if (installed.status !== 'applied')
        throw new Error(JSON.stringify(installed));
      await call(`${api}/uninstall`, {
        method: 'POST',
        body: JSON.stringify({ package: fixture }),
      });
    },
    { warmup: 2, iterations: 20 },
  );

  writeBenchmarkSection(
    'plugin-manager',
    `## Plugin manager (bench/plugin-manager)

A local npm registry (a node HTTP server in the benchmark process) serves ${
      registry.packages
    } packages:
${count} generated Backstage packages (six roles, ten topics, five authors, three versions each) and the
plugin manager's test fixture plugin, a real CommonJS backend plugin packed as a tarball. The plugin
manager runs in the stock create-app backend (bench/plugin-manager/backend.ts, allow-all permission
policy, in-memory SQLite, memory cache) on port ${port}. The first search read the registry's search API
and every packument into the cache in ${formatMs(
      coldMs,
    )} ms (${registryRequests} registry requests);
every row below is answered from that cache, except the install, which downloads the tarball each time.
The install row times one install plus the uninstall that resets it (two revisions). Called over HTTP
with a static service token, one call at a time, on ${new Date()
      .toISOString()
      .slice(0, 10)}; Node
${process.versions.node}, ${
      os.cpus().length
    } cores shared with other jobs (\`uptime\` load
${os
  .loadavg()[0]
  .toFixed(
    1,
  )} when the run ended). Milliseconds, median and p95 of 50 calls after 5
warm-up calls (installs: 20 after 2).

| call | median (ms) | p95 (ms) |
| --- | --- | --- |
${rows.join('\n')}

Each search reads a small refresh stamp from the cache and, while it is unchanged, reuses the index this
instance last read (one JSON value of ${count}+ summaries); it filters, sorts and counts facets in memory.

Reproduce: \`node bench/plugin-manager/run.mjs [count]\`.`,
  );
} catch (error) {
  console.error(backend.output().slice(-4000));
  throw error;
} finally {
  await backend.stop();
  await registry.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
