import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  McpServerJson,
  mcpServerDeployPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import { KubernetesTestServer } from '@idp-platform/backstage-plugin-idp-node/testUtils';
import fs from 'fs';
import path from 'path';
import request from 'supertest';
import { mcpRegistryPlugin } from '../plugin';
import { mcpWorkloadName } from './renderMcpWorkload';

jest.setTimeout(60_000);

const everything: McpServerJson = JSON.parse(
  fs.readFileSync(
    path.resolve(__dirname, '../../../../examples/mcp/everything.server.json'),
    'utf8',
  ),
);
const dana = mockCredentials.user.header('user:default/dana');
const admin = mockCredentials.user.header('user:default/admin');
const base = '/api/mcp-registry';
const deployments = `${base}/servers/${encodeURIComponent(
  everything.name,
)}/deployments`;

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  throw new Error('condition not reached');
}

describe('MCP hosting routes', () => {
  const cluster = new KubernetesTestServer({ rolloutDelayMs: 20 });
  beforeAll(() => cluster.start());
  afterAll(() => cluster.stop());

  async function startBackend(deny: string[] = []) {
    const events: string[] = [];
    const auditor = mockServices.auditor.mock();
    auditor.createEvent.mockImplementation(async ({ eventId }) => ({
      success: async () => {
        events.push(`${eventId}:success`);
      },
      fail: async () => {
        events.push(`${eventId}:fail`);
      },
    }));
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(r => ({
          result: deny.includes(
            (r as { permission: { name: string } }).permission.name,
          )
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
        })) as any,
    });
    const { server } = await startTestBackend({
      features: [
        mcpRegistryPlugin,
        permissions.factory,
        auditor.factory,
        mockServices.rootConfig.factory({
          data: {
            idp: {
              clusters: [cluster.clusterConfig('local')],
              kubernetes: { rolloutTimeout: 'PT10S' },
              environments: [
                {
                  name: 'development',
                  cluster: 'local',
                  namespace: 'routes-dev',
                },
                {
                  name: 'production',
                  cluster: 'local',
                  namespace: 'routes-prod',
                  protected: true,
                  requiredApprovals: 1,
                  approvers: ['user:default/admin'],
                },
              ],
              mcpRegistry: { hosting: { rolloutTimeout: 'PT10S' } },
            },
          },
        }),
      ],
    });
    const published = await request(server)
      .post(`${base}/servers`)
      .set('Authorization', dana)
      .send({ server: everything, owner: 'group:default/team-a' });
    expect(published.status).toBe(201);
    return { server, events };
  }

  it('deploys, scales and undeploys through the API, Ready only once the cluster says so', async () => {
    const { server, events } = await startBackend();
    const deployed = await request(server)
      .post(deployments)
      .set('Authorization', dana)
      .send({ environment: 'development' });
    expect(deployed.status).toBe(201);
    expect(deployed.body).toMatchObject({
      status: 'applied',
      deployment: { phase: 'Pending', environment: 'development' },
    });
    const ready = await until(
      () => request(server).get(deployments).set('Authorization', dana),
      res => res.body.items[0]?.phase === 'Ready',
    );
    expect(ready.body.items).toHaveLength(1);

    const scaled = await request(server)
      .put(`${deployments}/development/replicas`)
      .set('Authorization', dana)
      .send({ replicas: 0 });
    expect(scaled.status).toBe(200);
    expect(scaled.body.deployment.phase).toBe('Stopped');

    const removed = await request(server)
      .delete(`${deployments}/development`)
      .set('Authorization', dana);
    expect(removed.status).toBe(200);
    expect(
      cluster.objects({
        namespace: 'routes-dev',
        name: mcpWorkloadName(everything.name),
      }),
    ).toEqual([]);
    expect(events).toEqual([
      'server-register:success',
      'server-deploy:success',
      'server-scale:success',
      'server-undeploy:success',
    ]);
  });

  it('holds a production deploy as a change request that the requester cannot approve', async () => {
    const { server } = await startBackend();
    const held = await request(server)
      .post(deployments)
      .set('Authorization', dana)
      .send({ environment: 'production' });
    expect(held.status).toBe(202);
    const id = held.body.changeRequestId;
    expect(
      cluster.objects({ namespace: 'routes-prod', kind: 'Deployment' }),
    ).toEqual([]);

    const own = await request(server)
      .post(`${base}/change-requests/${id}/decision`)
      .set('Authorization', dana)
      .send({ decision: 'approve' });
    expect(own.status).toBe(403);

    const approved = await request(server)
      .post(`${base}/change-requests/${id}/decision`)
      .set('Authorization', admin)
      .send({ decision: 'approve' });
    expect(approved.status).toBe(200);
    await until(
      () => request(server).get(deployments).set('Authorization', dana),
      res => res.body.items[0]?.phase === 'Ready',
    );
    const after = await request(server)
      .get(`${base}/change-requests/${id}`)
      .set('Authorization', dana);
    expect(after.body.state).toBe('applied');
  });

  it('names the field of a bad request with 400', async () => {
    const { server } = await startBackend();
    const bad = await request(server)
      .post(deployments)
      .set('Authorization', dana)
      .send({ environment: 'development', replicas: 99 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/replicas/);
    const unknown = await request(server)
      .post(deployments)
      .set('Authorization', dana)
      .send({ environment: 'moon' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/^environment: /);
  });

  it('refuses every hosting change with 403 without the deploy permission', async () => {
    const { server, events } = await startBackend([
      mcpServerDeployPermission.name,
    ]);
    const routes = [
      request(server).post(deployments).send({ environment: 'development' }),
      request(server)
        .put(`${deployments}/development/replicas`)
        .send({ replicas: 1 }),
      request(server).delete(`${deployments}/development`),
    ];
    for (const route of routes) {
      const res = await route.set('Authorization', dana);
      expect(res.status).toBe(403);
    }
    expect(events).toEqual(['server-register:success']);
  });
});
