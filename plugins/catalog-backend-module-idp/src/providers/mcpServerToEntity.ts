import {
  ApiEntity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  IDP_ANNOTATIONS,
  MCP_IDP_META_KEY,
  McpServerResponse,
  McpToolSummary,
} from '@idp-platform/backstage-plugin-idp-common';
import { createHash } from 'crypto';

/** `spec.type` of an API entity that describes an MCP server. */
export const MCP_SERVER_API_TYPE = 'mcp-server';

const MAX_NAME_LENGTH = 63;

/**
 * Entity name of a server.json name: `io.github.org/server` becomes
 * `io.github.org--server`; names too long get a short hash suffix so two
 * servers never collide.
 */
export function mcpServerEntityName(serverName: string): string {
  const name = serverName.replace(/\//g, '--').replace(/[^a-zA-Z0-9._-]/g, '-');
  if (name.length <= MAX_NAME_LENGTH) return name;
  const hash = createHash('sha256')
    .update(serverName)
    .digest('hex')
    .slice(0, 8);
  return `${name.slice(0, MAX_NAME_LENGTH - 9).replace(/[-._]+$/, '')}-${hash}`;
}

interface RegistryMeta {
  owner?: string;
  hostingComponent?: string;
  healthState?: string;
  tools?: McpToolSummary[];
}

/**
 * The catalog's view of one registered server (its latest version):
 * `kind: API`, `spec.type: mcp-server`, `spec.remotes`, and a definition
 * summarising packages, remotes and tools.
 */
export function mcpServerToEntity(
  response: McpServerResponse,
  options: { registryUrl: string },
): ApiEntity {
  const { server } = response;
  const meta = (response._meta?.[MCP_IDP_META_KEY] ?? {}) as RegistryMeta;
  const tools = meta.tools ?? [];
  const location = `url:${
    options.registryUrl
  }/v0.1/servers/${encodeURIComponent(server.name)}/versions/latest`;
  const definition = {
    name: server.name,
    version: server.version,
    description: server.description,
    remotes: server.remotes ?? [],
    packages: (server.packages ?? []).map(pkg => ({
      registryType: pkg.registryType,
      identifier: pkg.identifier,
      version: pkg.version,
      transport: pkg.transport.type,
    })),
    health: meta.healthState ?? 'unknown',
    tools: tools.map(tool => ({
      name: tool.name,
      description: tool.description,
      inputSchema: tool.inputSchema,
    })),
  };
  const links = [
    ...(server.websiteUrl
      ? [{ url: server.websiteUrl, title: 'Website' }]
      : []),
    ...(server.repository?.url
      ? [{ url: server.repository.url, title: 'Repository' }]
      : []),
  ];
  const hostingComponent = meta.hostingComponent
    ? stringifyEntityRef(
        parseEntityRef(meta.hostingComponent, { defaultKind: 'component' }),
      )
    : undefined;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: {
      name: mcpServerEntityName(server.name),
      title: server.title ?? server.name,
      description: server.description,
      tags: ['mcp'],
      annotations: {
        [IDP_ANNOTATIONS.mcpServer]: server.name,
        'backstage.io/managed-by-location': location,
        'backstage.io/managed-by-origin-location': location,
      },
      ...(links.length ? { links } : {}),
    },
    spec: {
      type: MCP_SERVER_API_TYPE,
      lifecycle: 'production',
      owner: meta.owner ?? 'group:default/unknown',
      definition: JSON.stringify(definition, null, 2),
      remotes: (server.remotes ?? []).map(remote => ({
        type: remote.type,
        url: remote.url,
      })),
      ...(hostingComponent ? { hostedBy: hostingComponent } : {}),
    },
  } as ApiEntity;
}
