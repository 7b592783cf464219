import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { InputError, ResponseError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  McpServerJson,
  McpServerResponse,
  mcpServerJsonSchema,
} from '@idp-platform/backstage-plugin-idp-common';
import fs from 'fs/promises';
import path from 'path';

const REGISTRY_PLUGIN_ID = 'mcp-registry';

async function readServerJson(
  input: { server?: Record<string, unknown>; serverJsonPath?: string },
  workspacePath: string,
): Promise<McpServerJson> {
  let raw: unknown = input.server;
  if (input.serverJsonPath) {
    const file = path.resolve(workspacePath, input.serverJsonPath);
    if (!file.startsWith(path.resolve(workspacePath) + path.sep)) {
      throw new InputError('serverJsonPath: must stay inside the workspace');
    }
    try {
      raw = JSON.parse(await fs.readFile(file, 'utf8'));
    } catch (error) {
      throw new InputError(
        `serverJsonPath: cannot read ${input.serverJsonPath}: ${error}`,
      );
    }
  }
  if (raw === undefined) {
    throw new InputError('server: give the server.json, or serverJsonPath');
  }
  const parsed = mcpServerJsonSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`server.${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * `idp:mcp:register`: registers a new MCP server's server.json in the IDP
 * MCP registry, on behalf of the user running the template. A dry run
 * validates the server.json without registering it.
 *
 * @public
 */
export function createMcpRegisterAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}) {
  return createTemplateAction({
    id: 'idp:mcp:register',
    description:
      'Registers an MCP server (official server.json format) in the IDP MCP registry',
    supportsDryRun: true,
    examples: [
      {
        description: 'Register the server.json the template generated',
        example: [
          'steps:',
          '  - id: register-mcp',
          '    action: idp:mcp:register',
          '    input:',
          '      serverJsonPath: server.json',
          '      owner: ${{ parameters.owner }}',
          '      hostingComponent: component:default/${{ parameters.name }}',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        server: z =>
          z.record(z.unknown()).optional().describe('The server.json document'),
        serverJsonPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Path of a server.json in the workspace, instead of server',
            ),
        owner: z =>
          z.string().min(1).describe('Entity ref of the owning group or user'),
        hostingComponent: z =>
          z
            .string()
            .optional()
            .describe('Entity ref of the component that runs the server'),
      },
      output: {
        name: z => z.string().describe('The server name'),
        version: z => z.string().describe('The registered version'),
        registryUrl: z =>
          z.string().describe('Registry API URL of the registered version'),
      },
    },
    async handler(ctx) {
      const server = await readServerJson(ctx.input, ctx.workspacePath);
      const baseUrl = await options.discovery.getBaseUrl(REGISTRY_PLUGIN_ID);
      const registryUrl = `${baseUrl}/v0.1/servers/${encodeURIComponent(
        server.name,
      )}/versions/${encodeURIComponent(server.version)}`;
      ctx.output('name', server.name);
      ctx.output('version', server.version);
      ctx.output('registryUrl', registryUrl);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: ${server.name} ${server.version} is a valid server.json; not registered`,
        );
        return;
      }
      const { token } = await options.auth.getPluginRequestToken({
        onBehalfOf: await ctx.getInitiatorCredentials(),
        targetPluginId: REGISTRY_PLUGIN_ID,
      });
      const response = await fetch(`${baseUrl}/servers`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          server,
          owner: ctx.input.owner,
          hostingComponent: ctx.input.hostingComponent,
        }),
      });
      if (!response.ok) {
        throw await ResponseError.fromResponse(response);
      }
      const registered = (await response.json()) as McpServerResponse;
      ctx.logger.info(
        `Registered ${registered.server.name} ${registered.server.version} in the MCP registry`,
      );
    },
  });
}
