import {
  McpServerJson,
  mcpDeployRequestSchema,
} from '@idp-platform/backstage-plugin-idp-common';
import { ChildProcess, spawn } from 'child_process';
import fs from 'fs';
import http from 'http';
import { AddressInfo } from 'net';
import path from 'path';
import { McpHealthProbe } from '../probe/McpHealthProbe';
import { EVERYTHING_SERVER_ENTRY } from '../testing/startEverythingServer';
import {
  SUPERGATEWAY_PACKAGE,
  mcpWorkloadName,
  renderMcpWorkload,
} from './renderMcpWorkload';

jest.setTimeout(60_000);

const everything: McpServerJson = JSON.parse(
  fs.readFileSync(
    path.resolve(__dirname, '../../../../examples/mcp/everything.server.json'),
    'utf8',
  ),
);
const target = { namespace: 'tools', gatewayImage: 'node:22-alpine' };

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

describe('renderMcpWorkload', () => {
  it('names workloads within DNS limits and keeps long names apart', () => {
    const long = `io.github.${'a'.repeat(80)}/server`;
    const name = mcpWorkloadName(long);
    expect(name).toMatch(/^mcp-[a-z0-9-]+-[0-9a-f]{8}$/);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(mcpWorkloadName(`${long}-two`)).not.toBe(name);
    expect(mcpWorkloadName('io.github.Example/My_Server')).toMatch(
      /^mcp-io-github-example-my-server-[0-9a-f]{8}$/,
    );
  });

  it('runs an OCI image that speaks HTTP as it is, on the path its transport names', () => {
    const server: McpServerJson = {
      name: 'io.github.example/search',
      description: 'Search',
      version: '2.1.0',
      packages: [
        {
          registryType: 'oci',
          identifier: 'ghcr.io/example/search',
          version: '2.1.0',
          transport: {
            type: 'streamable-http',
            url: 'http://localhost:3000/api/mcp',
          },
        },
      ],
    };
    const workload = renderMcpWorkload(
      server,
      mcpDeployRequestSchema.parse({
        environment: 'development',
        port: 3000,
        args: ['--read-only'],
        sessionAffinity: false,
      }),
      target,
    );
    const container = (workload.deployment as any).spec.template.spec
      .containers[0];
    expect(container.image).toBe('ghcr.io/example/search:2.1.0');
    expect(container.command).toBeUndefined();
    expect(container.args).toEqual(['--read-only']);
    expect(container.ports).toEqual([{ name: 'mcp', containerPort: 3000 }]);
    expect((workload.service as any).spec.sessionAffinity).toBe('None');
    expect(workload.url).toBe(
      `http://${workload.workloadName}.tools.svc.cluster.local/api/mcp`,
    );
  });

  describe('the supergateway command it renders for a stdio server', () => {
    let gateway: ChildProcess | undefined;
    afterEach(async () => {
      if (gateway && gateway.exitCode === null) {
        const exited = new Promise(resolve => gateway!.once('exit', resolve));
        gateway.kill('SIGTERM');
        await exited;
      }
    });

    it('serves the server over Streamable HTTP at the URL path it reports', async () => {
      const port = await freePort();
      const workload = renderMcpWorkload(
        everything,
        mcpDeployRequestSchema.parse({ environment: 'development', port }),
        target,
      );
      const container = (workload.deployment as any).spec.template.spec
        .containers[0];
      const args: string[] = container.args;
      expect(args.slice(0, 2)).toEqual(['-y', SUPERGATEWAY_PACKAGE]);
      // The pod runs `npx -y supergateway@… --stdio "npx -y <package>@<version> stdio"`;
      // here the same flags run the installed supergateway, and the stdio
      // command runs the installed server instead of downloading it.
      const stdioIndex = args.indexOf('--stdio');
      const gatewayArgs = [...args.slice(2)];
      gatewayArgs[
        stdioIndex - 1
      ] = `"${process.execPath}" "${EVERYTHING_SERVER_ENTRY}" stdio`;
      gateway = spawn(
        process.execPath,
        [require.resolve('supergateway/dist/index.js'), ...gatewayArgs],
        { stdio: 'ignore' },
      );

      const url = `http://127.0.0.1:${port}${new URL(workload.url).pathname}`;
      const probe = new McpHealthProbe({ timeoutMs: 30_000 });
      let result = await probe.probe({ transport: 'streamable-http', url });
      for (
        let attempt = 0;
        result.state === 'down' && attempt < 40;
        attempt++
      ) {
        await new Promise(resolve => setTimeout(resolve, 250));
        result = await probe.probe({ transport: 'streamable-http', url });
      }
      expect(result.reason).toBeUndefined();
      expect(result.state).toBe('up');
      expect(result.tools!.map(tool => tool.name)).toEqual(
        expect.arrayContaining(['echo', 'get-sum']),
      );
    });
  });
});
