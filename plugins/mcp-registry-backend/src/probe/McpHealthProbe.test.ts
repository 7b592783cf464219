import {
  EVERYTHING_SERVER_ENTRY,
  deadServerUrl,
  startEverythingServer,
  startStatusServer,
} from '../testing/startEverythingServer';
import { McpHealthProbe } from './McpHealthProbe';

jest.setTimeout(60_000);

describe('McpHealthProbe', () => {
  const probe = new McpHealthProbe({ timeoutMs: 20_000 });

  function expectHealthyEverything(
    result: Awaited<ReturnType<McpHealthProbe['probe']>>,
  ) {
    expect(result.reason).toBeUndefined();
    expect(result.state).toBe('up');
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(typeof result.latencyMs).toBe('number');
    expect(result.protocolVersion).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(result.serverInfo?.name).toBeTruthy();
    const toolNames = result.tools!.map(tool => tool.name);
    expect(toolNames).toEqual(expect.arrayContaining(['echo', 'get-sum']));
    const echo = result.tools!.find(tool => tool.name === 'echo');
    expect(echo?.inputSchema).toMatchObject({ type: 'object' });
    expect(result.resourceCount).toBeGreaterThan(0);
    expect(result.promptCount).toBeGreaterThan(0);
  }

  it('completes the handshake and lists the inventory of the everything server over stdio', async () => {
    const result = await probe.probe({
      transport: 'stdio',
      command: process.execPath,
      args: [EVERYTHING_SERVER_ENTRY, 'stdio'],
    });
    expect(result.state).toBe('up');
    expectHealthyEverything(result);
  });

  it('completes the handshake and lists the inventory of the everything server over streamable HTTP', async () => {
    const server = await startEverythingServer();
    try {
      const result = await probe.probe({
        transport: 'streamable-http',
        url: server.url,
      });
      expect(result.state).toBe('up');
      expectHealthyEverything(result);
    } finally {
      await server.stop();
    }
  });

  it('marks a server nobody listens on as down with the reason', async () => {
    const result = await probe.probe({
      transport: 'streamable-http',
      url: await deadServerUrl(),
    });
    expect(result.state).toBe('down');
    expect(result.reason).toMatch(/^initialize: /);
    expect(result.reason).toMatch(/ECONNREFUSED|fetch failed/);
    expect(typeof result.latencyMs).toBe('number');
  });

  it('marks a server answering 401 as auth-required', async () => {
    const server = await startStatusServer(401);
    try {
      const result = await probe.probe({
        transport: 'streamable-http',
        url: server.url,
      });
      expect(result.state).toBe('auth-required');
      expect(result.reason).toContain('401');
    } finally {
      await server.stop();
    }
  });

  it('marks a stdio command that exits at once as down', async () => {
    const result = await probe.probe({
      transport: 'stdio',
      command: process.execPath,
      args: ['-e', 'process.exit(3)'],
    });
    expect(result.state).toBe('down');
    expect(result.reason).toMatch(/^initialize: /);
  });
});
