import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { pluginManagerPermissions } from '@idp-platform/backstage-plugin-idp-common';
import {
  SigstoreSignatureVerifier,
  changeRequestServiceRef,
  environmentServiceRef,
  kubernetesServiceRef,
  readSigstoreVerifierOptions,
} from '@idp-platform/backstage-plugin-idp-node';
import { registerPluginManagerActions } from './actions/registerPluginManagerActions';
import { InstalledVersions } from './compatibility/InstalledVersions';
import { PluginManagerStore } from './database/PluginManagerStore';
import { PluginDiscoveryService } from './discovery/PluginDiscoveryService';
import { loadedPluginsServiceRef } from './health/loadedPluginsServiceRef';
import { PluginHealthChecker } from './health/PluginHealthChecker';
import { DynamicPluginsRoot } from './install/DynamicPluginsRoot';
import { BackstageDeploymentRestarter } from './kubernetes/BackstageDeploymentRestarter';
import { readPluginManagerConfig } from './readPluginManagerConfig';
import { NpmRegistryClient } from './registry/NpmRegistryClient';
import { PluginManagerService } from './service/PluginManagerService';
import { createRouter } from './service/router';

/**
 * The plugin manager backend: discovery of Backstage plugins in npm
 * registries, compatibility and conflict checks, install / upgrade / disable
 * / uninstall / rollback as dynamic plugins in RHDH's formats, revisions,
 * restarts of the Backstage Deployment with automatic rollback, and health.
 *
 * @public
 */
export const pluginManagerPlugin = createBackendPlugin({
  pluginId: 'plugin-manager',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        cache: coreServices.cache,
        discovery: coreServices.discovery,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        scheduler: coreServices.scheduler,
        actionsRegistry: actionsRegistryServiceRef,
        signals: signalsServiceRef,
        environments: environmentServiceRef,
        changeRequests: changeRequestServiceRef,
        kubernetes: kubernetesServiceRef,
        loadedPlugins: loadedPluginsServiceRef,
      },
      async init(deps) {
        const config = readPluginManagerConfig(deps.config);
        deps.permissionsRegistry.addPermissions(pluginManagerPermissions);
        const store = await PluginManagerStore.create(deps.database);
        const client = new NpmRegistryClient(config.registries);
        const discovery = new PluginDiscoveryService({
          client,
          cache: deps.cache,
          logger: deps.logger,
          queries: config.queries,
          packages: config.packages,
          maxPackages: config.maxPackages,
          cacheTtl: config.cacheTtl,
        });
        const deployment = config.deployment;
        const deploymentEnvironment = deployment?.environment
          ? deps.environments.get(deployment.environment)
          : undefined;
        const restarter = deployment
          ? new BackstageDeploymentRestarter(deps.kubernetes, {
              cluster:
                deployment.cluster ?? deploymentEnvironment?.cluster ?? '',
              namespace:
                deployment.namespace ?? deploymentEnvironment?.namespace ?? '',
              name: deployment.name,
              readinessTimeout: deployment.readinessTimeout,
              pollInterval: deployment.pollInterval,
            })
          : undefined;
        if (
          restarter &&
          (!restarter.target.cluster || !restarter.target.namespace)
        ) {
          throw new Error(
            'idp.pluginManager.deployment needs cluster and namespace, or an environment',
          );
        }
        const provenance = readSigstoreVerifierOptions(
          deps.config.getOptionalConfig('idp.pluginManager.provenance'),
          'idp.pluginManager.provenance',
        );
        if (config.environment) deps.environments.get(config.environment);
        const service = new PluginManagerService({
          store,
          client,
          discovery,
          installedVersions: InstalledVersions.read({
            appRoot: config.appRoot,
            releaseManifest: config.releaseManifest,
          }),
          root: config.rootDirectory
            ? await DynamicPluginsRoot.create(
                config.rootDirectory,
                config.storageDirectory,
              )
            : undefined,
          changeRequests: deps.changeRequests,
          environments: deps.environments,
          environment: config.environment,
          restarter,
          provenanceVerifier: provenance
            ? new SigstoreSignatureVerifier(provenance)
            : undefined,
          signals: deps.signals,
          logger: deps.logger,
        });
        if (!config.rootDirectory) {
          deps.logger.warn(
            'dynamicPlugins.rootDirectory is not configured: plugins can be searched and checked, not installed',
          );
        }
        const health = new PluginHealthChecker({
          store,
          loadedPlugins: deps.loadedPlugins,
          discovery: deps.discovery,
          signals: deps.signals,
          logger: deps.logger,
          routePath: config.healthRoutePath,
        });

        registerPluginManagerActions({
          actionsRegistry: deps.actionsRegistry,
          service,
          permissions: deps.permissions,
          auditor: deps.auditor,
        });

        await deps.scheduler.scheduleTask({
          id: 'plugin-manager-registry-refresh',
          frequency: config.refreshFrequency,
          timeout: { minutes: 30 },
          initialDelay: { seconds: 30 },
          fn: async () => {
            await discovery.refresh();
          },
        });
        await deps.scheduler.scheduleTask({
          id: 'plugin-manager-health-check',
          frequency: config.healthFrequency,
          timeout: { minutes: 5 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            await health.check(true);
          },
        });

        deps.httpRouter.use(
          await createRouter({
            service,
            health,
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
