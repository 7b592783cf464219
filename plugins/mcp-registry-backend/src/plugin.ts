import path from 'node:path';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { mcpRegistryPermissions } from '@idp-platform/backstage-plugin-idp-common';
import {
  changeRequestServiceRef,
  environmentServiceRef,
  kubernetesServiceRef,
} from '@idp-platform/backstage-plugin-idp-node';
import { McpDeploymentStore } from './database/McpDeploymentStore';
import { loadDemoServers } from './demo/loadDemoServers';
import { McpHostingService } from './hosting/McpHostingService';
import { registerMcpRegistryActions } from './actions/registerMcpRegistryActions';
import { McpServerStore } from './database/McpServerStore';
import { McpHealthProbe } from './probe/McpHealthProbe';
import { McpToolInvoker } from './probe/McpToolInvoker';
import { readMcpRegistryConfig } from './readMcpRegistryConfig';
import { McpRegistryService } from './service/McpRegistryService';
import { createRouter } from './service/router';

/**
 * The MCP registry backend: server.json registry, official registry API,
 * scheduled MCP health probes.
 *
 * @public
 */
export const mcpRegistryPlugin = createBackendPlugin({
  pluginId: 'mcp-registry',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        scheduler: coreServices.scheduler,
        actionsRegistry: actionsRegistryServiceRef,
        signals: signalsServiceRef,
        userInfo: coreServices.userInfo,
        kubernetes: kubernetesServiceRef,
        environments: environmentServiceRef,
        changeRequests: changeRequestServiceRef,
      },
      async init(deps) {
        const config = readMcpRegistryConfig(deps.config);
        deps.permissionsRegistry.addPermissions(mcpRegistryPermissions);
        const store = await McpServerStore.create(deps.database);
        const service = new McpRegistryService({
          store,
          probe: new McpHealthProbe({ timeoutMs: config.probeTimeoutMs }),
          invoker: new McpToolInvoker({ timeoutMs: config.probeTimeoutMs }),
          logger: deps.logger,
          signals: deps.signals,
          allowPackageDownload: config.allowPackageDownload,
          healthHistoryLimit: config.historyLimit,
        });

        const hosting = new McpHostingService({
          servers: store,
          deployments: await McpDeploymentStore.create(deps.database),
          kubernetes: deps.kubernetes,
          environments: deps.environments,
          changeRequests: deps.changeRequests,
          logger: deps.logger,
          signals: deps.signals,
          gatewayImage: config.hosting.gatewayImage,
          rolloutTimeout: config.hosting.rolloutTimeout,
        });

        if (config.demoData) {
          const directory = path.resolve(config.demoData);
          const registered = await loadDemoServers(service, store, directory);
          deps.logger.info(
            `Registered ${registered.length} demo MCP servers from ${directory}`,
          );
        }

        registerMcpRegistryActions({
          actionsRegistry: deps.actionsRegistry,
          service,
          permissions: deps.permissions,
          auditor: deps.auditor,
        });

        await deps.scheduler.scheduleTask({
          id: 'mcp-registry-health-sweep',
          frequency: config.probeFrequency,
          timeout: { minutes: 30 },
          initialDelay: { seconds: 30 },
          fn: async () => {
            for (const source of config.importSources) {
              try {
                const result = await service.importFrom(source.url, {
                  owner: source.owner,
                });
                deps.logger.info(
                  `Imported ${result.imported} MCP server versions from ${source.url}`,
                );
              } catch (error) {
                deps.logger.warn(`Import from ${source.url} failed: ${error}`);
              }
            }
            const { checked } = await service.checkAll();
            deps.logger.info(`Health-checked ${checked} MCP servers`);
          },
        });

        deps.httpRouter.use(
          await createRouter({
            service,
            hosting,
            changeRequests: deps.changeRequests,
            userInfo: deps.userInfo,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
          }),
        );
        // MCP clients read the registry API without a Backstage token only when
        // the read permission allows it; the route itself still authorizes.
        deps.httpRouter.addAuthPolicy({
          path: '/v0',
          allow: 'unauthenticated',
        });
        deps.httpRouter.addAuthPolicy({
          path: '/v0.1',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
