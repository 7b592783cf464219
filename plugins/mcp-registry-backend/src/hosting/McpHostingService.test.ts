import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  McpServerJson,
  mcpDeployRequestSchema,
  readEnvironments,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  ChangeRequestService,
  ChangeRequestStore,
  DefaultKubernetesService,
  EnvironmentService,
} from '@idp-platform/backstage-plugin-idp-node';
import {
  KubernetesTestServer,
  createTestDatabases,
} from '@idp-platform/backstage-plugin-idp-node/testUtils';
import fs from 'fs';
import { Duration } from 'luxon';
import path from 'path';
import { McpDeploymentStore } from '../database/McpDeploymentStore';
import { McpServerStore } from '../database/McpServerStore';
import { McpHostingService } from './McpHostingService';
import { MCP_WORKLOAD_LABEL, mcpWorkloadName } from './renderMcpWorkload';

jest.setTimeout(60_000);

const everything: McpServerJson = JSON.parse(
  fs.readFileSync(
    path.resolve(__dirname, '../../../../examples/mcp/everything.server.json'),
    'utf8',
  ),
);
const withSecret: McpServerJson = {
  ...everything,
  name: 'io.github.example/issues',
  packages: [
    {
      ...everything.packages![0],
      environmentVariables: [
        { name: 'API_TOKEN', isSecret: true, isRequired: true },
        { name: 'LOG_LEVEL', default: 'info', choices: ['info', 'debug'] },
      ],
    },
  ],
};
const remoteOnly: McpServerJson = {
  name: 'io.github.example/remote',
  description: 'Hosted elsewhere',
  version: '1.0.0',
  remotes: [{ type: 'streamable-http', url: 'https://mcp.example.com/mcp' }],
};

const requester = {
  userEntityRef: 'user:default/dana',
  ownershipEntityRefs: ['user:default/dana', 'group:default/team-a'],
};
const approver = {
  userEntityRef: 'user:default/admin',
  ownershipEntityRefs: ['user:default/admin', 'group:default/platform-admins'],
};
const deploy = (input: Record<string, unknown>) =>
  mcpDeployRequestSchema.parse(input);

