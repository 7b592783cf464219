import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';
import {
  PluginSearchFacetValue,
  PluginSearchResponse,
  PluginSummary,
  pluginSearchQuerySchema,
} from '@idp-platform/backstage-plugin-idp-common';
import { z } from 'zod';
import { RegistryConfig } from '../readPluginManagerConfig';
import { NpmPackument, NpmRegistryClient } from '../registry/NpmRegistryClient';
import { summarizePackument } from './summarizePackument';

const INDEX_KEY = 'plugin-index:v1';
const INDEX_STAMP_KEY = 'plugin-index:v1:refreshed-at';
const SEARCH_PAGE_SIZE = 250;
const PACKUMENT_CONCURRENCY = 8;

interface PluginIndex {
  refreshedAt: string;
  items: PluginSummary[];
}

/** Options of {@link PluginDiscoveryService}. */
export interface PluginDiscoveryOptions {
  client: NpmRegistryClient;
  cache: CacheService;
  logger: LoggerService;
  queries: string[];
  /** Packages read by name besides the search hits. */
  packages?: string[];
  maxPackages: number;
  cacheTtl: HumanDuration;
}

function isNotFound(error: unknown): boolean {
  return (
    (error as { response?: { status?: number } })?.response?.status === 404
  );
}

async function mapWithConcurrency<T, R>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, () =>
    (async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]);
      }
    })(),
  );
  await Promise.all(workers);
  return results;
}

