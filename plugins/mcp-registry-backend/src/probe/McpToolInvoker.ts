import { InputError, NotFoundError } from '@backstage/errors';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { McpProbeTarget, createMcpTransport } from './createMcpTransport';

/** Outcome of a tool call from the try-it panel. */
export interface McpToolInvocation {
  tool: string;
  isError: boolean;
  content: unknown[];
  structuredContent?: Record<string, unknown>;
  latencyMs: number;
}

const CLIENT_INFO = {
  name: 'idp-platform-mcp-registry-try-it',
  version: '0.1.0',
};

/**
 * Calls one tool of a server, after checking the arguments against the input
 * schema the server itself announces in tools/list.
 */
export class McpToolInvoker {
  private readonly validator = new AjvJsonSchemaValidator();

  constructor(private readonly options: { timeoutMs: number }) {}

  async invoke(
    target: McpProbeTarget,
    toolName: string,
    args: Record<string, unknown>,
  ): Promise<McpToolInvocation> {
    const { timeoutMs } = this.options;
    const startedAt = performance.now();
    const remaining = () =>
      Math.max(1, Math.round(startedAt + timeoutMs - performance.now()));
    const client = new Client(CLIENT_INFO, { capabilities: {} });
    try {
      await client.connect(createMcpTransport(target), {
        timeout: remaining(),
      });
      const { tools } = await client.listTools(undefined, {
        timeout: remaining(),
      });
      const tool = tools.find(candidate => candidate.name === toolName);
      if (!tool)
        throw new NotFoundError(`tool: the server has no tool ${toolName}`);
      const check = this.validator.getValidator(tool.inputSchema as object)(
        args,
      );
      if (!check.valid) {
        throw new InputError(`arguments: ${check.errorMessage}`);
      }
      const result = await client.callTool(
        { name: toolName, arguments: args },
        undefined,
        { timeout: remaining() },
      );
      return {
        tool: toolName,
        isError: Boolean(result.isError),
        content: (result.content as unknown[]) ?? [],
        structuredContent: result.structuredContent as
          | Record<string, unknown>
          | undefined,
        latencyMs: Math.round(performance.now() - startedAt),
      };
    } finally {
      await client.close().catch(() => undefined);
    }
  }
}
