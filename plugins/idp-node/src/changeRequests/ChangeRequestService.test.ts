import { mockServices } from '@backstage/backend-test-utils';
import { DateTime, Duration } from 'luxon';
import { ChangeRequestCreate } from '@idp-platform/backstage-plugin-idp-common';
import { createTestDatabases } from '../testUtils/createTestDatabases';
import { ChangeRequestService } from './ChangeRequestService';
import { ChangeRequestStore } from './ChangeRequestStore';

const requester = {
  userEntityRef: 'user:default/rita',
  ownershipEntityRefs: ['user:default/rita', 'group:default/team-a'],
};
const alice = {
  userEntityRef: 'user:default/alice',
  ownershipEntityRefs: ['user:default/alice', 'group:default/approvers'],
};
const bob = {
  userEntityRef: 'user:default/bob',
  ownershipEntityRefs: ['user:default/bob', 'group:default/approvers'],
};
const outsider = {
  userEntityRef: 'user:default/olga',
  ownershipEntityRefs: ['user:default/olga', 'group:default/team-b'],
};

const input: ChangeRequestCreate = {
  kind: 'promote',
  title: 'Promote payments-api sha256:abc to production',
  environment: 'production',
  entityRef: 'component:default/payments-api',
  payload: { digest: 'sha256:abc' },
};

