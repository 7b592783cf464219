import express from 'express';
import request from 'supertest';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ChangeRequest } from '@idp-platform/backstage-plugin-idp-common';
import { changeRequestServiceRef } from './changeRequestServiceRef';
import { createChangeRequestRouter } from './createChangeRequestRouter';

const requester = 'user:default/rita';
const alice = 'user:default/alice';
const bob = 'user:default/bob';

async function startBackend(options: { deny?: string[] } = {}) {
  const applied: ChangeRequest[] = [];
  let opened: ChangeRequest | undefined;
  const plugin = createBackendPlugin({
    pluginId: 'demo',
    register(env) {
      env.registerInit({
        deps: {
          router: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
          userInfo: coreServices.userInfo,
          permissions: coreServices.permissions,
          changeRequests: changeRequestServiceRef,
        },
        async init({
          router,
          httpAuth,
          userInfo,
          permissions,
          changeRequests,
        }) {
          opened = await changeRequests.open({
            pluginId: 'demo',
            requester: {
              userEntityRef: requester,
              ownershipEntityRefs: [requester],
            },
            input: {
              kind: 'demo-change',
              title: 'Change production',
              environment: 'production',
              payload: { value: 1 },
            },
            requiredApprovals: 2,
            approvers: [alice, bob],
          });
          const api = express.Router();
          api.use(
            '/change-requests',
            createChangeRequestRouter({
              pluginId: 'demo',
              changeRequests,
              httpAuth,
              userInfo,
              permissions,
              onApproved: async r => {
                applied.push(r);
              },
            }),
          );
          router.use(api);
        },
      });
    },
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
  const { server } = await startTestBackend({
    features: [plugin, permissions.factory],
  });
  return { server, applied, id: opened!.id };
}

describe('createChangeRequestRouter', () => {
  it('lists and decides requests; the second approval applies the change', async () => {
    const { server, applied, id } = await startBackend();
    const list = await request(server)
      .get('/api/demo/change-requests?state=pending')
      .set('Authorization', mockCredentials.user.header(alice));
    expect(list.status).toBe(200);
    expect(list.body.items.map((r: ChangeRequest) => r.id)).toEqual([id]);

    const first = await request(server)
      .post(`/api/demo/change-requests/${id}/decision`)
      .set('Authorization', mockCredentials.user.header(alice))
      .send({ decision: 'approve', comment: 'ok' });
    expect(first.status).toBe(200);
    expect(first.body.state).toBe('pending');
    expect(applied).toEqual([]);

    const second = await request(server)
      .post(`/api/demo/change-requests/${id}/decision`)
      .set('Authorization', mockCredentials.user.header(bob))
      .send({ decision: 'approve' });
    expect(second.body.state).toBe('approved');
    expect(applied.map(r => r.id)).toEqual([id]);
  });

  it('refuses the requester deciding their own request with 403', async () => {
    const { server, id } = await startBackend();
    const res = await request(server)
      .post(`/api/demo/change-requests/${id}/decision`)
      .set('Authorization', mockCredentials.user.header(requester))
      .send({ decision: 'approve' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'The requester of a change request cannot approve or reject it',
    );
  });

  it('answers 400 naming the field for a bad decision and a missing bypass reason', async () => {
    const { server, id } = await startBackend();
    const bad = await request(server)
      .post(`/api/demo/change-requests/${id}/decision`)
      .set('Authorization', mockCredentials.user.header(alice))
      .send({ decision: 'maybe' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^Invalid request: decision: /);
    const noReason = await request(server)
      .post(`/api/demo/change-requests/${id}/bypass`)
      .set('Authorization', mockCredentials.user.header(alice))
      .send({});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toMatch(/reason/);
  });

  it('answers 403 on every route without its permission, and changes nothing', async () => {
    const { server, id, applied } = await startBackend({
      deny: [
        'idp.change-request.read',
        'idp.change-request.create',
        'idp.change-request.decide',
        'idp.change-request.emergency-bypass',
      ],
    });
    const auth = { Authorization: mockCredentials.user.header(alice) };
    expect(
      (await request(server).get('/api/demo/change-requests').set(auth)).status,
    ).toBe(403);
    expect(
      (await request(server).get(`/api/demo/change-requests/${id}`).set(auth))
        .status,
    ).toBe(403);
    expect(
      (
        await request(server)
          .post(`/api/demo/change-requests/${id}/decision`)
          .set(auth)
          .send({ decision: 'approve' })
      ).status,
    ).toBe(403);
    expect(
      (
        await request(server)
          .post(`/api/demo/change-requests/${id}/cancel`)
          .set(auth)
      ).status,
    ).toBe(403);
    expect(
      (
        await request(server)
          .post(`/api/demo/change-requests/${id}/bypass`)
          .set(auth)
          .send({ reason: 'outage' })
      ).status,
    ).toBe(403);
    expect(applied).toEqual([]);
  });

  it('lets only the bypass permission approve without approvals, with a reason', async () => {
    const { server, id, applied } = await startBackend();
    const res = await request(server)
      .post(`/api/demo/change-requests/${id}/bypass`)
      .set('Authorization', mockCredentials.user.header(alice))
      .send({ reason: 'payments outage INC-7' });
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('approved');
    expect(applied).toHaveLength(1);
  });

  it('answers 404 for an unknown request', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .get('/api/demo/change-requests/nope')
      .set('Authorization', mockCredentials.user.header(alice));
    expect(res.status).toBe(404);
  });
});
