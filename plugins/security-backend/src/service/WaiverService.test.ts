import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { mockServices } from '@backstage/backend-test-utils';
import {
  DEFAULT_ENVIRONMENTS,
  Environment,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  ChangeRequestService,
  ChangeRequestStore,
  EnvironmentService,
} from '@idp-platform/backstage-plugin-idp-node';
import { createTestDatabases } from '@idp-platform/backstage-plugin-idp-node/testUtils';
import { DateTime, Duration } from 'luxon';
import { SecurityStore } from '../database/SecurityStore';
import {
  DEFAULT_SECURITY_POLICY,
  SecurityPolicy,
} from '../policy/SecurityPolicy';
import { SecurityService } from './SecurityService';
import { SECURITY_WAIVER_KIND, WaiverService } from './WaiverService';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const trivy = fs.readFileSync(
  path.resolve(
    __dirname,
    '../../../../examples/security/trivy-alpine-3.9.json',
  ),
);
const entityRef = 'component:default/payments-api';
const digest = `sha256:${'a'.repeat(64)}`;
const dana = {
  userEntityRef: 'user:default/dana',
  ownershipEntityRefs: ['user:default/dana', 'group:default/payments'],
};
const approver = (name: string) => ({
  userEntityRef: `user:default/${name}`,
  ownershipEntityRefs: [`user:default/${name}`, 'group:default/payments'],
});

async function setUp(
  databaseId: Parameters<typeof databases.init>[0],
  environments: Environment[] = DEFAULT_ENVIRONMENTS,
) {
  const knex = await databases.init(databaseId);
  const clock = { now: new Date('2026-11-25T12:00:00.000Z') };
  const now = () => clock.now;
  const store = await SecurityStore.create(
    mockServices.database({ knex, migrations: { skip: false } }),
  );
  const changeRequests = new ChangeRequestService(
    await ChangeRequestStore.create(knex),
    mockServices.auditor.mock(),
    {
      defaultExpiry: Duration.fromISO('P7D'),
      now: () => DateTime.fromJSDate(clock.now),
    },
  );
  const environmentService = new EnvironmentService(environments);
  const security = new SecurityService({
    store,
    policy: new SecurityPolicy(DEFAULT_SECURITY_POLICY),
    environments: environmentService,
    signals: { publish: async () => {} },
    logger: mockServices.logger.mock(),
    now,
  });
  const waivers = new WaiverService({
    store,
    changeRequests,
    environments: environmentService,
    auditor: mockServices.auditor.mock(),
    maxDays: 90,
    now,
  });
  await security.ingest({
    entityRef,
    artifactDigest: digest,
    format: 'trivy',
    body: Readable.from([trivy]),
    entity: { ownerRef: 'group:default/payments' },
  });
  const gate = () =>
    security.evaluateGate({
      entityRef,
      artifactDigest: digest,
      environment: 'production',
    });
  return { clock, changeRequests, waivers, gate };
}

const waiverFor = (expiresAt: string) => ({
  entityRef,
  vulnerabilityId: 'CVE-2019-14697',
  justification: 'musl is not reachable from the service entry points',
  expiresAt,
});

