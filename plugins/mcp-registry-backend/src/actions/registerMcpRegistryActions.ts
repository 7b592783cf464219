import {
  AuditorService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  mcpHealthStates,
  mcpServerJsonSchema,
  mcpServerReadPermission,
  mcpServerRegisterPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import { McpRegistryService } from '../service/McpRegistryService';
import {
  authorizeOrThrow,
  parseRequestBody,
  userEntityRefOf,
} from '@idp-platform/backstage-plugin-idp-node';

/**
 * Registers `mcp-registry:search` and `mcp-registry:register` so the MCP
 * actions backend offers them to AI assistants as tools.
 */
export function registerMcpRegistryActions(options: {
  actionsRegistry: ActionsRegistryService;
  service: McpRegistryService;
  permissions: PermissionsService;
  auditor: AuditorService;
}) {
  const { actionsRegistry, service, permissions, auditor } = options;

  actionsRegistry.register({
    name: 'search',
    title: 'Search MCP servers',
    description:
      'Finds registered MCP servers (latest versions) by text, tool name, health state or owner. Returns each server with its owner, health state and tool names.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    visibilityPermission: mcpServerReadPermission,
    schema: {
      input: z =>
        z.object({
          search: z
            .string()
            .optional()
            .describe('Text found in the name, description or tools'),
          tool: z.string().optional().describe('Exact name of a tool'),
          status: z.enum(mcpHealthStates).optional(),
          owner: z.string().optional().describe('Owner entity ref'),
          limit: z.number().int().min(1).max(100).optional(),
        }),
      output: z =>
        z.object({
          servers: z.array(
            z.object({
              name: z.string(),
              version: z.string(),
              description: z.string(),
              owner: z.string(),
              healthState: z.string(),
              tools: z.array(z.string()),
              remotes: z.array(z.object({ type: z.string(), url: z.string() })),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      await authorizeOrThrow(permissions, mcpServerReadPermission, credentials);
      const result = await service.listRecords({
        version: 'latest',
        search: input.search,
        tool: input.tool,
        status: input.status,
        owner: input.owner,
        limit: input.limit ?? 20,
      });
      return {
        output: {
          servers: result.map(record => ({
            name: record.server.name,
            version: record.server.version,
            description: record.server.description,
            owner: record.owner,
            healthState: record.healthState,
            tools: (record.tools ?? []).map(tool => tool.name),
            remotes: (record.server.remotes ?? []).map(remote => ({
              type: remote.type,
              url: remote.url,
            })),
          })),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'register',
    title: 'Register an MCP server',
    description:
      'Publishes a server.json (official MCP registry format) as a new version owned by the given group. Fails when that name and version already exist.',
    attributes: { readOnly: false, idempotent: false, destructive: false },
    visibilityPermission: mcpServerRegisterPermission,
    schema: {
      input: z =>
        z.object({
          server: z
            .object({})
            .passthrough()
            .describe(
              'server.json: name (namespace/name), description (<= 100 chars), exact version, packages[] and/or remotes[]',
            ),
          owner: z
            .string()
            .describe('Owner entity ref, e.g. group:default/team-a'),
          hostingComponent: z
            .string()
            .optional()
            .describe('Entity ref of the component that hosts the server'),
        }),
      output: z =>
        z.object({
          name: z.string(),
          version: z.string(),
          isLatest: z.boolean(),
        }),
    },
    action: async ({ input, credentials }) => {
      await authorizeOrThrow(
        permissions,
        mcpServerRegisterPermission,
        credentials,
      );
      const server = parseRequestBody(mcpServerJsonSchema, input.server);
      const event = await auditor.createEvent({
        eventId: 'server-register',
        severityLevel: 'medium',
        meta: { name: server.name, version: server.version, via: 'action' },
      });
      try {
        const record = await service.publishRecord(server, {
          owner: input.owner,
          hostingComponent: input.hostingComponent,
          publishedBy: userEntityRefOf(credentials),
        });
        await event.success();
        return {
          output: {
            name: record.server.name,
            version: record.server.version,
            isLatest: record.isLatest,
          },
        };
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    },
  });
}
