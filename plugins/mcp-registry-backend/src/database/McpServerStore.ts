import { DatabaseService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  McpHealthCheck,
  McpHealthState,
  McpServerJson,
  McpServerStatus,
  McpToolSummary,
} from '@idp-platform/backstage-plugin-idp-common';
import { Knex } from 'knex';
import { migrateMcpRegistryDatabase } from './migrateMcpRegistryDatabase';

/** A stored server version. */
export interface McpServerVersionRecord {
  id: string;
  server: McpServerJson;
  owner: string;
  hostingComponent?: string;
  status: McpServerStatus;
  isLatest: boolean;
  publishedBy?: string;
  healthState: McpHealthState;
  tools?: McpToolSummary[];
  publishedAt: string;
  updatedAt: string;
}

/** Filters of a server listing. */
export interface McpServerListFilter {
  latestOnly?: boolean;
  search?: string;
  updatedSince?: string;
  owner?: string;
  tool?: string;
  healthState?: McpHealthState;
  limit: number;
  cursor?: { name: string; id: string };
}

type VersionRow = {
  id: string | number;
  name: string;
  version: string;
  description: string;
  server_json: string;
  owner: string;
  hosting_component: string | null;
  status: string;
  is_latest: boolean | number;
  published_by: string | null;
  health_state: string;
  tools: string | null;
  published_at: Date | string;
  updated_at: Date | string;
};

type HealthRow = {
  id: string | number;
  name: string;
  version: string;
  checked_at: Date | string;
  state: string;
  latency_ms: number | null;
  reason: string | null;
  protocol_version: string | null;
  server_info: string | null;
  tools: string | null;
  resource_count: number | null;
  prompt_count: number | null;
  inventory_changes: string | null;
};

function toIso(value: Date | string): string {
  return new Date(value).toISOString();
}

function parseJson<T>(value: string | null): T | undefined {
  return value === null || value === undefined
    ? undefined
    : (JSON.parse(value) as T);
}

function isUniqueViolation(error: unknown): boolean {
  const text = String((error as Error)?.message ?? error);
  return /unique|duplicate key/i.test(text);
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, match => `\\${match}`);
}

