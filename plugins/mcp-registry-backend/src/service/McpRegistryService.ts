import { LoggerService } from '@backstage/backend-plugin-api';
import { SignalsService } from '@backstage/plugin-signals-node';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  MCP_HEALTH_SIGNAL_CHANNEL,
  MCP_IDP_META_KEY,
  MCP_OFFICIAL_META_KEY,
  McpHealthCheck,
  McpServerJson,
  McpServerListQuery,
  McpServerListResponse,
  McpServerResponse,
  mcpServerJsonSchema,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  McpServerStore,
  McpServerVersionRecord,
} from '../database/McpServerStore';
import { McpHealthProbe } from '../probe/McpHealthProbe';
import { McpToolInvocation, McpToolInvoker } from '../probe/McpToolInvoker';
import { compareToolInventories } from '../probe/compareToolInventories';
import { resolveProbeTarget } from '../probe/resolveProbeTarget';
import { isNewerVersion } from './compareVersions';

const DEFAULT_PAGE_SIZE = 30;

/** Options of a publish. */
export interface McpPublishOptions {
  owner: string;
  hostingComponent?: string;
  publishedBy?: string;
}

/** Outcome of an import from another registry. */
export interface McpImportResult {
  imported: number;
  skipped: number;
  failed: { name: string; reason: string }[];
}

function encodeCursor(record: McpServerVersionRecord): string {
  return Buffer.from(
    JSON.stringify([record.server.name, record.id]),
    'utf8',
  ).toString('base64url');
}

function decodeCursor(cursor: string): { name: string; id: string } {
  try {
    const [name, id] = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    );
    if (typeof name === 'string' && /^\d+$/.test(String(id))) {
      return { name, id: String(id) };
    }
  } catch {
    // fall through to the InputError
  }
  throw new InputError('cursor: not a cursor returned by this registry');
}

/** The registry: publishing, listing, importing and health checking servers. */
export class McpRegistryService {
  constructor(
    private readonly options: {
      store: McpServerStore;
      probe: McpHealthProbe;
      invoker: McpToolInvoker;
      logger: LoggerService;
      signals?: SignalsService;
      allowPackageDownload: boolean;
      healthHistoryLimit: number;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.options.now ? this.options.now() : new Date();
  }

  toResponse(record: McpServerVersionRecord): McpServerResponse {
    const { _meta: publisherMeta, ...server } = record.server;
    return {
      server: publisherMeta ? { ...server, _meta: publisherMeta } : server,
      _meta: {
        [MCP_OFFICIAL_META_KEY]: {
          status: record.status,
          publishedAt: record.publishedAt,
          updatedAt: record.updatedAt,
          isLatest: record.isLatest,
        },
        [MCP_IDP_META_KEY]: {
          owner: record.owner,
          hostingComponent: record.hostingComponent,
          healthState: record.healthState,
          tools: record.tools,
        },
      },
    };
  }

  async publish(
    server: McpServerJson,
    options: McpPublishOptions,
  ): Promise<McpServerResponse> {
    return this.toResponse(await this.publishRecord(server, options));
  }

  async publishRecord(
    server: McpServerJson,
    options: McpPublishOptions,
  ): Promise<McpServerVersionRecord> {
    return this.options.store.insertVersion({
      server,
      owner: options.owner,
      hostingComponent: options.hostingComponent,
      publishedBy: options.publishedBy,
      makeLatest: current =>
        current === undefined || isNewerVersion(server.version, current),
      now: this.now(),
    });
  }

  /** One page of stored versions, without the registry response envelope. */
  async listRecords(
    query: McpServerListQuery,
  ): Promise<McpServerVersionRecord[]> {
    return this.options.store.list({
      latestOnly: query.version === 'latest',
      search: query.search,
      updatedSince: query.updated_since,
      owner: query.owner,
      tool: query.tool,
      healthState: query.status,
      cursor: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
    });
  }

  async list(query: McpServerListQuery): Promise<McpServerListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const records = await this.listRecords({ ...query, limit: limit + 1 });
    const page = records.slice(0, limit);
    const more = records.length > limit;
    return {
      servers: page.map(record => this.toResponse(record)),
      metadata: {
        count: page.length,
        ...(more ? { nextCursor: encodeCursor(page[page.length - 1]) } : {}),
      },
    };
  }

  async listVersions(name: string): Promise<McpServerListResponse> {
    const records = await this.options.store.listVersions(name);
    if (!records.length) throw new NotFoundError(`No MCP server ${name}`);
    return {
      servers: records.map(record => this.toResponse(record)),
      metadata: { count: records.length },
    };
  }

  async getVersion(name: string, version: string): Promise<McpServerResponse> {
    return this.toResponse(await this.requireVersion(name, version));
  }

