#!/usr/bin/env node
// The MCP registry under load, next to the stock catalog API serving the same
// servers: the registry's official API (/v0.1/servers) and the catalog's
// entities/by-query, page by page and searched, over SERVERS registered MCP
// servers that the catalog module has turned into API entities; plus the time
// of a real MCP health check (the everything server over stdio).
// Results go to docs/benchmarks.md between the mcp markers.
//   node bench/mcp/run.mjs [servers]       (./idp yarn bench:mcp)
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatMs, measureLatency } from '../lib/measureLatency.mjs';
import { repoRoot } from '../lib/repoRoot.mjs';
import { startBackend } from '../lib/startBackend.mjs';
import { writeBenchmarkSection } from '../lib/writeBenchmarkSection.mjs';

const servers = Number(process.argv[2] ?? 2000);
const sweepServers = 100;
const pageSize = 100;
const headers = {
  authorization: 'Bearer bench-mcp-static-token-0123456789',
  'content-type': 'application/json',
};

async function call(url, init = {}, attempt = 1) {
  let res;
  try {
    res = await fetch(url, { headers, ...init });
  } catch (error) {
    // A keep-alive socket the server just closed; try once more on a new one.
    if (attempt < 3 && error.cause?.code === 'ECONNRESET') {
      return call(url, init, attempt + 1);
    }
    throw error;
  }
  if (attempt > 1 && res.status === 409 && init.method === 'POST') {
    return {}; // the first attempt was stored before its socket was reset
  }
  if (!res.ok) {
    throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
  }
  return res.json();
}

function serverJson(i) {
  return {
    name: `io.github.bench/server-${String(i).padStart(5, '0')}`,
    description: `Benchmark server ${i} with tools for tickets, docs and search`,
    version: '1.0.0',
    packages: [
      {
        registryType: 'npm',
        identifier: `@bench/mcp-server-${i}`,
        version: '1.0.0',
        transport: { type: 'stdio' },
      },
    ],
    _meta: { 'io.idp-platform/registry': { owner: 'group:default/platform-admins' } },
  };
}

const backend = await startBackend({
  port: 7307,
  configFiles: [path.join(repoRoot, 'bench/mcp/app-config.bench.yaml')],
});
const api = `${backend.baseUrl}/api`;

