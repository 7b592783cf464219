import {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  PLUGIN_KINDS,
  pluginInstallRequestSchema,
  pluginManagerInstallPermission,
  pluginManagerReadPermission,
  pluginSearchQuerySchema,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  authorizeOrThrow,
  parseRequestBody,
  runAudited,
  userEntityRefOf,
} from '@idp-platform/backstage-plugin-idp-node';
import { PluginManagerService } from '../service/PluginManagerService';

function actorRef(credentials: BackstageCredentials): string {
  return (
    userEntityRefOf(credentials) ??
    (credentials.principal as { subject?: string }).subject ??
    'unknown'
  );
}

/**
 * Registers `plugin-manager:search` and `plugin-manager:install` so the MCP
 * actions backend offers them to AI assistants as tools.
 */
export function registerPluginManagerActions(options: {
  actionsRegistry: ActionsRegistryService;
  service: PluginManagerService;
  permissions: PermissionsService;
  auditor: AuditorService;
}) {
  const { actionsRegistry, service, permissions, auditor } = options;

  actionsRegistry.register({
    name: 'search',
    title: 'Search Backstage plugins',
    description:
      'Searches the configured npm registries (cached) for Backstage plugins by text, with optional filters on role (e.g. backend-plugin), kind (frontend, backend, library, other), author and keyword. Returns one page of matches with the installed version of each, and facet counts.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          q: z
            .string()
            .optional()
            .describe('Words to find in name, description or keywords'),
          role: z.string().optional().describe('package.json backstage.role'),
          kind: z.enum(PLUGIN_KINDS).optional(),
          author: z.string().optional(),
          keyword: z.string().optional(),
          page: z.number().int().min(1).optional(),
          pageSize: z.number().int().min(1).max(100).optional(),
        }),
      output: z =>
        z.object({
          total: z.number(),
          items: z.array(
            z.object({
              name: z.string(),
              version: z.string(),
              description: z.string().optional(),
              role: z.string().optional(),
              kind: z.string(),
              installedVersion: z.string().optional(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      await authorizeOrThrow(
        permissions,
        pluginManagerReadPermission,
        credentials,
      );
      const result = await service.search(
        parseRequestBody(pluginSearchQuerySchema, input),
      );
      return {
        output: {
          total: result.total,
          items: result.items.map(item => ({
            name: item.name,
            version: item.version,
            description: item.description,
            role: item.role,
            kind: item.kind,
            installedVersion: item.installedVersion,
          })),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'install',
    title: 'Install a Backstage plugin',
    description:
      'Installs an npm package as a dynamic plugin: checks compatibility and conflicts first (a blocked plan fails with the reasons), verifies the tarball integrity, and swaps it into the dynamic plugins root; it loads on the next backend start. In a protected environment a change request is opened instead.',
    attributes: { readOnly: false, idempotent: false, destructive: false },
    schema: {
      input: z =>
        z.object({
          package: z.string().describe('npm package name'),
          version: z
            .string()
            .optional()
            .describe('Version or dist-tag; latest when absent'),
          pluginConfig: z
            .record(z.unknown())
            .optional()
            .describe('app-config for the plugin'),
        }),
      output: z =>
        z.object({
          status: z.enum(['applied', 'pending-approval']),
          version: z.string().optional(),
          revision: z.number().optional(),
          changeRequestId: z.string().optional(),
        }),
    },
    action: async ({ input, credentials }) => {
      await authorizeOrThrow(
        permissions,
        pluginManagerInstallPermission,
        credentials,
      );
      const request = parseRequestBody(pluginInstallRequestSchema, input);
      const result = await runAudited(
        auditor,
        {
          eventId: 'plugin-install',
          meta: { package: request.package, via: 'action' },
        },
        () =>
          service.request(
            { action: 'install', ...request },
            { ref: actorRef(credentials), ownershipEntityRefs: [] },
          ),
      );
      return {
        output: {
          status: result.status,
          version: result.plugin?.version,
          revision: result.revision?.revision,
          changeRequestId: result.changeRequest?.id,
        },
      };
    },
  });
}
