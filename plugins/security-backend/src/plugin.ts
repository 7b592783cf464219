import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { securityPermissions } from '@idp-platform/backstage-plugin-idp-common';
import { environmentServiceRef } from '@idp-platform/backstage-plugin-idp-node';
import { SecurityStore } from './database/SecurityStore';
import { SecurityPolicy } from './policy/SecurityPolicy';
import { readSecurityConfig } from './readSecurityConfig';
import { createRouter } from './service/router';
import { SecurityService } from './service/SecurityService';

/**
 * The security backend: scanner report ingestion, findings, the CVSS policy
 * and the gate promotion asks.
 *
 * @public
 */
export const securityPlugin = createBackendPlugin({
  pluginId: 'security',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        signals: signalsServiceRef,
        environments: environmentServiceRef,
      },
      async init(deps) {
        const config = readSecurityConfig(deps.config);
        deps.permissionsRegistry.addPermissions(securityPermissions);
        const store = await SecurityStore.create(deps.database);
        const service = new SecurityService({
          store,
          policy: new SecurityPolicy(config.policy),
          environments: deps.environments,
          signals: deps.signals,
          logger: deps.logger,
        });
        deps.httpRouter.use(
          await createRouter({
            service,
            httpAuth: deps.httpAuth,
            auth: deps.auth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            catalog: deps.catalog,
            maxReportBytes: config.maxReportBytes,
          }),
        );
      },
    });
  },
});