function facet(values: (string | undefined)[]): PluginSearchFacetValue[] {
  const counts = new Map<string, number>();
  for (const value of values) {
    if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/**
 * Discovery of Backstage plugins: reads every registry's search API and the
 * packuments of the hits into a cached index, and answers text searches with
 * facets from that index.
 */
export class PluginDiscoveryService {
  private refreshing?: Promise<PluginIndex>;
  /** The index last read from the cache, reused while the cache holds the same refresh. */
  private memo?: PluginIndex;

  constructor(private readonly options: PluginDiscoveryOptions) {}

  /** A packument, from the cache when it is there. */
  async packument(name: string): Promise<NpmPackument> {
    const key = `packument:${name}`;
    const cached = await this.options.cache.get(key);
    if (cached) return cached as unknown as NpmPackument;
    const packument = await this.options.client.packument(name);
    await this.options.cache.set(key, packument as any, {
      ttl: this.options.cacheTtl,
    });
    return packument;
  }

  /** Reads every registry again and replaces the cached index. */
  async refresh(): Promise<PluginIndex> {
    if (!this.refreshing) {
      this.refreshing = this.readRegistries().finally(() => {
        this.refreshing = undefined;
      });
    }
    return this.refreshing;
  }

  async search(
    query: z.output<typeof pluginSearchQuerySchema>,
    installed: Map<string, string> = new Map(),
  ): Promise<PluginSearchResponse> {
    const index = await this.index();
    const terms = (query.q ?? '')
      .toLocaleLowerCase('en-US')
      .split(/\s+/)
      .filter(Boolean);
    const matches = index.items.filter(item => {
      if (query.role && item.role !== query.role) return false;
      if (query.kind && item.kind !== query.kind) return false;
      if (query.registry && item.registry !== query.registry) return false;
      if (query.author && item.author !== query.author) return false;
      if (query.keyword && !item.keywords.includes(query.keyword)) return false;
      if (!terms.length) return true;
      const text = `${item.name} ${item.description ?? ''} ${item.keywords.join(
        ' ',
      )}`.toLocaleLowerCase('en-US');
      return terms.every(term => text.includes(term));
    });
    const rank = (item: PluginSummary) =>
      terms.length && terms.every(term => item.name.includes(term)) ? 0 : 1;
    matches.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
    const start = (query.page - 1) * query.pageSize;
    return {
      items: matches.slice(start, start + query.pageSize).map(item => ({
        ...item,
        ...(installed.has(item.name)
          ? { installedVersion: installed.get(item.name) }
          : {}),
      })),
      total: matches.length,
      page: query.page,
      pageSize: query.pageSize,
      facets: {
        role: facet(matches.map(m => m.role)),
        author: facet(matches.map(m => m.author)),
        keyword: facet(matches.flatMap(m => m.keywords)),
        kind: facet(matches.map(m => m.kind)),
      },
      refreshedAt: index.refreshedAt,
    };
  }

  /** The summary of one package, from the index or its packument. */
  async summary(name: string): Promise<PluginSummary> {
    const packument = await this.packument(name);
    const summary = summarizePackument(
      packument,
      this.options.client.registryOf(name).name,
    );
    if (!summary) {
      throw new Error(`Package ${name} has no latest version`);
    }
    return summary;
  }

  private async index(): Promise<PluginIndex> {
    // A small stamp tells whether the big cached index changed, e.g. refreshed by another instance.
    const stamp = await this.options.cache.get(INDEX_STAMP_KEY);
    if (stamp && stamp === this.memo?.refreshedAt) return this.memo;
    const cached = await this.options.cache.get(INDEX_KEY);
    if (cached && stamp) {
      this.memo = cached as unknown as PluginIndex;
      return this.memo;
    }
    return this.refresh();
  }

  private async searchRegistry(
    registry: RegistryConfig,
    text: string,
    found: Map<string, { registry: string; publisher?: string }>,
  ) {
    const { client, maxPackages } = this.options;
    let seen = 0;
    for (let from = 0; from < maxPackages; from += SEARCH_PAGE_SIZE) {
      const size = Math.min(SEARCH_PAGE_SIZE, maxPackages - from);
      const result = await client.search(registry, text, from, size);
      for (const hit of result.objects) {
        // A scoped package is only trusted from the registry that serves its scope.
        if (client.registryOf(hit.package.name).name !== registry.name) {
          continue;
        }
        if (!found.has(hit.package.name)) {
          found.set(hit.package.name, {
            registry: registry.name,
            publisher: hit.package.publisher?.username,
          });
        }
      }
      seen += result.objects.length;
      if (result.objects.length < size || seen >= result.total) break;
    }
  }

  private async readRegistries(): Promise<PluginIndex> {
    const { client, queries, logger } = this.options;
    const found = new Map<string, { registry: string; publisher?: string }>();
    for (const registry of client.list()) {
      for (const text of queries) {
        try {
          await this.searchRegistry(registry, text, found);
        } catch (error) {
          // One registry without a search API must not hide the others.
          if (isNotFound(error)) {
            logger.warn(
              `Registry ${registry.name} (${registry.url}) does not support search (/-/v1/search answered 404); only discovery.packages are listed from it`,
            );
            break;
          }
          logger.warn(
            `Could not search registry ${registry.name} for "${text}": ${error}`,
          );
        }
      }
    }
    for (const name of this.options.packages ?? []) {
      if (!found.has(name)) {
        found.set(name, { registry: client.registryOf(name).name });
      }
    }
    const entries = [...found.entries()];
    const summaries = await mapWithConcurrency(
      entries,
      PACKUMENT_CONCURRENCY,
      async ([name, { registry, publisher }]) => {
        try {
          const packument = await client.packument(name);
          await this.options.cache.set(`packument:${name}`, packument as any, {
            ttl: this.options.cacheTtl,
          });
          return summarizePackument(packument, registry, publisher);
        } catch (error) {
          logger.warn(`Could not read package ${name}: ${error}`);
          return undefined;
        }
      },
    );
    const index: PluginIndex = {
      refreshedAt: new Date().toISOString(),
      items: summaries.filter((s): s is PluginSummary => Boolean(s)),
    };
    await this.options.cache.set(INDEX_KEY, index as any, {
      ttl: this.options.cacheTtl,
    });
    await this.options.cache.set(INDEX_STAMP_KEY, index.refreshedAt, {
      ttl: this.options.cacheTtl,
    });
    this.memo = index;
    logger.info(
      `Indexed ${index.items.length} packages from ${
        client.list().length
      } registries`,
    );
    return index;
  }
}
