import {
  coreServices,
  createServiceFactory,
  RootLoggerService,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { JsonObject } from '@backstage/types';
import { KubernetesTestServer } from '@idp-platform/backstage-plugin-idp-node/testUtils';
import { Knex } from 'knex';
import { configPlugin } from '../plugin';

/** Group memberships the test user-info service reports. */
const GROUPS: Record<string, string[]> = {
  'user:default/bob': ['group:default/payments-team'],
};

/** A root logger that keeps every line it is given, for leak checks. */
function capturingRootLogger(lines: string[]): RootLoggerService {
  const make = (fields: JsonObject): RootLoggerService => {
    const write =
      (level: string) => (message: string, meta?: Error | JsonObject) => {
        lines.push(
          `${level} ${message} ${JSON.stringify(fields)} ${
            meta instanceof Error
              ? `${meta.message} ${meta.stack}`
              : JSON.stringify(meta ?? {})
          }`,
        );
      };
    return {
      error: write('error'),
      warn: write('warn'),
      info: write('info'),
      debug: write('debug'),
      child: more => make({ ...fields, ...more }),
    };
  };
  return make({});
}

/** Options of {@link startConfigBackend}. */
export interface StartConfigBackendOptions {
  kubernetes: KubernetesTestServer;
  /** Permission names the caller is denied. */
  deny?: string[];
  /** A database from TestDatabases; in-memory SQLite when absent. */
  knex?: Knex;
  /** `idp.config.demoData`, when the test loads demo configurations. */
  demoData?: string;
}

/**
 * Starts a backend with the config plugin, the real change-request engine,
 * environment service and Kubernetes service (against a test API server),
 * and records audit events, signals and every log line.
 */
export async function startConfigBackend(options: StartConfigBackendOptions) {
  const events: string[] = [];
  const auditTrail: string[] = [];
  const logs: string[] = [];
  const signals: JsonObject[] = [];
  const auditor = mockServices.auditor.mock();
  auditor.createEvent.mockImplementation(async ({ eventId, meta }) => {
    events.push(`${eventId}:start`);
    auditTrail.push(`${eventId} ${JSON.stringify(meta ?? {})}`);
    return {
      success: async () => {
        events.push(`${eventId}:success`);
      },
      fail: async ({ error }) => {
        events.push(`${eventId}:fail`);
        auditTrail.push(`${eventId} failed: ${error?.message}`);
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
      return {
        userEntityRef: ref,
        ownershipEntityRefs: [ref, ...(GROUPS[ref] ?? [])],
      };
    },
  });
  const actionsRegistry = actionsRegistryServiceMock();
  const cluster = options.kubernetes.clusterConfig('test');
  const { server } = await startTestBackend({
    features: [
      configPlugin,
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
      catalogServiceMock.factory({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: {
              name: 'payments-api',
              namespace: 'default',
              annotations: { 'idp-platform/config-name': 'payments-api' },
            },
            spec: {
              type: 'service',
              lifecycle: 'production',
              owner: 'payments-team',
            },
          },
        ],
      }),
      createServiceFactory({
        service: coreServices.rootLogger,
        deps: {},
        factory: () => capturingRootLogger(logs),
      }),
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
          idp: {
            clusters: [cluster],
            kubernetes: { fieldManager: 'idp-config-test' },
            environments: [
              { name: 'development', cluster: 'test' },
              { name: 'staging', cluster: 'test' },
              {
                name: 'uat',
                cluster: 'test',
                protected: true,
                requiredApprovals: 1,
                approvers: ['user:default/alice'],
              },
              {
                name: 'production',
                cluster: 'test',
                protected: true,
                requiredApprovals: 1,
              },
            ],
            config: {
              defaults: {
                global: {
                  logging: { level: 'info', format: 'json' },
                  database: { pool: { max: 10 } },
                },
                environments: {
                  production: { logging: { level: 'warn' } },
                },
              },
              externalSecrets: {
                storeKind: 'ClusterSecretStore',
                refreshInterval: '15m',
              },
              ...(options.demoData ? { demoData: options.demoData } : {}),
            },
          },
        },
      }),
    ],
  });
  return { server, events, auditTrail, logs, signals, actionsRegistry };
}
