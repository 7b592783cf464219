import { ChildProcess, spawn } from 'child_process';
import http from 'http';
import { AddressInfo } from 'net';

/** Path of the everything server's entry point (stdio by default). */
export const EVERYTHING_SERVER_ENTRY = require.resolve(
  '@modelcontextprotocol/server-everything/dist/index.js',
);

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

/**
 * Starts @modelcontextprotocol/server-everything in streamable HTTP mode on a
 * free port and resolves once it answers.
 */
export async function startEverythingServer(): Promise<{
  url: string;
  stop: () => Promise<void>;
}> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [EVERYTHING_SERVER_ENTRY, 'streamableHttp'],
    {
      env: { ...process.env, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stderr!.on('data', chunk => {
      output += chunk;
      if (output.includes('listening on port')) resolve();
    });
    child.once('exit', code =>
      reject(new Error(`everything server exited with ${code}: ${output}`)),
    );
  });
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** An HTTP server that answers every request with the given status. */
export async function startStatusServer(status: number): Promise<{
  url: string;
  stop: () => Promise<void>;
}> {
  const server = http.createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'unauthorized' }));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    stop: () => new Promise(resolve => server.close(() => resolve())),
  };
}

/** A URL on which nothing listens. */
export async function deadServerUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}/mcp`;
}
