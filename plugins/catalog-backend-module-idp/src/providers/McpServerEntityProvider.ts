import {
  AuthService,
  DiscoveryService,
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { McpServerListResponse } from '@idp-platform/backstage-plugin-idp-common';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { ApiEntity } from '@backstage/catalog-model';
import { mcpServerToEntity } from './mcpServerToEntity';

const REGISTRY_PLUGIN_ID = 'mcp-registry';

/**
 * Emits every server of the MCP registry (latest version) as an API entity of
 * type `mcp-server`. Reads the registry backend over HTTP with a service
 * token, and replaces its whole set of entities on each run, so a server
 * removed from the registry disappears from the catalog.
 *
 * @public
 */
export class McpServerEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
      logger: LoggerService;
      taskRunner: SchedulerServiceTaskRunner;
    },
  ) {}

  getProviderName(): string {
    return 'McpServerEntityProvider';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.options.taskRunner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: async () => {
        try {
          await this.refresh();
        } catch (error) {
          this.options.logger.warn(
            `MCP server entities not refreshed: ${error}`,
          );
        }
      },
    });
  }

  /** Reads every server's latest version and applies a full mutation. */
  async refresh(): Promise<void> {
    if (!this.connection) {
      throw new Error('McpServerEntityProvider is not connected');
    }
    const entities = await this.readEntities();
    await this.connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({
        entity,
        locationKey: this.getProviderName(),
      })),
    });
    this.options.logger.info(`Emitted ${entities.length} MCP server entities`);
  }

  private async readEntities(): Promise<ApiEntity[]> {
    const { discovery, auth } = this.options;
    const baseUrl = await discovery.getBaseUrl(REGISTRY_PLUGIN_ID);
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: REGISTRY_PLUGIN_ID,
    });
    const entities: ApiEntity[] = [];
    let cursor: string | undefined;
    do {
      const url = new URL(`${baseUrl}/v0.1/servers`);
      url.searchParams.set('version', 'latest');
      url.searchParams.set('limit', '100');
      if (cursor) url.searchParams.set('cursor', cursor);
      const response = await fetch(url, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!response.ok) {
        throw new Error(
          `GET ${url} answered ${response.status} ${response.statusText}`,
        );
      }
      const page = (await response.json()) as McpServerListResponse;
      for (const entry of page.servers) {
        entities.push(mcpServerToEntity(entry, { registryUrl: baseUrl }));
      }
      cursor = page.metadata.nextCursor;
    } while (cursor);
    return entities;
  }
}
