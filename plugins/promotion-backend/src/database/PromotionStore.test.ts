import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@idp-platform/backstage-plugin-idp-node/testUtils';
import { NewPromotion, PromotionStore } from './PromotionStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  return PromotionStore.create(
    mockServices.database({ knex, migrations: { skip: false } }),
  );
}

const ENTITY = 'component:default/payments-api';
const ARTIFACT_A = 'a'.repeat(64);
const ARTIFACT_B = 'b'.repeat(64);

function promotion(
  id: string,
  overrides: Partial<NewPromotion> = {},
): NewPromotion {
  return {
    id,
    entityRef: ENTITY,
    environment: 'production',
    artifactId: ARTIFACT_A,
    kind: 'promotion',
    state: 'requested',
    requestedBy: 'user:default/dana',
    requestedAt: '2026-11-25T10:00:00.000Z',
    message: 'requested',
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())(
  'PromotionStore on %s',
  databaseId => {
    it('stores an artifact once and returns the stored one for the same contents', async () => {
      const store = await createStore(databaseId);
      const artifact = {
        id: ARTIFACT_A,
        entityRef: ENTITY,
        imageRepository: 'ghcr.io/acme/payments-api',
        tag: '1.0.0',
        digest: `sha256:${'1'.repeat(64)}`,
        commit: 'abc1234',
        imageReference: `ghcr.io/acme/payments-api:1.0.0@sha256:${'1'.repeat(
          64,
        )}`,
        committers: ['user:default/dana'],
        provenance: { builder: 'github-actions' },
        signed: false,
        createdBy: 'user:default/ci',
        createdAt: '2026-11-25T09:00:00.000Z',
      };
      expect((await store.insertArtifact(artifact)).created).toBe(true);
      const again = await store.insertArtifact({
        ...artifact,
        createdAt: '2026-11-25T09:30:00.000Z',
      });
      expect(again.created).toBe(false);
      expect(again.artifact.createdAt).toBe('2026-11-25T09:00:00.000Z');
      expect(again.artifact.provenance).toEqual({ builder: 'github-actions' });
      const page = await store.listArtifacts(ENTITY, { limit: 10, offset: 0 });
      expect(page.totalCount).toBe(1);
    });

    it('lets the database refuse a second active promotion to the same stage', async () => {
      const store = await createStore(databaseId);
      expect(await store.insertPromotion(promotion('p1'))).toEqual({
        inserted: true,
      });
      expect(
        await store.insertPromotion(
          promotion('p2', { artifactId: ARTIFACT_B }),
        ),
      ).toEqual({ inserted: false, conflict: 'active' });
      // Another stage of the same component is independent.
      expect(
        await store.insertPromotion(
          promotion('p3', { environment: 'staging' }),
        ),
      ).toEqual({ inserted: true });

      const p1 = (await store.getPromotion('p1'))!;
      expect(
        await store.transition(p1.id, p1.version, {
          state: 'failed',
          actor: 'system',
          message: 'gate failed',
          at: '2026-11-25T10:01:00.000Z',
        }),
      ).toBe(true);
      // Once final, the slot is free again.
      expect(
        await store.insertPromotion(
          promotion('p4', { artifactId: ARTIFACT_B }),
        ),
      ).toEqual({ inserted: true });
    });

    it('refuses one of two concurrent inserts for the same stage', async () => {
      const store = await createStore(databaseId);
      const results = await Promise.all([
        store.insertPromotion(promotion('c1')),
        store.insertPromotion(promotion('c2', { artifactId: ARTIFACT_B })),
      ]);
      expect(results.filter(r => r.inserted)).toHaveLength(1);
      expect(results.filter(r => !r.inserted)).toEqual([
        { inserted: false, conflict: 'active' },
      ]);
    });

    it('reports a reused idempotency key', async () => {
      const store = await createStore(databaseId);
      await store.insertPromotion(
        promotion('k1', { idempotencyKey: 'build-42', state: 'failed' }),
      );
      expect(
        await store.insertPromotion(
          promotion('k2', { idempotencyKey: 'build-42' }),
        ),
      ).toEqual({ inserted: false, conflict: 'key' });
      expect((await store.findByIdempotencyKey(ENTITY, 'build-42'))?.id).toBe(
        'k1',
      );
    });

    it('moves a promotion only from the version it read and records every step', async () => {
      const store = await createStore(databaseId);
      await store.insertPromotion(promotion('t1'));
      const read = (await store.getPromotion('t1'))!;
      const verdict = {
        type: 'security' as const,
        status: 'pass' as const,
        reason: 'no findings',
        judgedBy: 'system',
        judgedAt: '2026-11-25T10:00:01.000Z',
      };
      expect(
        await store.transition(
          't1',
          read.version,
          {
            state: 'deploying',
            actor: 'system',
            message: 'gates passed',
            at: '2026-11-25T10:00:01.000Z',
            verdicts: [verdict],
          },
          { gates: [verdict], previousArtifactId: ARTIFACT_B },
        ),
      ).toBe(true);
      expect(
        await store.transition('t1', read.version, {
          state: 'failed',
          actor: 'system',
          message: 'stale',
          at: '2026-11-25T10:00:02.000Z',
        }),
      ).toBe(false);
      const stored = (await store.getPromotion('t1'))!;
      expect(stored.state).toBe('deploying');
      expect(stored.gates).toEqual([verdict]);
      expect(stored.previousArtifactId).toBe(ARTIFACT_B);
      expect(stored.steps.map(s => s.state)).toEqual([
        'requested',
        'deploying',
      ]);
      expect(stored.steps[1].verdicts).toEqual([verdict]);
    });

    it('gives the worker lease to one worker until it expires', async () => {
      const store = await createStore(databaseId);
      await store.insertPromotion(promotion('l1'));
      const now = '2026-11-25T10:00:00.000Z';
      const until = '2026-11-25T10:10:00.000Z';
      expect(await store.claim('l1', 'worker-a', now, until)).toBe(true);
      expect(await store.claim('l1', 'worker-b', now, until)).toBe(false);
      expect(
        await store.claim('l1', 'worker-b', '2026-11-25T10:11:00.000Z', until),
      ).toBe(true);
      await store.release('l1', 'worker-b');
      expect(await store.claim('l1', 'worker-a', now, until)).toBe(true);
    });

    it('keeps one stage state per component and stage', async () => {
      const store = await createStore(databaseId);
      await store.upsertStageState({
        entityRef: ENTITY,
        environment: 'staging',
        artifactId: ARTIFACT_A,
        since: '2026-11-25T10:00:00.000Z',
        verified: false,
      });
      await store.upsertStageState({
        entityRef: ENTITY,
        environment: 'staging',
        artifactId: ARTIFACT_A,
        since: '2026-11-25T10:00:00.000Z',
        verified: true,
        verifiedAt: '2026-11-25T10:02:00.000Z',
      });
      expect(await store.getStageStates(ENTITY)).toEqual([
        {
          entityRef: ENTITY,
          environment: 'staging',
          artifactId: ARTIFACT_A,
          since: '2026-11-25T10:00:00.000Z',
          verified: true,
          verifiedAt: '2026-11-25T10:02:00.000Z',
          promotionId: undefined,
        },
      ]);
    });

    it('lists promotions newest first with filters and paging', async () => {
      const store = await createStore(databaseId);
      for (const [index, environment] of [
        'development',
        'staging',
        'production',
      ].entries()) {
        await store.insertPromotion(
          promotion(`h${index}`, {
            environment,
            requestedAt: `2026-11-25T1${index}:00:00.000Z`,
          }),
        );
      }
      const first = await store.listPromotions(
        { entityRef: ENTITY },
        { limit: 2, offset: 0 },
      );
      expect(first.totalCount).toBe(3);
      expect(first.items.map(p => p.id)).toEqual(['h2', 'h1']);
      const staging = await store.listPromotions(
        { environment: 'staging' },
        { limit: 10, offset: 0 },
      );
      expect(staging.items.map(p => p.id)).toEqual(['h1']);
      expect((await store.listActive()).map(p => p.id)).toEqual([
        'h0',
        'h1',
        'h2',
      ]);
    });
  },
);