describe('McpHostingService', () => {
  const databases = createTestDatabases();
  let cluster: KubernetesTestServer;

  // A fresh cluster per test: objects of one database's run never leak into the next.
  beforeEach(async () => {
    cluster = new KubernetesTestServer({ rolloutDelayMs: 20 });
    await cluster.start();
  });
  afterEach(() => cluster.stop());

  async function setup(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    const database = mockServices.database({ knex });
    const servers = await McpServerStore.create(database);
    const deployments = await McpDeploymentStore.create(database);
    const config = new ConfigReader({
      idp: {
        clusters: [cluster.clusterConfig('local')],
        environments: [
          { name: 'development', cluster: 'local', namespace: 'mcp-dev' },
          {
            name: 'production',
            cluster: 'local',
            namespace: 'mcp-prod',
            protected: true,
            requiredApprovals: 1,
            approvers: ['group:default/platform-admins'],
          },
        ],
      },
    });
    const changeRequests = new ChangeRequestService(
      await ChangeRequestStore.create(knex),
      mockServices.auditor.mock(),
      { defaultExpiry: Duration.fromISO('P7D') },
    );
    const hosting = new McpHostingService({
      servers,
      deployments,
      kubernetes: DefaultKubernetesService.fromConfig(config, {
        logger: mockServices.logger.mock(),
      }),
      environments: new EnvironmentService(readEnvironments(config)),
      changeRequests,
      logger: mockServices.logger.mock(),
      gatewayImage: 'node:22-alpine',
      rolloutTimeout: { seconds: 5 },
      rolloutPollInterval: { milliseconds: 10 },
    });
    for (const server of [everything, withSecret, remoteOnly]) {
      await servers.insertVersion({
        server,
        owner: 'group:default/team-a',
        makeLatest: () => true,
        now: new Date(),
      });
    }
    return { hosting, changeRequests };
  }

  it.each(databases.eachSupportedId())(
    'runs a stdio npm server behind supergateway and reports Ready only after the rollout, on %p',
    async databaseId => {
      const { hosting } = await setup(databaseId);
      const outcome = await hosting.deploy(
        everything.name,
        deploy({ environment: 'development', replicas: 2 }),
        requester,
      );
      expect(outcome).toMatchObject({
        status: 'applied',
        deployment: { phase: 'Pending', replicas: 2, version: '2026.8.31' },
      });
      await hosting.settled();
      const [deployment] = await hosting.list(everything.name);
      const name = mcpWorkloadName(everything.name);
      expect(deployment).toMatchObject({
        environment: 'development',
        phase: 'Ready',
        readyReplicas: 2,
        workloadName: name,
        url: `http://${name}.mcp-dev.svc.cluster.local/mcp`,
        transport: 'streamable-http',
        deployedBy: 'user:default/dana',
      });

      const [stored] = cluster.objects({
        kind: 'Deployment',
        namespace: 'mcp-dev',
        name,
      }) as any[];
      const container = stored.spec.template.spec.containers[0];
      expect(container.image).toBe('node:22-alpine');
      expect(container.command).toEqual(['npx']);
      expect(container.args).toEqual([
        '-y',
        'supergateway@4.0.0',
        '--stdio',
        'npx -y @modelcontextprotocol/server-everything@2026.8.31 stdio',
        '--outputTransport',
        'streamableHttp',
        '--port',
        '8080',
        '--streamableHttpPath',
        '/mcp',
      ]);
      const [service] = cluster.objects({
        kind: 'Service',
        namespace: 'mcp-dev',
        name,
      }) as any[];
      expect(service.spec).toMatchObject({
        selector: { [MCP_WORKLOAD_LABEL]: name },
        sessionAffinity: 'ClientIP',
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'records a failed rollout as Failed with the cluster reason, on %p',
    async databaseId => {
      const { hosting } = await setup(databaseId);
      const name = mcpWorkloadName(everything.name);
      cluster.failRollouts('mcp-dev', name, 'ProgressDeadlineExceeded');
      await hosting.deploy(
        everything.name,
        deploy({ environment: 'development', replicas: 3, port: 9000 }),
        requester,
      );
      await hosting.settled();
      const [deployment] = await hosting.list(everything.name);
      expect(deployment.phase).toBe('Failed');
      expect(deployment.reason).toMatch(/^ProgressDeadlineExceeded/);
    },
  );

  it.each(databases.eachSupportedId())(
    'scales to zero as Stopped, then undeploys the Deployment and Service, on %p',
    async databaseId => {
      const { hosting } = await setup(databaseId);
      const name = mcpWorkloadName(everything.name);
      await hosting.deploy(
        everything.name,
        deploy({ environment: 'development' }),
        requester,
      );
      await hosting.settled();
      const scaled = await hosting.scale(
        everything.name,
        'development',
        0,
        requester,
      );
      expect(scaled).toMatchObject({
        status: 'applied',
        deployment: { phase: 'Stopped', replicas: 0 },
      });
      const [stored] = cluster.objects({
        kind: 'Deployment',
        namespace: 'mcp-dev',
        name,
      }) as any[];
      expect(stored.spec.replicas).toBe(0);
      expect(
        await hosting.refresh(everything.name, 'development'),
      ).toMatchObject({ phase: 'Stopped' });

      await hosting.undeploy(everything.name, 'development', requester);
      expect(cluster.objects({ namespace: 'mcp-dev', name })).toEqual([]);
      expect(await hosting.list(everything.name)).toEqual([]);
      await expect(
        hosting.scale(everything.name, 'development', 1, requester),
      ).rejects.toThrow(/not deployed in development/);
    },
  );

  it.each(databases.eachSupportedId())(
    'autoscales with a HorizontalPodAutoscaler until scaled by hand, with the resources asked for, on %p',
    async databaseId => {
      const { hosting } = await setup(databaseId);
      const name = mcpWorkloadName(everything.name);
      await expect(
        hosting.deploy(
          everything.name,
          deploy({
            environment: 'development',
            autoscaling: { minReplicas: 2, maxReplicas: 5 },
          }),
          requester,
        ),
      ).rejects.toThrow(/^resources\.requests\.cpu: required for autoscaling/);

      await hosting.deploy(
        everything.name,
        deploy({
          environment: 'development',
          resources: {
            requests: { cpu: '100m', memory: '128Mi' },
            limits: { memory: '256Mi' },
          },
          autoscaling: { minReplicas: 2, maxReplicas: 5 },
        }),
        requester,
      );
      await hosting.settled();
      const [autoscaler] = cluster.objects({
        kind: 'HorizontalPodAutoscaler',
        namespace: 'mcp-dev',
        name,
      }) as any[];
      expect(autoscaler.spec).toMatchObject({
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        minReplicas: 2,
        maxReplicas: 5,
        metrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              target: { type: 'Utilization', averageUtilization: 80 },
            },
          },
        ],
      });
      const [deployment] = cluster.objects({
        kind: 'Deployment',
        namespace: 'mcp-dev',
        name,
      }) as any[];
      // Not applied by the registry: the API server's default until the autoscaler acts.
      expect(deployment.spec.replicas).toBe(1);
      expect(deployment.spec.template.spec.containers[0].resources).toEqual({
        requests: { cpu: '100m', memory: '128Mi' },
        limits: { memory: '256Mi' },
      });

      await hosting.scale(everything.name, 'development', 3, requester);
      expect(
        cluster.objects({
          kind: 'HorizontalPodAutoscaler',
          namespace: 'mcp-dev',
        }),
      ).toEqual([]);
      const [scaled] = cluster.objects({
        kind: 'Deployment',
        namespace: 'mcp-dev',
        name,
      }) as any[];
      expect(scaled.spec.replicas).toBe(3);
    },
  );

  it.each(databases.eachSupportedId())(
    'reports a Deployment removed behind its back as Failed, on %p',
    async databaseId => {
      const { hosting } = await setup(databaseId);
      const kubernetes = DefaultKubernetesService.fromConfig(
        new ConfigReader({
          idp: { clusters: [cluster.clusterConfig('local')] },
        }),
        { logger: mockServices.logger.mock() },
      );
      await hosting.deploy(
        everything.name,
        deploy({ environment: 'development' }),
        requester,
      );
      await hosting.settled();
      await kubernetes.delete('local', {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: 'mcp-dev',
        name: mcpWorkloadName(everything.name),
      });
      expect(
        await hosting.refresh(everything.name, 'development'),
      ).toMatchObject({
        phase: 'Failed',
        reason: expect.stringMatching(/is not in cluster local/),
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'deploys to a protected environment only after another person approves, on %p',
    async databaseId => {
      const { hosting, changeRequests } = await setup(databaseId);
      const name = mcpWorkloadName(everything.name);
      const outcome = await hosting.deploy(
        everything.name,
        deploy({ environment: 'production' }),
        requester,
      );
      expect(outcome.status).toBe('pending-approval');
      expect(cluster.objects({ namespace: 'mcp-prod', name })).toEqual([]);
      expect(await hosting.list(everything.name)).toEqual([]);

      const id = (outcome as { changeRequestId: string }).changeRequestId;
      await expect(
        changeRequests.decide(id, requester, { decision: 'approve' }),
      ).rejects.toThrow();
      const approved = await changeRequests.decide(id, approver, {
        decision: 'approve',
      });
      expect(approved.state).toBe('approved');
      await hosting.applyApproved(approved);
      await hosting.settled();
      expect((await changeRequests.get(id)).state).toBe('applied');
      const [deployment] = await hosting.list(everything.name);
      expect(deployment).toMatchObject({
        environment: 'production',
        phase: 'Ready',
        deployedBy: 'user:default/dana',
      });
      expect(
        cluster.objects({ kind: 'Deployment', namespace: 'mcp-prod', name }),
      ).toHaveLength(1);
    },
  );

  it.each(databases.eachSupportedId())(
    'takes secrets only as Secret references and names the field it refuses, on %p',
    async databaseId => {
      const { hosting } = await setup(databaseId);
      await expect(
        hosting.deploy(
          withSecret.name,
          deploy({
            environment: 'development',
            env: { API_TOKEN: 'ghp_plain_text_secret' },
          }),
          requester,
        ),
      ).rejects.toThrow(
        new InputError(
          'env.API_TOKEN: is a secret; pass it in secretEnv as a reference to a Kubernetes Secret',
        ),
      );
      await expect(
        hosting.deploy(
          withSecret.name,
          deploy({ environment: 'development' }),
          requester,
        ),
      ).rejects.toThrow(
        /^secretEnv: API_TOKEN is a secret the server requires/,
      );
      await expect(
        hosting.deploy(
          withSecret.name,
          deploy({
            environment: 'development',
            env: { LOG_LEVEL: 'verbose' },
            secretEnv: [
              { name: 'API_TOKEN', secretRef: { name: 'gh', key: 'token' } },
            ],
          }),
          requester,
        ),
      ).rejects.toThrow('env.LOG_LEVEL: must be one of info, debug');
      await expect(
        hosting.deploy(
          remoteOnly.name,
          deploy({ environment: 'development' }),
          requester,
        ),
      ).rejects.toThrow(/already hosted at https:\/\/mcp.example.com\/mcp/);
      await expect(
        hosting.deploy(
          everything.name,
          deploy({ environment: 'moon' }),
          requester,
        ),
      ).rejects.toThrow(/^environment: Unknown environment "moon"/);
      expect(await hosting.list()).toEqual([]);

      await hosting.deploy(
        withSecret.name,
        deploy({
          environment: 'development',
          secretEnv: [
            { name: 'API_TOKEN', secretRef: { name: 'gh', key: 'token' } },
          ],
        }),
        requester,
      );
      await hosting.settled();
      const [stored] = cluster.objects({
        kind: 'Deployment',
        namespace: 'mcp-dev',
        name: mcpWorkloadName(withSecret.name),
      }) as any[];
      expect(stored.spec.template.spec.containers[0].env).toEqual([
        { name: 'LOG_LEVEL', value: 'info' },
        {
          name: 'API_TOKEN',
          valueFrom: { secretKeyRef: { name: 'gh', key: 'token' } },
        },
      ]);
    },
  );
});