/** Persists MCP server versions and their health history. */
export class McpServerStore {
  static async create(database: DatabaseService): Promise<McpServerStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await migrateMcpRegistryDatabase(client);
    }
    return new McpServerStore(client);
  }

  constructor(private readonly db: Knex) {}

  /**
   * Inserts a version. The unique (name, version) constraint turns a second
   * publish of the same version into a ConflictError, also across writers.
   */
  async insertVersion(options: {
    server: McpServerJson;
    owner: string;
    hostingComponent?: string;
    publishedBy?: string;
    makeLatest: (currentLatestVersion: string | undefined) => boolean;
    now: Date;
  }): Promise<McpServerVersionRecord> {
    const { server, now } = options;
    try {
      const id = await this.db.transaction(async tx => {
        const current = await tx<VersionRow>('mcp_server_versions')
          .where({ name: server.name, is_latest: true })
          .first();
        const latest = options.makeLatest(current?.version);
        if (latest) {
          await tx('mcp_server_versions')
            .where({ name: server.name })
            .update({ is_latest: false, updated_at: now });
        }
        const [inserted] = await tx('mcp_server_versions')
          .insert({
            name: server.name,
            version: server.version,
            description: server.description,
            server_json: JSON.stringify(server),
            owner: options.owner,
            hosting_component: options.hostingComponent ?? null,
            status: 'active',
            is_latest: latest,
            published_by: options.publishedBy ?? null,
            health_state: 'unknown',
            published_at: now,
            updated_at: now,
          })
          .returning('id');
        return typeof inserted === 'object' ? inserted.id : inserted;
      });
      return (await this.getById(String(id)))!;
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          `${server.name} version ${server.version} is already published`,
        );
      }
      throw error;
    }
  }

  async getById(id: string): Promise<McpServerVersionRecord | undefined> {
    const row = await this.db<VersionRow>('mcp_server_versions')
      .where({ id })
      .first();
    return row ? this.toRecord(row) : undefined;
  }

  async getVersion(
    name: string,
    version: string,
  ): Promise<McpServerVersionRecord | undefined> {
    const query = this.db<VersionRow>('mcp_server_versions').where({ name });
    const row =
      version === 'latest'
        ? await query.andWhere({ is_latest: true }).first()
        : await query.andWhere({ version }).first();
    return row ? this.toRecord(row) : undefined;
  }

  async listVersions(name: string): Promise<McpServerVersionRecord[]> {
    const rows = await this.db<VersionRow>('mcp_server_versions')
      .where({ name })
      .orderBy('id', 'asc');
    return rows.map(row => this.toRecord(row));
  }

  /** Lists versions ordered by name then id; a page ends where `limit` is reached. */
  async list(filter: McpServerListFilter): Promise<McpServerVersionRecord[]> {
    const query = this.db<VersionRow>('mcp_server_versions')
      .orderBy([
        { column: 'name', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(filter.limit);
    if (filter.latestOnly) query.where({ is_latest: true });
    if (filter.owner) query.where({ owner: filter.owner });
    if (filter.healthState) query.where({ health_state: filter.healthState });
    if (filter.updatedSince) {
      query.where('updated_at', '>', new Date(filter.updatedSince));
    }
    if (filter.search) {
      const pattern = `%${escapeLike(filter.search.toLowerCase())}%`;
      query.where(inner =>
        inner
          .whereRaw("LOWER(name) LIKE ? ESCAPE '\\'", [pattern])
          .orWhereRaw("LOWER(description) LIKE ? ESCAPE '\\'", [pattern])
          .orWhereRaw("LOWER(tools) LIKE ? ESCAPE '\\'", [pattern]),
      );
    }
    if (filter.tool) {
      const pattern = `%"name":"${escapeLike(filter.tool)}"%`;
      query.whereRaw("tools LIKE ? ESCAPE '\\'", [pattern]);
    }
    if (filter.cursor) {
      const { name, id } = filter.cursor;
      query.where(inner =>
        inner
          .where('name', '>', name)
          .orWhere(same =>
            same.where('name', '=', name).andWhere('id', '>', id),
          ),
      );
    }
    const rows = await query;
    return rows.map(row => this.toRecord(row));
  }

  async recordHealthCheck(
    check: Omit<McpHealthCheck, 'id'>,
  ): Promise<McpHealthCheck> {
    const checkedAt = new Date(check.checkedAt);
    const id = await this.db.transaction(async tx => {
      const [inserted] = await tx('mcp_health_checks')
        .insert({
          name: check.serverName,
          version: check.version,
          checked_at: checkedAt,
          state: check.state,
          latency_ms: check.latencyMs ?? null,
          reason: check.reason ?? null,
          protocol_version: check.protocolVersion ?? null,
          server_info: check.serverInfo
            ? JSON.stringify(check.serverInfo)
            : null,
          tools: check.tools ? JSON.stringify(check.tools) : null,
          resource_count: check.resourceCount ?? null,
          prompt_count: check.promptCount ?? null,
          inventory_changes: check.inventoryChanges
            ? JSON.stringify(check.inventoryChanges)
            : null,
        })
        .returning('id');
      const update: Record<string, unknown> = { health_state: check.state };
      // A failed probe keeps the last known inventory.
      if (check.tools) update.tools = JSON.stringify(check.tools);
      await tx('mcp_server_versions')
        .where({ name: check.serverName, version: check.version })
        .update(update);
      return typeof inserted === 'object' ? inserted.id : inserted;
    });
    return { ...check, id: String(id) };
  }

  async listHealthChecks(
    name: string,
    limit: number,
  ): Promise<McpHealthCheck[]> {
    const rows = await this.db<HealthRow>('mcp_health_checks')
      .where({ name })
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.map(row => ({
      id: String(row.id),
      serverName: row.name,
      version: row.version,
      checkedAt: toIso(row.checked_at),
      state: row.state as McpHealthState,
      latencyMs: row.latency_ms ?? undefined,
      reason: row.reason ?? undefined,
      protocolVersion: row.protocol_version ?? undefined,
      serverInfo: parseJson(row.server_info),
      tools: parseJson(row.tools),
      resourceCount: row.resource_count ?? undefined,
      promptCount: row.prompt_count ?? undefined,
      inventoryChanges: parseJson(row.inventory_changes),
    }));
  }

  private toRecord(row: VersionRow): McpServerVersionRecord {
    return {
      id: String(row.id),
      server: JSON.parse(row.server_json),
      owner: row.owner,
      hostingComponent: row.hosting_component ?? undefined,
      status: row.status as McpServerStatus,
      isLatest: Boolean(row.is_latest),
      publishedBy: row.published_by ?? undefined,
      healthState: row.health_state as McpHealthState,
      tools: parseJson(row.tools),
      publishedAt: toIso(row.published_at),
      updatedAt: toIso(row.updated_at),
    };
  }
}
