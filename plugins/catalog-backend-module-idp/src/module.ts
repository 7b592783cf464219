import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { IdpAnnotationProcessor } from './processors/IdpAnnotationProcessor';
import { McpServerEntityProvider } from './providers/McpServerEntityProvider';
import { McpServerRelationProcessor } from './providers/McpServerRelationProcessor';

/**
 * Adds the IDP Platform's annotation processor and the MCP server entity
 * provider to the catalog.
 *
 * @public
 */
export const catalogModuleIdp = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'idp',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        config: coreServices.rootConfig,
      },
      async init({ catalog, discovery, auth, logger, scheduler, config }) {
        catalog.addProcessor(new IdpAnnotationProcessor());
        catalog.addProcessor(new McpServerRelationProcessor());
        const schedule = config.has('idp.mcpRegistry.catalog.schedule')
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
              config.getConfig('idp.mcpRegistry.catalog.schedule'),
            )
          : {
              frequency: { minutes: 5 },
              timeout: { minutes: 3 },
              initialDelay: { seconds: 15 },
            };
        catalog.addEntityProvider(
          new McpServerEntityProvider({
            discovery,
            auth,
            logger,
            taskRunner: scheduler.createScheduledTaskRunner(schedule),
          }),
        );
      },
    });
  },
});
