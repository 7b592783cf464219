// Starts a Backstage backend entry point the way `yarn start` runs it
// (Backstage's TypeScript node transform) and resolves when its readiness
// endpoint answers 200.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot } from './repoRoot.mjs';

export async function startBackend({
  entry = path.join(repoRoot, 'packages/backend/src/index.ts'),
  configFiles = [],
  env = {},
  port = 7007,
  timeoutSeconds = 300,
} = {}) {
  const baseUrl = `http://127.0.0.1:${port}`;
  // Another backend on the port would answer the readiness checks for ours.
  const occupied = await fetch(baseUrl).then(
    () => true,
    () => false,
  );
  if (occupied) {
    throw new Error(`port ${port} is already in use; stop what listens there`);
  }
  const started = process.hrtime.bigint();
  const child = spawn(
    process.execPath,
    [
      '--require',
      path.join(repoRoot, 'node_modules/@backstage/cli/config/nodeTransform.cjs'),
      entry,
      '--config',
      path.join(repoRoot, 'app-config.yaml'),
      ...configFiles.flatMap(file => ['--config', file]),
    ],
    {
      cwd: path.join(repoRoot, 'packages/backend'),
      env: { ...process.env, NODE_ENV: 'development', ...env },
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
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await new Promise(resolve => child.once('exit', resolve));
  };
  try {
    for (;;) {
      if (child.exitCode !== null) {
        throw new Error(`backend exited:\n${output.slice(-3000)}`);
      }
      try {
        const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      if (Number(process.hrtime.bigint() - started) / 1e9 > timeoutSeconds) {
        throw new Error(
          `not ready after ${timeoutSeconds} s:\n${output
            .split('\n')
            .filter(line => !line.includes('/.backstage/health/'))
            .join('\n')
            .slice(-3000)}`,
        );
      }
      await sleep(100);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    baseUrl,
    pid: child.pid,
    startupSeconds: Number(process.hrtime.bigint() - started) / 1e9,
    output: () => output,
    stop,
  };
}
