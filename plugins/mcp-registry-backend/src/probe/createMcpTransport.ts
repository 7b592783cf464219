import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

/** Where and how to reach a server. */
export type McpProbeTarget =
  | {
      transport: 'streamable-http' | 'sse';
      url: string;
      headers?: Record<string, string>;
    }
  | {
      transport: 'stdio';
      command: string;
      args: string[];
      env?: Record<string, string>;
    };

/** A client transport for the target: streamable HTTP, SSE or a stdio child process. */
export function createMcpTransport(target: McpProbeTarget): Transport {
  switch (target.transport) {
    case 'streamable-http':
      return new StreamableHTTPClientTransport(new URL(target.url), {
        requestInit: { headers: target.headers },
      });
    case 'sse':
      return new SSEClientTransport(new URL(target.url), {
        requestInit: { headers: target.headers },
        eventSourceInit: {
          fetch: (url, init) =>
            fetch(url, {
              ...init,
              headers: { ...(init?.headers as object), ...target.headers },
            }),
        },
      });
    case 'stdio':
      return new StdioClientTransport({
        command: target.command,
        args: target.args,
        env: { PATH: process.env.PATH ?? '', ...target.env },
        stderr: 'ignore',
      });
    default:
      throw new Error('unknown transport');
  }
}
