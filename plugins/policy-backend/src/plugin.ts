import path from 'node:path';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { policyPermissions } from '@idp-platform/backstage-plugin-idp-common';
import {
  changeRequestServiceRef,
  environmentServiceRef,
  kubernetesServiceRef,
} from '@idp-platform/backstage-plugin-idp-node';
import { registerPolicyActions } from './actions/registerPolicyActions';
import { PolicyStore } from './database/PolicyStore';
import { loadDemoPolicies } from './demo/loadDemoPolicies';
import { readPolicyConfig } from './readPolicyConfig';
import { PolicyService } from './service/PolicyService';
import { createRouter } from './service/router';

/**
 * The policy builder backend: service communication intents and JWT access
 * rules compiled to Istio, NetworkPolicy and OPA Rego, with a sandbox,
 * validation, impact analysis, versions, apply and rollback.
 *
 * @public
 */
export const policyPlugin = createBackendPlugin({
  pluginId: 'policy',
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
        actionsRegistry: actionsRegistryServiceRef,
        signals: signalsServiceRef,
        catalog: catalogServiceRef,
        environments: environmentServiceRef,
        changeRequests: changeRequestServiceRef,
        kubernetes: kubernetesServiceRef,
      },
      async init(deps) {
        const config = readPolicyConfig(deps.config);
        deps.permissionsRegistry.addPermissions(policyPermissions);
        const service = new PolicyService({
          store: await PolicyStore.create(deps.database),
          config,
          environments: deps.environments,
          changeRequests: deps.changeRequests,
          kubernetes: deps.kubernetes,
          catalog: deps.catalog,
          auth: deps.auth,
          logger: deps.logger,
          signals: deps.signals,
        });

        if (config.demoData) {
          const directory = path.resolve(config.demoData);
          const created = await loadDemoPolicies(service, directory);
          deps.logger.info(
            `Loaded ${created.length} demo policies from ${directory}`,
          );
        }

        registerPolicyActions({
          actionsRegistry: deps.actionsRegistry,
          service,
          permissions: deps.permissions,
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
