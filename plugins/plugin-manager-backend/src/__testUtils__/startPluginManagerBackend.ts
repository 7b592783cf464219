import {
  BackendFeature,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { JsonObject } from '@backstage/types';
import { KubernetesTestServer } from '@idp-platform/backstage-plugin-idp-node/testUtils';
import { Knex } from 'knex';
import { pluginManagerPlugin } from '../plugin';
import { LocalNpmRegistry } from './LocalNpmRegistry';

/** Options of {@link startPluginManagerBackend}. */
export interface StartPluginManagerBackendOptions {
  registry: LocalNpmRegistry;
  /** `dynamicPlugins.rootDirectory`; absent leaves it unconfigured. */
  rootDirectory?: string;
  /** Permission names the caller is denied. */
  deny?: string[];
  /** A database from TestDatabases; in-memory SQLite when absent. */
  knex?: Knex;
  /** A cluster for idp.clusters and the environments. */
  kubernetes?: KubernetesTestServer;
  /** `idp.pluginManager.environment`. */
  environment?: string;
  /** `idp.pluginManager.deployment`. */
  deployment?: JsonObject;
  /** More `idp.pluginManager` keys. */
  pluginManager?: JsonObject;
  /** More top-level app-config, e.g. the generated app-config.dynamic-plugins.yaml. */
  config?: JsonObject;
  /** More backend features, e.g. the dynamic plugins feature loader. */
  features?: BackendFeature[];
}

/**
 * Starts a backend with the plugin manager reading the local registry, the
 * real change-request engine and environment service, and records audit
 * events and signals.
 */
export async function startPluginManagerBackend(
  options: StartPluginManagerBackendOptions,
) {
  const events: string[] = [];
  const signals: JsonObject[] = [];
  const auditor = mockServices.auditor.mock();
  auditor.createEvent.mockImplementation(async ({ eventId, meta }) => {
    events.push(`${eventId}:start ${JSON.stringify(meta ?? {})}`);
    return {
      success: async () => {
        events.push(`${eventId}:success`);
      },
      fail: async ({ error }) => {
        events.push(`${eventId}:fail ${error?.message}`);
      },
    };
  });
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(r => ({
        result: options.deny?.includes(
          (r as { permission: { name: string } }).permission.name,
        )
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      })) as any,
  });
  const userInfo = mockServices.userInfo.mock({
    getUserInfo: async credentials => {
      const ref = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return { userEntityRef: ref, ownershipEntityRefs: [ref] };
    },
  });
  const actionsRegistry = actionsRegistryServiceMock();
  const cluster = options.kubernetes?.clusterConfig('test');
  const backend = await startTestBackend({
    features: [
      pluginManagerPlugin,
      permissions.factory,
      auditor.factory,
      userInfo.factory,
      ...(options.knex
        ? [
            mockServices.database.factory({
              knex: options.knex,
              migrations: { skip: false },
            }),
          ]
        : []),
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({
          publish: async (signal: { channel: string; message: JsonObject }) => {
            signals.push({ channel: signal.channel, ...signal.message });
          },
        }),
      }),
      createServiceFactory({
        service: actionsRegistryServiceRef,
        deps: {},
        factory: () => actionsRegistry,
      }),
      mockServices.rootConfig.factory({
        data: {
          ...options.config,
          backend: { baseUrl: 'http://localhost:7007' },
          ...(options.rootDirectory
            ? { dynamicPlugins: { rootDirectory: options.rootDirectory } }
            : {}),
          idp: {
            ...(cluster
              ? {
                  clusters: [cluster],
                  kubernetes: { fieldManager: 'idp-plugin-manager-test' },
                }
              : {}),
            environments: [
              { name: 'development', cluster: 'test', namespace: 'backstage' },
              {
                name: 'production',
                cluster: 'test',
                namespace: 'backstage',
                protected: true,
                requiredApprovals: 1,
                approvers: ['user:default/alice'],
              },
            ],
            pluginManager: {
              defaultRegistry: { url: options.registry.url },
              discovery: { queries: ['keywords:backstage', 'backstage'] },
              ...(options.environment
                ? { environment: options.environment }
                : {}),
              ...(options.deployment ? { deployment: options.deployment } : {}),
              ...options.pluginManager,
            },
          },
        },
      }),
      ...(options.features ?? []),
    ],
  });
  return {
    backend,
    server: backend.server,
    events,
    signals,
    actionsRegistry,
  };
}
