import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  ChangeRequestService,
  ChangeRequestStore,
} from '@idp-platform/backstage-plugin-idp-node';
import { DateTime, Duration } from 'luxon';
import { ApprovalGate } from './ApprovalGate';
import { GateContext } from './PromotionGate';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const production = {
  name: 'production',
  cluster: 'local',
  namespace: 'production',
  protected: true,
  requiredApprovals: 2,
  approvers: ['group:default/release-managers'],
  security: { maxSeverity: 'medium' as const },
};

async function setup() {
  const knex = await databases.init('SQLITE_3');
  const changeRequests = new ChangeRequestService(
    await ChangeRequestStore.create(knex),
    mockServices.auditor.mock(),
    { defaultExpiry: Duration.fromISO('P7D') },
  );
  const context: GateContext = {
    promotion: {
      id: 'p1',
      entityRef: 'component:default/payments-api',
      environment: 'production',
      artifactId: 'a'.repeat(64),
      kind: 'promotion',
      state: 'requested',
      requestedBy: 'user:default/dana',
      requestedAt: '2026-11-25T10:00:00.000Z',
      updatedAt: '2026-11-25T10:00:00.000Z',
      gates: [],
      steps: [],
      version: 1,
    },
    artifact: {
      id: 'a'.repeat(64),
      entityRef: 'component:default/payments-api',
      imageRepository: 'ghcr.io/acme/payments-api',
      tag: '1.0.0',
      digest: `sha256:${'1'.repeat(64)}`,
      commit: 'abc1234',
      imageReference: 'ghcr.io/acme/payments-api:1.0.0',
      committers: ['user:default/carol'],
      signed: false,
      createdAt: '2026-11-25T09:00:00.000Z',
    },
    entity: {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'payments-api', namespace: 'default' },
      spec: { owner: 'team-payments' },
    },
    pipeline: { name: 'standard', stages: [] },
    stage: {
      environment: production,
      minSoak: Duration.fromMillis(0),
      requireSignature: false,
    },
    stageStates: [
      {
        entityRef: 'component:default/payments-api',
        environment: 'production',
        artifactId: 'b'.repeat(64),
        since: '2026-11-20T10:00:00.000Z',
        verified: true,
      },
    ],
    verifiedHistory: [],
    approvalRequiredBySecurity: false,
    now: DateTime.fromISO('2026-11-25T10:00:00Z'),
  };
  const gate = new ApprovalGate(changeRequests);
  const opened = await gate.evaluate(context);
  expect(opened.verdict.status).toBe('pending');
  const requestId = opened.changeRequestId!;
  const approver = (name: string) => ({
    userEntityRef: `user:default/${name}`,
    ownershipEntityRefs: [
      `user:default/${name}`,
      'group:default/release-managers',
    ],
  });
  const approved = {
    ...context,
    promotion: { ...context.promotion, changeRequestId: requestId },
  };
  return { gate, changeRequests, requestId, approver, approved };
}

describe('ApprovalGate', () => {
  it('voids an approval when the target stage moved since it was asked', async () => {
    const { gate, changeRequests, requestId, approver, approved } =
      await setup();
    await changeRequests.decide(requestId, approver('alice'), {
      decision: 'approve',
    });
    await changeRequests.decide(requestId, approver('bob'), {
      decision: 'approve',
    });
    expect((await gate.evaluate(approved)).verdict).toMatchObject({
      status: 'pass',
      judgedBy: 'user:default/alice, user:default/bob',
    });
    const moved = {
      ...approved,
      stageStates: [{ ...approved.stageStates[0], artifactId: 'c'.repeat(64) }],
    };
    expect((await gate.evaluate(moved)).verdict).toMatchObject({
      status: 'fail',
      reason: expect.stringMatching(
        /^approval void: production ran b+ when approved and runs c+ now$/,
      ),
    });
  });

  it("does not count an approval by one of the artifact's committers", async () => {
    const { gate, changeRequests, requestId, approver, approved } =
      await setup();
    await changeRequests.decide(requestId, approver('carol'), {
      decision: 'approve',
    });
    await changeRequests.decide(requestId, approver('bob'), {
      decision: 'approve',
    });
    expect((await gate.evaluate(approved)).verdict).toMatchObject({
      status: 'fail',
      reason:
        "approvals by the artifact's committers do not count: 1 of 2 remain",
    });
  });

  it('fails once an approver rejects, naming them', async () => {
    const { gate, changeRequests, requestId, approver, approved } =
      await setup();
    await changeRequests.decide(requestId, approver('bob'), {
      decision: 'reject',
      comment: 'not during the sale',
    });
    expect((await gate.evaluate(approved)).verdict).toMatchObject({
      status: 'fail',
      reason: 'rejected by user:default/bob: not during the sale',
      judgedBy: 'user:default/bob',
    });
  });
});
