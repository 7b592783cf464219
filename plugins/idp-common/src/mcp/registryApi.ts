import { z } from 'zod';
import { McpServerJson, mcpServerJsonSchema } from './serverJson';

/** Lifecycle of a published version. @public */
export const mcpServerStatuses = ['active', 'deprecated', 'deleted'] as const;

/** @public */
export type McpServerStatus = (typeof mcpServerStatuses)[number];

/** Health states of a probed server. @public */
export const mcpHealthStates = [
  'unknown',
  'up',
  'degraded',
  'down',
  'auth-required',
] as const;

/** @public */
export type McpHealthState = (typeof mcpHealthStates)[number];

/** A tool as listed by tools/list. @public */
export interface McpToolSummary {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: Record<string, unknown>;
}

/** What changed in the tool inventory between two probes. @public */
export interface McpToolInventoryChange {
  kind:
    | 'added'
    | 'removed'
    | 'renamed'
    | 'description-changed'
    | 'schema-changed';
  tool: string;
  previousName?: string;
}

/** One health check of a server. @public */
export interface McpHealthCheck {
  id: string;
  serverName: string;
  version: string;
  checkedAt: string;
  state: McpHealthState;
  latencyMs?: number;
  reason?: string;
  protocolVersion?: string;
  serverInfo?: { name: string; version: string; title?: string };
  tools?: McpToolSummary[];
  resourceCount?: number;
  promptCount?: number;
  inventoryChanges?: McpToolInventoryChange[];
}

/** Registry metadata of a version, official shape. @public */
export interface McpOfficialMeta {
  status: McpServerStatus;
  publishedAt: string;
  updatedAt: string;
  isLatest: boolean;
}

/** A server in a registry response: server.json plus registry metadata. @public */
export interface McpServerResponse {
  server: McpServerJson;
  _meta: Record<string, unknown> & {
    'io.modelcontextprotocol.registry/official'?: McpOfficialMeta;
  };
}

/** `GET /v0.1/servers` response. @public */
export interface McpServerListResponse {
  servers: McpServerResponse[];
  metadata: { nextCursor?: string; count: number };
}

/** Query of `GET /v0.1/servers`. @public */
export const mcpServerListQuerySchema = z.object({
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  search: z.string().optional(),
  updated_since: z.string().datetime({ offset: true }).optional(),
  version: z.literal('latest').optional(),
  owner: z.string().optional(),
  tool: z.string().optional(),
  status: z.enum(mcpHealthStates).optional(),
});

/** @public */
export type McpServerListQuery = z.infer<typeof mcpServerListQuerySchema>;

/** Body of this registry's register route: server.json plus owner. @public */
export const mcpRegisterRequestSchema = z.object({
  server: mcpServerJsonSchema,
  owner: z.string().min(1),
  hostingComponent: z.string().optional(),
});

/** @public */
export type McpRegisterRequest = z.infer<typeof mcpRegisterRequestSchema>;

/** Body of the try-it route. @public */
export const mcpInvokeRequestSchema = z.object({
  tool: z.string().min(1),
  arguments: z.record(z.unknown()).default({}),
});
