import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpProbeTarget, createMcpTransport } from './createMcpTransport';
import {
  McpHealthState,
  McpToolSummary,
} from '@idp-platform/backstage-plugin-idp-common';

/** Outcome of one probe. */
export interface McpProbeResult {
  state: McpHealthState;
  latencyMs: number;
  reason?: string;
  protocolVersion?: string;
  serverInfo?: { name: string; version: string; title?: string };
  tools?: McpToolSummary[];
  resourceCount?: number;
  promptCount?: number;
}

const CLIENT_INFO = { name: 'idp-platform-mcp-registry', version: '0.1.0' };

class ProbeTimeoutError extends Error {
  constructor(timeoutMs: number, step: string) {
    super(`timed out after ${timeoutMs} ms during ${step}`);
  }
}

function httpStatusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'number' && code >= 100 && code < 600) return code;
  const match = /\b(401|403)\b/.exec(String((error as Error)?.message));
  return match ? Number(match[1]) : undefined;
}

function describe(error: unknown): string {
  const message = (error as Error)?.message ?? String(error);
  const cause = (error as { cause?: { code?: string; message?: string } })
    ?.cause;
  if (cause?.code) return `${message} (${cause.code})`;
  return message;
}

/**
 * Speaks MCP to a server: initialize, tools/list (plus resources/list and
 * prompts/list when advertised), then ping. One deadline covers every step,
 * so the scheduled sweep and the manual test agree on what "too slow" means.
 */
export class McpHealthProbe {
  constructor(private readonly options: { timeoutMs: number }) {}

  async probe(target: McpProbeTarget): Promise<McpProbeResult> {
    const { timeoutMs } = this.options;
    const startedAt = performance.now();
    const deadline = startedAt + timeoutMs;
    const remaining = () =>
      Math.max(1, Math.round(deadline - performance.now()));
    const elapsed = () => Math.round(performance.now() - startedAt);

    let timer: NodeJS.Timeout | undefined;
    const withDeadline = <T>(step: string, work: Promise<T>): Promise<T> =>
      Promise.race([
        work,
        new Promise<T>((_, reject) => {
          timer = setTimeout(
            () => reject(new ProbeTimeoutError(timeoutMs, step)),
            remaining(),
          );
        }),
      ]).finally(() => clearTimeout(timer));

    const client = new Client(CLIENT_INFO, { capabilities: {} });
    let protocolVersion: string | undefined;
    try {
      const transport = createMcpTransport(target);
      const setProtocolVersion = transport.setProtocolVersion?.bind(transport);
      // The client reports the negotiated version only to its transport.
      transport.setProtocolVersion = (version: string) => {
        protocolVersion = version;
        setProtocolVersion?.(version);
      };
      await withDeadline(
        'initialize',
        client.connect(transport, { timeout: remaining() }),
      );
    } catch (error) {
      await client.close().catch(() => undefined);
      const status = httpStatusOf(error);
      if (status === 401 || status === 403) {
        return {
          state: 'auth-required',
          latencyMs: elapsed(),
          reason: `initialize: HTTP ${status}: ${describe(error)}`,
        };
      }
      return {
        state: 'down',
        latencyMs: elapsed(),
        reason: `initialize: ${describe(error)}`,
      };
    }

    const result: McpProbeResult = {
      state: 'up',
      latencyMs: 0,
      protocolVersion,
      serverInfo: client.getServerVersion(),
    };
    const capabilities = client.getServerCapabilities() ?? {};
    const problems: string[] = [];
    const step = async (name: string, work: () => Promise<void>) => {
      try {
        await withDeadline(name, work());
      } catch (error) {
        problems.push(`${name}: ${describe(error)}`);
      }
    };

    try {
      if (capabilities.tools) {
        await step('tools/list', async () => {
          const tools: McpToolSummary[] = [];
          let cursor: string | undefined;
          do {
            const page = await client.listTools(
              cursor ? { cursor } : undefined,
              { timeout: remaining() },
            );
            for (const tool of page.tools) {
              tools.push({
                name: tool.name,
                title: tool.title,
                description: tool.description,
                inputSchema: tool.inputSchema as Record<string, unknown>,
              });
            }
            cursor = page.nextCursor;
          } while (cursor);
          result.tools = tools;
        });
      } else {
        result.tools = [];
      }
      if (capabilities.resources) {
        await step('resources/list', async () => {
          const page = await client.listResources(undefined, {
            timeout: remaining(),
          });
          result.resourceCount = page.resources.length;
        });
      }
      if (capabilities.prompts) {
        await step('prompts/list', async () => {
          const page = await client.listPrompts(undefined, {
            timeout: remaining(),
          });
          result.promptCount = page.prompts.length;
        });
      }
      await step('ping', async () => {
        await client.ping({ timeout: remaining() });
      });
    } finally {
      result.latencyMs = elapsed();
      await client.close().catch(() => undefined);
    }
    if (problems.length) {
      result.state = 'degraded';
      result.reason = problems.join('; ');
    }
    return result;
  }
}
