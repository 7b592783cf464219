import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import {
  mockServices,
  startTestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { JsonObject } from '@backstage/types';
import {
  Environment,
  readEnvironments,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  DefaultKubernetesService,
  securityGateServiceRef,
} from '@idp-platform/backstage-plugin-idp-node';
import {
  createTestDatabases,
  KubernetesTestServer,
  testDeployment,
} from '@idp-platform/backstage-plugin-idp-node/testUtils';
import { ConfigReader } from '@backstage/config';
import { Knex } from 'knex';
import { ARGOCD_APP_NAME_ANNOTATION } from '../execution/DeploymentTarget';
import { promotionPlugin } from '../plugin';
import { ArgoCdSyncLoop } from './ArgoCdSyncLoop';
import { FindingsSecurityGate } from './FindingsSecurityGate';

export const ENTITY_REF = 'component:default/payments-api';
export const IMAGE_REPOSITORY = 'ghcr.io/acme/payments-api';
export const FIXTURES = path.resolve(__dirname, '../gates/__fixtures__');

const ENVIRONMENTS = [
  { name: 'development', cluster: 'local', namespace: 'development' },
  { name: 'staging', cluster: 'local', namespace: 'staging' },
  {
    name: 'production',
    cluster: 'local',
    namespace: 'production',
    protected: true,
    requiredApprovals: 2,
    approvers: ['user:default/alice', 'user:default/bob'],
    security: { maxSeverity: 'medium' },
  },
];

/** Answers the health check of each namespace from what its Deployment runs. */
class HealthServer {
  /** Namespaces whose health check fails whatever runs there. */
  readonly unhealthy = new Set<string>();
  private server?: http.Server;

  constructor(private readonly kubernetes: KubernetesTestServer) {}

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const namespace = (req.url ?? '').split('/')[1];
      const [deployment] = this.kubernetes.objects({
        kind: 'Deployment',
        namespace,
        name: 'payments-api',
      });
      const image: string =
        deployment?.spec?.template?.spec?.containers?.[0]?.image ?? '';
      const healthy =
        !this.unhealthy.has(namespace) && !image.includes('-broken');
      res.writeHead(healthy ? 200 : 503).end(healthy ? 'ok' : 'unhealthy');
    });
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop() {
    this.server?.closeAllConnections();
    await new Promise(resolve => this.server?.close(resolve));
  }
}

/** The databases the acceptance tests run on. */
export const databases = createTestDatabases();

/** Options of one test backend. */
export interface PromotionBackendOptions {
  databaseId: TestDatabaseId;
  /** Extra `idp.promotion` configuration. */
  promotion?: JsonObject;
  /** A database left by an earlier backend, to test restarts. */
  knex?: Knex;
  /**
   * Deploy through Argo CD: an Application `payments-api-<environment>` in
   * namespace argocd per environment (with a sidecar override of its own),
   * the component annotated `argocd/app-name`, `idp.promotion.argocd.enabled`,
   * and a loop that syncs Applications to Deployments as Argo CD would.
   */
  argoCd?: boolean;
}

/**
 * Starts the promotion backend against a real KubernetesTestServer (with a
 * payments-api Deployment in every namespace), a local health-check server,
 * an in-process security gate, the real change-request engine, and SQLite or
 * PostgreSQL.
 */
