import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import {
  catalogLocationsExtensionPoint,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import { IdpAnnotationProcessor } from './processors/IdpAnnotationProcessor';
import { McpServerEntityProvider } from './providers/McpServerEntityProvider';
import { McpServerRelationProcessor } from './providers/McpServerRelationProcessor';

/**
 * Adds the IDP Platform's annotation processor and the MCP server entity
 * provider to the catalog, and allows `file` locations when
 * `idp.scaffolder.localPublish.directory` is set (for `idp:publish:local`).
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
        locations: catalogLocationsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        config: coreServices.rootConfig,
      },
      async init({
        catalog,
        locations,
        discovery,
        auth,
        logger,
        scheduler,
        config,
      }) {
        // Repositories published by idp:publish:local are registered as file locations.
        if (
          config.has('idp.scaffolder.localPublish.directory') &&
          config.getOptionalBoolean('idp.scaffolder.localPublish.enabled') !==
            false
        ) {
          locations.setAllowedLocationTypes(['url', 'file']);
        }
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
