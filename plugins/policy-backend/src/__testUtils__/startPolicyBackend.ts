import { createServiceFactory } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { JsonObject } from '@backstage/types';
import { KubernetesTestServer } from '@idp-platform/backstage-plugin-idp-node/testUtils';
import { Knex } from 'knex';
import { policyPlugin } from '../plugin';

/** Group memberships the test user-info service reports. */
const GROUPS: Record<string, string[]> = {
  'user:default/bob': ['group:default/team-payments'],
};

function entity(
  kind: 'Component' | 'Resource',
  name: string,
  tier: string,
  dependsOn: string[] = [],
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'idp-platform/service-id': name,
        'idp-platform/policy-tier': tier,
      },
    },
    spec: {
      type: kind === 'Component' ? 'service' : 'database',
      lifecycle: 'production',
      owner: 'team-payments',
      ...(dependsOn.length > 0 && { dependsOn }),
    },
  };
}

/** The catalog the tests validate against (the demo catalog plus fraud-service). */
export const TEST_ENTITIES: Entity[] = [
  entity('Component', 'payments-api', 'backend', ['resource:payments-db']),
  entity('Component', 'checkout-web', 'frontend', ['component:payments-api']),
  entity('Component', 'fraud-service', 'backend'),
  entity('Component', 'orders-service', 'backend', ['resource:orders-db']),
  entity('Resource', 'payments-db', 'database'),
  entity('Resource', 'orders-db', 'database'),
];

/** Options of {@link startPolicyBackend}. */
export interface StartPolicyBackendOptions {
  kubernetes: KubernetesTestServer;
  /** Permission names the caller is denied. */
  deny?: string[];
  /** A database from TestDatabases; in-memory SQLite when absent. */
  knex?: Knex;
  /** `idp.policy.demoData`, when the test loads demo policies. */
  demoData?: string;
  /** Extra `idp.policy` keys. */
  policyConfig?: JsonObject;
}

/**
 * Starts a backend with the policy plugin, the real change-request engine,
 * environment service and Kubernetes service (against a test API server),
 * and records audit events and signals.
 */
export async function startPolicyBackend(options: StartPolicyBackendOptions) {
  const events: string[] = [];
  const signals: JsonObject[] = [];
  const auditor = mockServices.auditor.mock();
  auditor.createEvent.mockImplementation(async ({ eventId }) => {
    events.push(`${eventId}:start`);
    return {
      success: async () => {
        events.push(`${eventId}:success`);
      },
      fail: async () => {
        events.push(`${eventId}:fail`);
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
      policyPlugin,
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
      catalogServiceMock.factory({ entities: TEST_ENTITIES }),
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
            kubernetes: { fieldManager: 'idp-policy-test' },
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
            policy: {
              ...(options.demoData ? { demoData: options.demoData } : {}),
              ...options.policyConfig,
            },
          },
        },
      }),
    ],
  });
  return { server, events, signals, actionsRegistry };
}