export async function startPromotionBackend(options: PromotionBackendOptions) {
  const kubernetes = new KubernetesTestServer({ rolloutDelayMs: 20 });
  await kubernetes.start();
  const health = new HealthServer(kubernetes);
  const healthUrl = await health.start();
  const knex = options.knex ?? (await databases.init(options.databaseId));

  const idp = {
    environments: ENVIRONMENTS,
    clusters: [kubernetes.clusterConfig('local')],
    promotion: {
      verification: { timeout: 'PT0.5S', pollInterval: 'PT0.02S' },
      worker: { frequency: 'PT1H' },
      signature: {
        trustedRootPath: path.join(FIXTURES, 'sigstore-trusted-root.json'),
        identities: [
          {
            subjectAlternativeName: 'brian@dehamer.com',
            issuer: 'https://github.com/login/oauth',
          },
        ],
      },
      ...(options.argoCd && { argocd: { enabled: true } }),
      ...options.promotion,
    },
  };
  const environments: Environment[] = readEnvironments(
    new ConfigReader({ idp }),
  );

  const cluster = DefaultKubernetesService.create({
    clusters: [kubernetes.clusterConfig('local')],
    logger: mockServices.logger.mock(),
    fieldManager: 'kubectl',
  });
  for (const environment of environments) {
    await cluster.apply('local', [
      testDeployment(
        environment.namespace,
        'payments-api',
        `${IMAGE_REPOSITORY}:0.9.0`,
      ),
    ]);
    if (options.argoCd) {
      await cluster.apply('local', [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Application',
          metadata: {
            name: `payments-api-${environment.name}`,
            namespace: 'argocd',
          },
          spec: {
            project: 'default',
            source: {
              repoURL: 'https://github.com/acme/deploy.git',
              path: `payments-api/overlays/${environment.name}`,
              kustomize: {
                images: ['ghcr.io/acme/envoy=ghcr.io/acme/envoy:1.30'],
              },
            },
            destination: {
              server: 'https://kubernetes.default.svc',
              namespace: environment.namespace,
            },
            syncPolicy: { automated: { selfHeal: true } },
          },
        },
      ]);
    }
  }
  const argoCdSync = options.argoCd
    ? new ArgoCdSyncLoop(kubernetes, 'payments-api')
    : undefined;
  argoCdSync?.start();

  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payments-api',
      namespace: 'default',
      annotations: {
        'idp-platform/image-repository': IMAGE_REPOSITORY,
        'idp-platform/health-check': `${healthUrl}/{namespace}/healthz`,
        ...(options.argoCd && {
          [ARGOCD_APP_NAME_ANNOTATION]: 'payments-api-{environment}',
        }),
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-payments' },
  };

  const denied = new Set<string>();
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(r => ({
        result: denied.has(
          (r as { permission: { name: string } }).permission.name,
        )
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      })) as any,
  });
  const auditEvents: string[] = [];
  const auditor = mockServices.auditor.mock();
  auditor.createEvent.mockImplementation(async ({ eventId }) => ({
    success: async () => {
      auditEvents.push(`${eventId}:success`);
    },
    fail: async () => {
      auditEvents.push(`${eventId}:fail`);
    },
  }));
  const signals: JsonObject[] = [];
  const securityGate = new FindingsSecurityGate(environments);
  const actionsRegistry = actionsRegistryServiceMock();

  const backend = await startTestBackend({
    features: [
      promotionPlugin,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({ data: { idp } }),
      catalogServiceMock.factory({ entities: [entity] }),
      permissions.factory,
      auditor.factory,
      createServiceFactory({
        service: securityGateServiceRef,
        deps: {},
        factory: () => securityGate,
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
    ],
  });

  return {
    server: backend.server,
    kubernetes,
    health,
    securityGate,
    signals,
    auditEvents,
    denied,
    knex,
    actionsRegistry,
    /** The image the payments-api Deployment of a namespace runs. */
    imageIn(namespace: string): string {
      const [deployment] = kubernetes.objects({
        kind: 'Deployment',
        namespace,
        name: 'payments-api',
      });
      return deployment.spec.template.spec.containers[0].image;
    },
    /** The image overrides of the Argo CD Application of an environment. */
    applicationIn(environment: string) {
      const [application] = kubernetes.objects({
        kind: 'Application',
        namespace: 'argocd',
        name: `payments-api-${environment}`,
      });
      return application;
    },
    /** Field managers of the payments-api Deployment of a namespace. */
    deploymentManagers(namespace: string): string[] {
      const [deployment] = kubernetes.objects({
        kind: 'Deployment',
        namespace,
        name: 'payments-api',
      });
      return deployment.metadata.managedFields.map(
        (entry: { manager: string }) => entry.manager,
      );
    },
    async stop() {
      await argoCdSync?.stop();
      await backend.stop();
      await health.stop();
      await kubernetes.stop();
    },
  };
}

export type PromotionBackend = Awaited<
  ReturnType<typeof startPromotionBackend>
>;
