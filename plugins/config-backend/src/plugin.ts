import path from 'node:path';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { configPermissions } from '@idp-platform/backstage-plugin-idp-common';
import {
  changeRequestServiceRef,
  environmentServiceRef,
  kubernetesServiceRef,
} from '@idp-platform/backstage-plugin-idp-node';
import { registerConfigActions } from './actions/registerConfigActions';
import { ConfigStore } from './database/ConfigStore';
import { loadDemoChangeRequests } from './demo/loadDemoChangeRequests';
import { loadDemoConfigurations } from './demo/loadDemoConfigurations';
import { readConfigManagerConfig } from './readConfigManagerConfig';
import { ConfigService } from './service/ConfigService';
import { createRouter } from './service/router';
import { ConfigSchemaValidator } from './validation/ConfigSchemaValidator';

/**
 * The configuration manager backend: layered configuration per environment,
 * JSON Schema validation, secret references, versioned change sets with
 * approvals, delivery as ConfigMaps and ExternalSecrets, drift detection and
 * flagd feature flags.
 *
 * @public
 */
export const configPlugin = createBackendPlugin({
  pluginId: 'config',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        scheduler: coreServices.scheduler,
        actionsRegistry: actionsRegistryServiceRef,
        signals: signalsServiceRef,
        catalog: catalogServiceRef,
        environments: environmentServiceRef,
        changeRequests: changeRequestServiceRef,
        kubernetes: kubernetesServiceRef,
      },
      async init(deps) {
        const config = readConfigManagerConfig(deps.config);
        deps.permissionsRegistry.addPermissions(configPermissions);
        const service = new ConfigService({
          store: await ConfigStore.create(deps.database),
          validator: new ConfigSchemaValidator(),
          environments: deps.environments,
          changeRequests: deps.changeRequests,
          kubernetes: deps.kubernetes,
          catalog: deps.catalog,
          auth: deps.auth,
          logger: deps.logger,
          signals: deps.signals,
          globalDefaults: config.globalDefaults,
          environmentDefaults: config.environmentDefaults,
          externalSecrets: config.externalSecrets,
        });

        if (config.demoData) {
          const directory = path.resolve(config.demoData);
          const created = await loadDemoConfigurations(service, directory);
          deps.logger.info(
            `Loaded ${created.length} demo configurations from ${directory}`,
          );
          const changesDirectory = path.join(directory, 'changes');
          const outcomes = await loadDemoChangeRequests({
            service,
            changeRequests: deps.changeRequests,
            directory: changesDirectory,
          });
          for (const outcome of outcomes) {
            const log = outcome.status === 'stored' ? 'warn' : 'info';
            deps.logger[log](
              `Demo configuration change ${path.basename(outcome.file)} for ${
                outcome.application
              } in ${outcome.environment}: ${outcome.status}${
                outcome.changeRequestId
                  ? ` (change request ${outcome.changeRequestId})`
                  : ''
              }`,
            );
          }
        }

        registerConfigActions({
          actionsRegistry: deps.actionsRegistry,
          service,
          permissions: deps.permissions,
          auditor: deps.auditor,
        });

        await deps.scheduler.scheduleTask({
          id: 'config-drift-check',
          frequency: config.driftFrequency,
          timeout: { minutes: 15 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            const { checked, drifted } = await service.checkAllDrift();
            deps.logger.info(
              `Checked ${checked} delivered configurations for drift, ${drifted} drifted`,
            );
          },
        });

        deps.httpRouter.use(
          await createRouter({
            service,
            changeRequests: deps.changeRequests,
            httpAuth: deps.httpAuth,
            userInfo: deps.userInfo,
            permissions: deps.permissions,
            auditor: deps.auditor,
          }),
        );
      },
    });
  },
});