describe.each(databases.eachSupportedId())(
  'WaiverService on %s',
  databaseId => {
    it('opens a change request in the most protected environment, applies the waiver once approved, and stops applying it when it expires', async () => {
      const { clock, changeRequests, waivers, gate } = await setUp(databaseId);
      expect((await gate()).allowed).toBe(false);

      const result = await waivers.request({
        waiver: waiverFor('2026-12-10'),
        requester: dana,
        ownerRef: 'group:default/payments',
      });
      expect(result.status).toBe('pending-approval');
      const opened = await changeRequests.get(result.changeRequestId);
      expect(opened).toMatchObject({
        pluginId: 'security',
        kind: SECURITY_WAIVER_KIND,
        environment: 'production',
        entityRef,
        requester: 'user:default/dana',
        requiredApprovals: 2,
        approvers: ['group:default/payments'],
        state: 'pending',
      });
      expect(await waivers.list(entityRef)).toEqual([
        expect.objectContaining({
          id: result.changeRequestId,
          state: 'pending',
          approvedBy: [],
          expiresAt: '2026-12-10T00:00:00.000Z',
        }),
      ]);
      expect((await gate()).allowed).toBe(false);

      await changeRequests.decide(result.changeRequestId, approver('sam'), {
        decision: 'approve',
      });
      clock.now = new Date('2026-11-25T12:05:00.000Z');
      const approved = await changeRequests.decide(
        result.changeRequestId,
        approver('lee'),
        { decision: 'approve' },
      );
      expect(approved.state).toBe('approved');
      await waivers.applyApproved(approved);
      expect((await changeRequests.get(result.changeRequestId)).state).toBe(
        'applied',
      );
      expect(await waivers.list(entityRef)).toEqual([
        {
          id: result.changeRequestId,
          entityRef,
          vulnerabilityId: 'CVE-2019-14697',
          packageName: undefined,
          justification: 'musl is not reachable from the service entry points',
          requestedBy: 'user:default/dana',
          approvedBy: ['user:default/sam', 'user:default/lee'],
          changeRequestId: result.changeRequestId,
          createdAt: '2026-11-25T12:00:00.000Z',
          approvedAt: '2026-11-25T12:05:00.000Z',
          expiresAt: '2026-12-10T00:00:00.000Z',
          state: 'active',
        },
      ]);
      const waived = await gate();
      expect(waived.allowed).toBe(true);
      expect(
        waived.reasons.filter(r => r.code === 'waived').map(r => r.findingId),
      ).toHaveLength(2);

      clock.now = new Date('2026-12-10T00:00:00.000Z');
      const afterExpiry = await gate();
      expect(afterExpiry.allowed).toBe(false);
      expect(afterExpiry.reasons[0]).toMatchObject({
        code: 'blocked-severity',
        vulnerabilityId: 'CVE-2019-14697',
      });
      expect((await waivers.list(entityRef)).map(w => w.state)).toEqual([
        'expired',
      ]);
    });

    it('refuses an expiry in the past or beyond the configured maximum', async () => {
      const { waivers } = await setUp(databaseId);
      const request = (expiresAt: string) =>
        waivers.request({
          waiver: waiverFor(expiresAt),
          requester: dana,
          ownerRef: 'group:default/payments',
        });
      await expect(request('2026-11-25T11:59:59Z')).rejects.toThrow(
        'expiresAt: must be in the future',
      );
      await expect(request('2026-02-23T12:00:01Z')).rejects.toThrow(
        'expiresAt: must be in the future',
      );
      await expect(request('2027-02-23T12:00:01Z')).rejects.toThrow(
        'expiresAt: must be at most 90 days ahead (2027-02-23T12:00:00.000Z)',
      );
      await expect(request('2027-02-23T12:00:00Z')).resolves.toMatchObject({
        status: 'pending-approval',
      });
    });

    it("asks the last environment's approvers, and at least one approval even where it needs none", async () => {
      const environments = DEFAULT_ENVIRONMENTS.map(environment =>
        environment.name === 'production'
          ? {
              ...environment,
              requiredApprovals: 0,
              approvers: ['group:default/security-officers'],
            }
          : environment,
      );
      const { waivers, changeRequests } = await setUp(databaseId, environments);
      const { changeRequestId } = await waivers.request({
        waiver: { ...waiverFor('2026-12-01'), packageName: 'musl' },
        requester: dana,
        ownerRef: 'group:default/payments',
      });
      expect(await changeRequests.get(changeRequestId)).toMatchObject({
        requiredApprovals: 1,
        approvers: ['group:default/security-officers'],
        state: 'pending',
        payload: expect.objectContaining({ packageName: 'musl' }),
      });
    });

    it('drops a waiver whose change request was rejected from the list', async () => {
      const { waivers, changeRequests } = await setUp(databaseId);
      const { changeRequestId } = await waivers.request({
        waiver: waiverFor('2026-12-01'),
        requester: dana,
        ownerRef: 'group:default/payments',
      });
      const rejected = await changeRequests.decide(
        changeRequestId,
        approver('sam'),
        { decision: 'reject', comment: 'fix it instead' },
      );
      await waivers.applyApproved(rejected);
      expect(await waivers.list(entityRef)).toEqual([]);
    });

    it('counts whoever bypassed the approvals in an emergency as the approver', async () => {
      const { waivers, changeRequests, gate } = await setUp(databaseId);
      const { changeRequestId } = await waivers.request({
        waiver: waiverFor('2026-12-01'),
        requester: dana,
        ownerRef: 'group:default/payments',
      });
      const bypassed = await changeRequests.bypass(
        changeRequestId,
        approver('oncall'),
        'production incident INC-42',
      );
      await waivers.applyApproved(bypassed);
      expect(await waivers.list(entityRef)).toEqual([
        expect.objectContaining({
          state: 'active',
          approvedBy: ['user:default/oncall'],
        }),
      ]);
      expect((await gate()).allowed).toBe(true);
    });
  },
);