describe('ChangeRequestService', () => {
  const databases = createTestDatabases();

  async function setup(
    databaseId: Parameters<typeof databases.init>[0],
    clock?: { now: DateTime },
  ) {
    const knex = await databases.init(databaseId);
    const store = await ChangeRequestStore.create(knex);
    const auditor = mockServices.auditor.mock();
    const events: { eventId: string; outcome?: string }[] = [];
    auditor.createEvent.mockImplementation(async ({ eventId }) => {
      const record: { eventId: string; outcome?: string } = { eventId };
      events.push(record);
      return {
        success: async () => {
          record.outcome = 'success';
        },
        fail: async () => {
          record.outcome = 'fail';
        },
      };
    });
    const service = new ChangeRequestService(store, auditor, {
      defaultExpiry: Duration.fromISO('P7D'),
      now: clock ? () => clock.now : undefined,
    });
    return { service, events, knex };
  }

  const open = (service: ChangeRequestService, requiredApprovals = 2) =>
    service.open({
      pluginId: 'promotion',
      requester,
      input,
      requiredApprovals,
      approvers: ['group:default/approvers'],
    });

  it.each(databases.eachSupportedId())(
    'approves a request once enough approvers agree, on %p',
    async databaseId => {
      const { service, events } = await setup(databaseId);
      const request = await open(service);
      expect(request.state).toBe('pending');

      const afterOne = await service.decide(request.id, alice, {
        decision: 'approve',
        comment: 'looks good',
      });
      expect(afterOne.state).toBe('pending');
      expect(afterOne.approvals).toEqual([
        expect.objectContaining({
          approver: alice.userEntityRef,
          decision: 'approve',
          comment: 'looks good',
        }),
      ]);

      const afterTwo = await service.decide(request.id, bob, {
        decision: 'approve',
      });
      expect(afterTwo.state).toBe('approved');
      expect(afterTwo.history.map(h => `${h.from}->${h.to}`)).toEqual([
        'null->pending',
        'pending->pending',
        'pending->approved',
      ]);
      expect(afterTwo.version).toBe(3);
      expect(events.map(e => `${e.eventId}:${e.outcome}`)).toEqual([
        'change-request-open:success',
        'change-request-decide:success',
        'change-request-decide:success',
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'rejects a request on the first rejection, on %p',
    async databaseId => {
      const { service } = await setup(databaseId);
      const request = await open(service);
      const rejected = await service.decide(request.id, alice, {
        decision: 'reject',
        comment: 'wrong digest',
      });
      expect(rejected.state).toBe('rejected');
      expect(rejected.history.at(-1)).toMatchObject({
        from: 'pending',
        to: 'rejected',
        actor: alice.userEntityRef,
        reason: 'wrong digest',
      });
      await expect(
        service.decide(request.id, bob, { decision: 'approve' }),
      ).rejects.toMatchObject({ name: 'ConflictError' });
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses self-approval by the requester, on %p',
    async databaseId => {
      const { service, events } = await setup(databaseId);
      const request = await service.open({
        pluginId: 'promotion',
        requester,
        input,
        requiredApprovals: 1,
        approvers: ['group:default/team-a'],
      });
      await expect(
        service.decide(request.id, requester, { decision: 'approve' }),
      ).rejects.toMatchObject({
        name: 'NotAllowedError',
        message:
          'The requester of a change request cannot approve or reject it',
      });
      expect((await service.get(request.id)).approvals).toEqual([]);
      expect(events.at(-1)).toEqual({
        eventId: 'change-request-decide',
        outcome: 'fail',
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses approvers outside the eligible groups and double decisions, on %p',
    async databaseId => {
      const { service } = await setup(databaseId);
      const request = await open(service);
      await expect(
        service.decide(request.id, outsider, { decision: 'approve' }),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
      await service.decide(request.id, alice, { decision: 'approve' });
      await expect(
        service.decide(request.id, alice, { decision: 'approve' }),
      ).rejects.toMatchObject({ name: 'ConflictError' });
      expect((await service.get(request.id)).approvals).toHaveLength(1);
    },
  );

  it.each(databases.eachSupportedId())(
    'expires a pending request after its expiry, on %p',
    async databaseId => {
      const clock = { now: DateTime.fromISO('2026-11-24T10:00:00Z') };
      const { service } = await setup(databaseId, clock);
      const request = await service.open({
        pluginId: 'promotion',
        requester,
        input: { ...input, expiresIn: 'PT1H' },
        requiredApprovals: 1,
        approvers: ['group:default/approvers'],
      });
      expect(request.expiresAt).toBe('2026-11-24T11:00:00.000Z');

      clock.now = DateTime.fromISO('2026-11-24T10:59:00Z');
      expect(await service.expireDue()).toBe(0);
      clock.now = DateTime.fromISO('2026-11-24T11:00:01Z');
      expect(await service.expireDue()).toBe(1);

      const expired = await service.get(request.id);
      expect(expired.state).toBe('expired');
      expect(expired.history.at(-1)).toMatchObject({
        from: 'pending',
        to: 'expired',
        actor: 'system',
      });
      await expect(
        service.decide(request.id, alice, { decision: 'approve' }),
      ).rejects.toMatchObject({ name: 'ConflictError' });
    },
  );

  it.each(databases.eachSupportedId())(
    'counts both of two approvers racing for the last approvals, on %p',
    async databaseId => {
      const { service } = await setup(databaseId);
      const request = await open(service, 2);
      const results = await Promise.allSettled([
        service.decide(request.id, alice, { decision: 'approve' }),
        service.decide(request.id, bob, { decision: 'approve' }),
      ]);
      expect(results.map(r => r.status)).toEqual(['fulfilled', 'fulfilled']);
      const final = await service.get(request.id);
      expect(final.state).toBe('approved');
      expect(final.approvals.map(a => a.approver).sort()).toEqual([
        alice.userEntityRef,
        bob.userEntityRef,
      ]);
      expect(final.history.filter(h => h.to === 'approved')).toHaveLength(1);
    },
  );

  it.each(databases.eachSupportedId())(
    'lets exactly one of two racing approvers approve a single-approval request, on %p',
    async databaseId => {
      const { service } = await setup(databaseId);
      const request = await open(service, 1);
      const results = await Promise.allSettled([
        service.decide(request.id, alice, { decision: 'approve' }),
        service.decide(request.id, bob, { decision: 'approve' }),
      ]);
      expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1);
      const rejectedResult = results.find(
        r => r.status === 'rejected',
      ) as PromiseRejectedResult;
      expect(rejectedResult.reason).toMatchObject({ name: 'ConflictError' });
      const final = await service.get(request.id);
      expect(final.state).toBe('approved');
      expect(final.approvals).toHaveLength(1);
    },
  );

  it.each(databases.eachSupportedId())(
    'revokes approvals when the requester edits the request, and refuses a stale edit, on %p',
    async databaseId => {
      const { service } = await setup(databaseId);
      const request = await open(service, 2);
      const approvedOnce = await service.decide(request.id, alice, {
        decision: 'approve',
      });
      const edited = await service.edit(
        request.id,
        requester,
        { digest: 'sha256:def' },
        approvedOnce.version,
      );
      expect(edited.payload).toEqual({ digest: 'sha256:def' });
      expect(edited.approvals).toEqual([]);
      expect(edited.state).toBe('pending');
      await expect(
        service.edit(
          request.id,
          requester,
          { digest: 'sha256:xyz' },
          approvedOnce.version,
        ),
      ).rejects.toMatchObject({ name: 'ConflictError' });
    },
  );

  it.each(databases.eachSupportedId())(
    'records applied and failed outcomes only for approved requests, on %p',
    async databaseId => {
      const { service } = await setup(databaseId);
      const pending = await open(service, 1);
      await expect(
        service.recordOutcome(pending.id, 'plugin:promotion', {
          applied: true,
        }),
      ).rejects.toMatchObject({ name: 'ConflictError' });
      await service.decide(pending.id, alice, { decision: 'approve' });
      const failed = await service.recordOutcome(
        pending.id,
        'plugin:promotion',
        { applied: false, error: 'rollout timed out' },
      );
      expect(failed.state).toBe('failed');
      expect(failed.history.at(-1)).toMatchObject({
        to: 'failed',
        reason: 'rollout timed out',
      });
      await expect(
        service.recordOutcome(pending.id, 'plugin:promotion', {
          applied: true,
        }),
      ).rejects.toMatchObject({ name: 'ConflictError' });
    },
  );

  it.each(databases.eachSupportedId())(
    'approves immediately when no approvals are required, and bypasses with a reason, on %p',
    async databaseId => {
      const { service } = await setup(databaseId);
      const free = await service.open({
        pluginId: 'config',
        requester,
        input: { ...input, environment: 'development' },
        requiredApprovals: 0,
        approvers: [],
      });
      expect(free.state).toBe('approved');
      const pending = await open(service, 2);
      await expect(
        service.bypass(pending.id, alice, '  '),
      ).rejects.toMatchObject({ name: 'InputError' });
      const bypassed = await service.bypass(
        pending.id,
        alice,
        'payments outage INC-42',
      );
      expect(bypassed.state).toBe('approved');
      expect(bypassed.history.at(-1)?.reason).toBe(
        'emergency bypass: payments outage INC-42',
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'names the field when a request cannot be opened, on %p',
    async databaseId => {
      const { service } = await setup(databaseId);
      await expect(
        service.open({
          pluginId: 'promotion',
          requester,
          input,
          requiredApprovals: 1,
          approvers: [],
        }),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringContaining('approvers'),
      });
      await expect(
        open(service).then(() =>
          service.open({
            pluginId: 'promotion',
            requester,
            input: { ...input, expiresIn: 'soon' },
            requiredApprovals: 1,
            approvers: ['group:default/approvers'],
          }),
        ),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringContaining('expiresIn'),
      });
      expect(await service.list({ pluginId: 'promotion' })).toHaveLength(1);
    },
  );
});