// A real MCP server over streamable HTTP for the sweep to check.
const everythingEntry = createRequire(import.meta.url).resolve(
  '@modelcontextprotocol/server-everything/dist/index.js',
  { paths: [path.join(repoRoot, 'plugins/mcp-registry-backend')] },
);
const everythingPort = 3901;
let sweepSeconds;
let sweepUp;
const everythingServer = spawn(process.execPath, [everythingEntry, 'streamableHttp'], {
  env: { ...process.env, PORT: String(everythingPort) },
  stdio: 'ignore',
});
try {
  // Health sweep: SWEEP_SERVERS registered servers, each a real MCP handshake
  // (initialize, tools/list, resources/list, prompts/list, ping) over HTTP.
  for (let i = 0; i < sweepServers; i++) {
    await call(`${api}/mcp-registry/v0.1/publish`, {
      method: 'POST',
      body: JSON.stringify({
        name: `io.github.bench/sweep-${String(i).padStart(3, '0')}`,
        description: 'Everything server behind a remote URL, for the sweep',
        version: '1.0.0',
        remotes: [
          { type: 'streamable-http', url: `http://127.0.0.1:${everythingPort}/mcp` },
        ],
        _meta: { 'io.idp-platform/registry': { owner: 'group:default/platform-admins' } },
      }),
    });
  }
  const lastSweepServer = encodeURIComponent('io.github.bench/sweep-099');
  const sweepStarted = new Date();
  const sweepClock = process.hrtime.bigint();
  const trigger = await fetch(
    `${api}/mcp-registry/.backstage/scheduler/v1/tasks/mcp-registry-health-sweep/trigger`,
    { method: 'POST', headers },
  );
  if (!trigger.ok) throw new Error(`trigger: ${trigger.status} ${await trigger.text()}`);
  for (;;) {
    const { checks } = await call(`${api}/mcp-registry/servers/${lastSweepServer}/health`);
    if (checks.length && new Date(checks[0].checkedAt) >= sweepStarted) break;
    if (Number(process.hrtime.bigint() - sweepClock) / 1e9 > 900) {
      throw new Error('the health sweep did not reach the last server in 900 s');
    }
    await sleep(200);
  }
  sweepSeconds = Number(process.hrtime.bigint() - sweepClock) / 1e9;
  const states = await call(
    `${api}/mcp-registry/v0.1/servers?version=latest&limit=100&search=sweep-&status=up`,
  );
  sweepUp = states.metadata.count;
  console.log(`health sweep of ${sweepServers} servers: ${sweepSeconds.toFixed(1)} s, ${sweepUp} up`);
  const publishStarted = process.hrtime.bigint();
  for (let i = 0; i < servers; i += 20) {
    await Promise.all(
      Array.from({ length: Math.min(20, servers - i) }, (_, k) =>
        call(`${api}/mcp-registry/v0.1/publish`, {
          method: 'POST',
          body: JSON.stringify(serverJson(i + k)),
        }),
      ),
    );
  }
  const publishSeconds = Number(process.hrtime.bigint() - publishStarted) / 1e9;
  console.log(`published ${servers} servers in ${publishSeconds.toFixed(1)} s`);

  const catalogFilter = 'filter=kind=API,spec.type=mcp-server';
  const ingestStarted = process.hrtime.bigint();
  for (;;) {
    const page = await call(`${api}/catalog/entities/by-query?${catalogFilter}&limit=1`);
    if (page.totalItems >= servers) break;
    if (Number(process.hrtime.bigint() - ingestStarted) / 1e9 > 600) {
      throw new Error(`catalog holds ${page.totalItems} of ${servers} after 600 s`);
    }
    await sleep(1000);
  }
  const ingestSeconds = Number(process.hrtime.bigint() - ingestStarted) / 1e9;
  console.log(`catalog holds them after ${ingestSeconds.toFixed(1)} s more`);

  const walk = async (first, next) => {
    let body = await call(first);
    let pages = 1;
    while (next(body)) {
      body = await call(next(body));
      pages++;
    }
    return pages;
  };
  const registryFirst = `${api}/mcp-registry/v0.1/servers?version=latest&limit=${pageSize}`;
  const catalogFirst = `${api}/catalog/entities/by-query?${catalogFilter}&limit=${pageSize}`;
  const rows = [];
  const row = async (what, registryOp, catalogOp, options) => {
    const registry = await measureLatency(registryOp, options);
    const catalog = await measureLatency(catalogOp, options);
    rows.push(
      `| ${what} | ${formatMs(registry.median)} / ${formatMs(registry.p95)} | ${formatMs(
        catalog.median,
      )} / ${formatMs(catalog.p95)} |`,
    );
    console.log(rows[rows.length - 1]);
  };
  await row(
    `first page of ${pageSize}`,
    () => call(registryFirst),
    () => call(catalogFirst),
  );
  await row(
    `page ${Math.floor(servers / pageSize / 2)} of ${Math.ceil(servers / pageSize)} (cursor)`,
    async () => {
      let body = await call(registryFirst);
      for (let p = 1; p < Math.floor(servers / pageSize / 2); p++) {
        body = await call(`${registryFirst}&cursor=${encodeURIComponent(body.metadata.nextCursor)}`);
      }
    },
    async () => {
      let body = await call(catalogFirst);
      for (let p = 1; p < Math.floor(servers / pageSize / 2); p++) {
        body = await call(`${api}/catalog/entities/by-query?cursor=${encodeURIComponent(body.pageInfo.nextCursor)}`);
      }
    },
    { warmup: 1, iterations: 5 },
  );
  await row(
    `every page (${servers} servers)`,
    () =>
      walk(registryFirst, body =>
        body.metadata.nextCursor
          ? `${registryFirst}&cursor=${encodeURIComponent(body.metadata.nextCursor)}`
          : undefined,
      ),
    () =>
      walk(catalogFirst, body =>
        body.pageInfo?.nextCursor
          ? `${api}/catalog/entities/by-query?cursor=${encodeURIComponent(body.pageInfo.nextCursor)}`
          : undefined,
      ),
    { warmup: 1, iterations: 5 },
  );
  await row(
    'text search, one match, limit 30',
    i => call(`${api}/mcp-registry/v0.1/servers?version=latest&limit=30&search=server-${String((i * 37) % servers).padStart(5, '0')}`),
    i => call(`${api}/catalog/entities/by-query?${catalogFilter}&limit=30&fullTextFilterTerm=server-${String((i * 37) % servers).padStart(5, '0')}`),
  );

  const everything = {
    name: 'io.github.modelcontextprotocol/server-everything',
    description: 'Reference MCP server that exercises every protocol feature',
    version: '2026.8.31',
    packages: [
      {
        registryType: 'npm',
        identifier: '@modelcontextprotocol/server-everything',
        version: '2026.8.31',
        transport: { type: 'stdio' },
        packageArguments: [{ type: 'positional', value: 'stdio' }],
      },
    ],
    _meta: { 'io.idp-platform/registry': { owner: 'group:default/platform-admins' } },
  };
  await call(`${api}/mcp-registry/v0.1/publish`, {
    method: 'POST',
    body: JSON.stringify(everything),
  });
  const checkUrl = `${api}/mcp-registry/servers/${encodeURIComponent(everything.name)}/versions/${everything.version}/check`;
  const probe = await measureLatency(
    async () => {
      const check = await call(checkUrl, { method: 'POST' });
      if (check.state !== 'up') throw new Error(`probe: ${JSON.stringify(check)}`);
    },
    { warmup: 1, iterations: 10 },
  );

  writeBenchmarkSection(
    'mcp',
    `## MCP registry (bench/mcp)

${servers} MCP servers registered through \`POST /v0.1/publish\` (${(
      servers / publishSeconds
    ).toFixed(0)} per second, 20 at a time), then emitted by the catalog module as API entities
(\`spec.type: mcp-server\`; all in the catalog ${ingestSeconds.toFixed(0)} s later). Each row
reads the same servers through the registry's official API and through the stock catalog API
(\`/api/catalog/entities/by-query\`, filtered to those entities) at the same page size, in one run
on ${new Date().toISOString().slice(0, 10)}; Node ${process.versions.node}, ${
      os.cpus().length
    } cores, in-memory SQLite, one backend serving both. Milliseconds, median / p95 of 50 calls
(5 for the multi-page rows), one call at a time. Compare the two columns of a row: they ran
minutes apart on the same machine, which other jobs may have shared (\`uptime\` load ${os
      .loadavg()[0]
      .toFixed(1)} when the run ended).

| read | MCP registry API (ms) | catalog API (ms) |
| --- | --- | --- |
${rows.join('\n')}

The scheduled health sweep over ${sweepServers} registered servers (each the real everything server over
streamable HTTP: initialize, tools/list, resources/list, prompts/list, ping, one after another) took
${sweepSeconds.toFixed(1)} s (${((sweepSeconds * 1000) / sweepServers).toFixed(0)} ms per server),
${sweepUp} of them up, measured from triggering the task until the last server's check was stored.

A health check of the real everything server over stdio (spawn, initialize, tools/list,
resources/list, prompts/list, ping, stored with its tool inventory) takes ${formatMs(
      probe.median,
    )} ms median, ${formatMs(probe.p95)} ms p95 (10 checks).

Reproduce: \`./idp yarn bench:mcp\`.`,
  );
} catch (error) {
  console.error(backend.output().slice(-4000));
  throw error;
} finally {
  everythingServer.kill('SIGTERM');
  await backend.stop();
}
