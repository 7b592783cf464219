import path from 'node:path';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { securityPermissions } from '@idp-platform/backstage-plugin-idp-common';
import {
  changeRequestServiceRef,
  environmentServiceRef,
  SigstoreSignatureVerifier,
} from '@idp-platform/backstage-plugin-idp-node';
import { registerSecurityActions } from './actions/registerSecurityActions';
import { SecurityStore } from './database/SecurityStore';
import { readSecurityDemoManifest } from './demo/readSecurityDemoManifest';
import { SecurityDemoLoader } from './demo/SecurityDemoLoader';
import { SecurityPolicy } from './policy/SecurityPolicy';
import { readSecurityConfig } from './readSecurityConfig';
import { createRouter } from './service/router';
import { SecurityService } from './service/SecurityService';
import { SupplyChainService } from './service/SupplyChainService';
import { WaiverService } from './service/WaiverService';

/**
 * The security backend: scanner report ingestion, findings, the CVSS policy,
 * waivers through change requests, signatures and SLSA provenance, SBOMs and
 * the gate promotion asks.
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
        userInfo: coreServices.userInfo,
        scheduler: coreServices.scheduler,
        actionsRegistry: actionsRegistryServiceRef,
        catalog: catalogServiceRef,
        signals: signalsServiceRef,
        environments: environmentServiceRef,
        changeRequests: changeRequestServiceRef,
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
        const demoData = deps.config.getOptionalString('idp.security.demoData');
        if (demoData) {
          const directory = path.resolve(demoData);
          const reports = await readSecurityDemoManifest(directory);
          deps.logger.info(
            `Loading ${reports.length} demo security reports from ${directory} as their entities appear in the catalog`,
          );
          const loader = new SecurityDemoLoader({
            reports,
            service,
            catalog: deps.catalog,
            auth: deps.auth,
            auditor: deps.auditor,
            logger: deps.logger,
          });
          // The catalog fills after startup; reports wait for their entities.
          await deps.scheduler.scheduleTask({
            id: 'security-demo-data',
            frequency: { seconds: 10 },
            timeout: { minutes: 5 },
            initialDelay: { seconds: 5 },
            scope: 'local',
            fn: async () => {
              await loader.run();
            },
          });
        }

        registerSecurityActions({
          actionsRegistry: deps.actionsRegistry,
          service,
          permissions: deps.permissions,
        });
        const waivers = new WaiverService({
          store,
          changeRequests: deps.changeRequests,
          environments: deps.environments,
          auditor: deps.auditor,
          maxDays: config.waiverMaxDays,
        });
        const supplyChain = new SupplyChainService({
          store,
          verifier: config.signature
            ? new SigstoreSignatureVerifier(config.signature)
            : undefined,
          trustedBuilders: config.slsaBuilders,
        });
        deps.httpRouter.use(
          await createRouter({
            service,
            waivers,
            supplyChain,
            changeRequests: deps.changeRequests,
            userInfo: deps.userInfo,
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
