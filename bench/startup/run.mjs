#!/usr/bin/env node
// Startup time and resident memory of the stock create-app backend versus the
// IDP Platform backend, measured side by side in one run on this machine.
// Each backend starts RUNS times, alternating, with the same config; we time
// spawn -> readiness 200 and read VmRSS at readiness and after the catalog has
// settled. Results go to docs/benchmarks.md between the startup markers.
//   node bench/startup/run.mjs [runs]     (./idp yarn bench:startup)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot } from '../lib/repoRoot.mjs';
import { startBackend } from '../lib/startBackend.mjs';
import { writeBenchmarkSection } from '../lib/writeBenchmarkSection.mjs';

const runs = Number(process.argv[2] ?? 3);
const settleMs = 15_000;
const variants = {
  'stock Backstage 1.55 backend': path.join(
    repoRoot,
    'bench/startup/stockBackend.ts',
  ),
  'IDP Platform backend': path.join(repoRoot, 'packages/backend/src/index.ts'),
};

function rssMiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+)/)[1]) / 1024;
}

async function startOnce(entry) {
  const backend = await startBackend({
    entry,
    configFiles: [path.join(repoRoot, 'bench/startup/app-config.bench.yaml')],
  });
  try {
    const rssAtReady = rssMiB(backend.pid);
    await sleep(settleMs);
    const rssSettled = rssMiB(backend.pid);
    return { startupSeconds: backend.startupSeconds, rssAtReady, rssSettled };
  } finally {
    await backend.stop();
  }
}

const median = values =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const results = Object.fromEntries(
  Object.keys(variants).map(name => [name, []]),
);
for (let i = 0; i < runs; i++) {
  for (const [name, entry] of Object.entries(variants)) {
    const result = await startOnce(entry);
    results[name].push(result);
    console.log(
      `${name} run ${i + 1}: ready in ${result.startupSeconds.toFixed(
        2,
      )} s, RSS ${result.rssAtReady.toFixed(
        0,
      )} MiB at ready, ${result.rssSettled.toFixed(0)} MiB after ${
        settleMs / 1000
      } s`,
    );
  }
}

const rows = Object.entries(results).map(([name, list]) => {
  const f = (key, digits) => median(list.map(r => r[key])).toFixed(digits);
  return `| ${name} | ${f('startupSeconds', 2)} | ${f('rssAtReady', 0)} | ${f(
    'rssSettled',
    0,
  )} |`;
});
writeBenchmarkSection(
  'startup',
  `## Backend startup (bench/startup)

Median of ${runs} starts each, alternating, on ${new Date()
    .toISOString()
    .slice(0, 10)}; Node ${process.versions.node}, ${
    os.cpus().length
  } cores; in-memory SQLite, the demo catalog; started through
Backstage's TypeScript node transform as \`yarn start\` does. Startup is spawn until
\`/.backstage/health/v1/readiness\` answers 200; memory is the process's VmRSS.

| backend | startup (s) | RSS at ready (MiB) | RSS after ${settleMs / 1000} s (MiB) |
| --- | --- | --- | --- |
${rows.join('\n')}

Reproduce: \`./idp yarn bench:startup\`.`,
);