  async healthHistory(name: string): Promise<McpHealthCheck[]> {
    await this.requireVersion(name, 'latest');
    return this.options.store.listHealthChecks(
      name,
      this.options.healthHistoryLimit,
    );
  }

  /** Probes one version now, records the check and flags inventory changes. */
  async check(name: string, version: string): Promise<McpHealthCheck> {
    const record = await this.requireVersion(name, version);
    const target = resolveProbeTarget(record.server, {
      allowPackageDownload: this.options.allowPackageDownload,
    });
    const checkedAt = this.now().toISOString();
    const base = {
      serverName: record.server.name,
      version: record.server.version,
      checkedAt,
    };
    if ('unreachable' in target) {
      const check = await this.options.store.recordHealthCheck({
        ...base,
        state: 'down',
        reason: target.unreachable,
      });
      await this.announce(check);
      return check;
    }
    const result = await this.options.probe.probe(target);
    const inventoryChanges =
      result.tools && record.tools
        ? compareToolInventories(record.tools, result.tools)
        : undefined;
    const check = await this.options.store.recordHealthCheck({
      ...base,
      ...result,
      inventoryChanges: inventoryChanges?.length ? inventoryChanges : undefined,
    });
    await this.announce(check);
    return check;
  }

  /** Tells open pages that a server's health changed, so they refresh. */
  private async announce(check: McpHealthCheck): Promise<void> {
    try {
      await this.options.signals?.publish({
        recipients: { type: 'broadcast' },
        channel: MCP_HEALTH_SIGNAL_CHANNEL,
        message: {
          name: check.serverName,
          version: check.version,
          state: check.state,
          checkedAt: check.checkedAt,
        },
      });
    } catch (error) {
      this.options.logger.warn(`Health signal not published: ${error}`);
    }
  }

  /** Calls a tool of a server version with arguments checked against its input schema. */
  async invoke(
    name: string,
    version: string,
    tool: string,
    args: Record<string, unknown>,
  ): Promise<McpToolInvocation> {
    const record = await this.requireVersion(name, version);
    const target = resolveProbeTarget(record.server, {
      allowPackageDownload: this.options.allowPackageDownload,
    });
    if ('unreachable' in target) {
      throw new InputError(`${name}: ${target.unreachable}`);
    }
    return this.options.invoker.invoke(target, tool, args);
  }

  /** Probes the latest version of every server, one after another. */
  async checkAll(): Promise<{ checked: number }> {
    let checked = 0;
    let cursor: { name: string; id: string } | undefined;
    for (;;) {
      const page = await this.options.store.list({
        latestOnly: true,
        limit: 50,
        cursor,
      });
      for (const record of page) {
        try {
          await this.check(record.server.name, record.server.version);
          checked++;
        } catch (error) {
          this.options.logger.warn(
            `Health check of ${record.server.name} failed: ${error}`,
          );
        }
      }
      if (page.length < 50) return { checked };
      const last = page[page.length - 1];
      cursor = { name: last.server.name, id: last.id };
    }
  }

  /**
   * Copies every server version from a registry serving the official API.
   * Versions already here are skipped; invalid server.json files are reported.
   */
  async importFrom(
    baseUrl: string,
    options: { owner: string; publishedBy?: string },
  ): Promise<McpImportResult> {
    const result: McpImportResult = { imported: 0, skipped: 0, failed: [] };
    const root = baseUrl.replace(/\/+$/, '');
    let cursor: string | undefined;
    do {
      const url = new URL(`${root}/servers`);
      url.searchParams.set('limit', '100');
      if (cursor) url.searchParams.set('cursor', cursor);
      const response = await fetch(url);
      if (!response.ok) {
        throw new InputError(
          `url: ${url} answered ${response.status} ${response.statusText}`,
        );
      }
      const body = (await response.json()) as Partial<McpServerListResponse>;
      if (!Array.isArray(body.servers)) {
        throw new InputError(`url: ${url} did not answer a server list`);
      }
      for (const entry of body.servers) {
        const parsed = mcpServerJsonSchema.safeParse(entry?.server);
        const name = String(entry?.server?.name ?? '(unnamed)');
        if (!parsed.success) {
          result.failed.push({
            name,
            reason: parsed.error.issues
              .map(issue => `${issue.path.join('.')}: ${issue.message}`)
              .join('; '),
          });
          continue;
        }
        const existing = await this.options.store.getVersion(
          parsed.data.name,
          parsed.data.version,
        );
        if (existing) {
          result.skipped++;
          continue;
        }
        await this.publish(parsed.data, options);
        result.imported++;
      }
      cursor = body.metadata?.nextCursor;
    } while (cursor);
    return result;
  }

  private async requireVersion(
    name: string,
    version: string,
  ): Promise<McpServerVersionRecord> {
    const record = await this.options.store.getVersion(name, version);
    if (!record) {
      throw new NotFoundError(`No MCP server ${name} version ${version}`);
    }
    return record;
  }
}
