#!/usr/bin/env node
// Startup time and resident memory of the stock create-app backend versus the
// IDP Platform backend, measured side by side in one run on this machine.
// Each backend starts RUNS times, alternating, with the same config; we time
// spawn -> readiness 200 and read VmRSS at readiness and after the catalog has
// settled. Results go to docs/benchmarks.md between the startup markers.
//   node bench/startup/run.mjs [runs]     (./idp yarn bench:startup)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const root = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '../..',
);
const runs = Number(process.argv[2] ?? 3);
const settleMs = 15_000;
const variants = {
  'stock Backstage 1.55 backend': path.join(
    root,
    'bench/startup/stockBackend.ts',
  ),
  'IDP Platform backend': path.join(root, 'packages/backend/src/index.ts'),
};

function rssMiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+)/)[1]) / 1024;
}

async function startOnce(entry) {
  const started = process.hrtime.bigint();
  const child = spawn(
    process.execPath,
    [
      '--require',
      require_resolve('@backstage/cli/config/nodeTransform.cjs'),
      entry,
      '--config',
      path.join(root, 'app-config.yaml'),
      '--config',
      path.join(root, 'bench/startup/app-config.bench.yaml'),
    ],
    {
      cwd: path.join(root, 'packages/backend'),
      env: { ...process.env, NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', d => {
    output += d;
  });
  child.stderr.on('data', d => {
    output += d;
  });
  try {
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`backend exited:\n${output.slice(-3000)}`);
      try {
        const res = await fetch(
          'http://127.0.0.1:7007/.backstage/health/v1/readiness',
        );
        if (res.ok) break;
      } catch {
        /* not listening yet */
      }
      if (Number(process.hrtime.bigint() - started) / 1e9 > 300)
        throw new Error('not ready after 300 s');
      await sleep(100);
    }
    const startupSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const rssAtReady = rssMiB(child.pid);
    await sleep(settleMs);
    const rssSettled = rssMiB(child.pid);
    return { startupSeconds, rssAtReady, rssSettled };
  } finally {
    child.kill('SIGTERM');
    await new Promise(resolve => child.once('exit', resolve));
  }
}

function require_resolve(id) {
  return path.join(root, 'node_modules', id);
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
const section = `<!-- startup:begin -->
## Backend startup (bench/startup)

Median of ${runs} starts each, alternating, on ${new Date()
  .toISOString()
  .slice(0, 10)}; Node ${process.versions.node},
${
  (await import('node:os')).cpus().length
} cores; in-memory SQLite, the demo catalog; started through
Backstage's TypeScript node transform as \`yarn start\` does. Startup is spawn until
\`/.backstage/health/v1/readiness\` answers 200; memory is the process's VmRSS.

| backend | startup (s) | RSS at ready (MiB) | RSS after ${
  settleMs / 1000
} s (MiB) |
| --- | --- | --- | --- |
${rows.join('\n')}

Reproduce: \`./idp yarn bench:startup\`.
<!-- startup:end -->`;

const file = path.join(root, 'docs/benchmarks.md');
let doc = fs.existsSync(file)
  ? fs.readFileSync(file, 'utf8')
  : '# Benchmarks\n\nMeasured by the scripts in bench/, stock Backstage side by side with the IDP Platform in the same run. Timings are never test assertions.\n';
doc = doc.includes('<!-- startup:begin -->')
  ? doc.replace(/<!-- startup:begin -->[\s\S]*<!-- startup:end -->/, section)
  : `${doc.trimEnd()}\n\n${section}\n`;
fs.writeFileSync(file, doc);
console.log(section);
