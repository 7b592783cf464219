import { promotionPermissions } from '@idp-platform/backstage-plugin-idp-common';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import {
  as,
  getPromotion,
  promote,
  promoteAndWait,
  registerArtifact,
  waitForPromotion,
} from './__testUtils__/promotionRequests';
import {
  databases,
  ENTITY_REF,
  FIXTURES,
  IMAGE_REPOSITORY,
  PromotionBackend,
  startPromotionBackend,
} from './__testUtils__/startPromotionBackend';
import { PromotionStore } from './database/PromotionStore';
import { mockServices } from '@backstage/backend-test-utils';

jest.setTimeout(120_000);

const bundle = JSON.parse(
  fs.readFileSync(
    path.join(FIXTURES, 'sigstore-bundle-v01-intoto-no-proof.json'),
    'utf8',
  ),
);
// The subject of the fixture's in-toto statement (pkg:npm/sigstore@1.0.0).
const SIGNED_DIGEST =
  'sha512:7bea9f6e7ff37f5fab0b36bf061200fff03099fd2fd696b91d04bc5e4f225eb9fd6e0cadcad54ba980f43fb352a99e8810b4e0abeb5c0ef2cf9108cd1f258b36';

describe.each(databases.eachSupportedId())(
  'promotion backend on %s',
  databaseId => {
    let backend: PromotionBackend | undefined;
    afterEach(async () => {
      await backend?.stop();
      backend = undefined;
    });
    const start = async (promotion?: Record<string, any>) => {
      backend = await startPromotionBackend({ databaseId, promotion });
      return backend;
    };

    it('promotes an artifact from development to production with two approvals, the requester unable to approve', async () => {
      const b = await start();
      const registered = await registerArtifact(b, '1.0.0');
      expect(registered.status).toBe(201);
      const artifact = registered.body;
      expect(artifact).toMatchObject({
        entityRef: ENTITY_REF,
        imageReference: `${IMAGE_REPOSITORY}:1.0.0@${artifact.digest}`,
        createdBy: 'user:default/ci',
        signed: false,
      });
      expect(artifact.id).toMatch(/^[a-f0-9]{64}$/);

      expect((await promoteAndWait(b, artifact.id, 'development')).state).toBe(
        'succeeded',
      );
      expect(b.imageIn('development')).toBe(artifact.imageReference);
      expect((await promoteAndWait(b, artifact.id, 'staging')).state).toBe(
        'succeeded',
      );

      const requested = await promote(b, {
        artifactId: artifact.id,
        environment: 'production',
      });
      expect(requested.status).toBe(201);
      const waiting = await waitForPromotion(
        b,
        requested.body.id,
        p => p.state === 'waiting-for-approval',
      );
      expect(waiting.changeRequestId).toBeDefined();
      expect(waiting.gates.map(g => [g.type, g.status])).toEqual([
        ['previous-stage', 'pass'],
        ['soak-time', 'pass'],
        ['freeze-window', 'pass'],
        ['signature', 'pass'],
        ['security', 'pass'],
        ['approval', 'pending'],
      ]);
      expect(b.imageIn('production')).toBe(`${IMAGE_REPOSITORY}:0.9.0`);

      const pending = await request(b.server)
        .get('/api/promotion/approvals')
        .set('Authorization', as('alice'));
      expect(pending.body.items).toEqual([
        expect.objectContaining({
          promotion: expect.objectContaining({ id: waiting.id }),
          changeRequest: expect.objectContaining({
            requiredApprovals: 2,
            approvals: 0,
          }),
        }),
      ]);

      const decide = (user: string) =>
        request(b.server)
          .post(
            `/api/promotion/change-requests/${waiting.changeRequestId}/decision`,
          )
          .set('Authorization', as(user))
          .send({ decision: 'approve' });
      const byRequester = await decide('dana');
      expect(byRequester.status).toBe(403);
      expect(byRequester.body.error.message).toMatch(
        /requester .* cannot approve/,
      );
      expect((await decide('alice')).status).toBe(200);
      expect((await getPromotion(b, waiting.id)).state).toBe(
        'waiting-for-approval',
      );
      expect((await decide('bob')).status).toBe(200);

      const done = await waitForPromotion(b, waiting.id);
      expect(done.state).toBe('succeeded');
      expect(done.gates.find(g => g.type === 'approval')).toMatchObject({
        status: 'pass',
        judgedBy: 'user:default/alice, user:default/bob',
      });
      expect(done.steps.map(s => s.state)).toEqual([
        'requested',
        'waiting-for-approval',
        'waiting-for-approval',
        'deploying',
        'verifying',
        'succeeded',
      ]);
      expect(b.imageIn('production')).toBe(artifact.imageReference);

      const pipeline = await request(b.server)
        .get(
          `/api/promotion/pipeline?entityRef=${encodeURIComponent(ENTITY_REF)}`,
        )
        .set('Authorization', as('dana'));
      expect(pipeline.status).toBe(200);
      expect(
        pipeline.body.stages.map((s: any) => [
          s.environment.name,
          s.artifact?.tag,
          s.verified,
        ]),
      ).toEqual([
        ['development', '1.0.0', true],
        ['staging', '1.0.0', true],
        ['production', '1.0.0', true],
      ]);

      const facts = (
        await request(b.server)
          .get(`/api/promotion/artifacts/${artifact.id}`)
          .set('Authorization', as('dana'))
      ).body.facts;
      expect(Object.keys(facts.currentlyIn).sort()).toEqual([
        'development',
        'production',
        'staging',
      ]);
      expect(Object.keys(facts.verifiedIn).sort()).toEqual([
        'development',
        'production',
        'staging',
      ]);
      expect(facts.approvedFor.production.by).toEqual([
        'user:default/alice',
        'user:default/bob',
      ]);

      const changeRequest = await request(b.server)
        .get(`/api/promotion/change-requests/${waiting.changeRequestId}`)
        .set('Authorization', as('dana'));
      expect(changeRequest.body.state).toBe('applied');

      expect(b.signals).toContainEqual(
        expect.objectContaining({
          channel: `promotion:${ENTITY_REF}`,
          promotionId: waiting.id,
          state: 'succeeded',
        }),
      );
      expect(b.auditEvents).toEqual(
        expect.arrayContaining([
          'artifact-register:success',
          'promotion-request:success',
          'promotion-deploy:success',
        ]),
      );
    });

    it('refuses a promotion that skips a stage', async () => {
      const b = await start();
      const { body: artifact } = await registerArtifact(b, '1.0.0');
      const skipped = await promote(b, {
        artifactId: artifact.id,
        environment: 'staging',
      });
      expect(skipped.status).toBe(201);
      expect(skipped.body.state).toBe('failed');
      expect(skipped.body.gates).toEqual([
        expect.objectContaining({
          type: 'previous-stage',
          status: 'fail',
          reason: expect.stringContaining('development does not run 1.0.0'),
        }),
      ]);
      expect(b.imageIn('staging')).toBe(`${IMAGE_REPOSITORY}:0.9.0`);
    });

    it('blocks a critical finding at the security gate, also on the hotfix path that skips stages', async () => {
      const b = await start();
      const { body: artifact } = await registerArtifact(b, '1.0.0');
      b.securityGate.findings.push({
        digest: artifact.digest,
        vulnerabilityId: 'CVE-2026-0001',
        severity: 'critical',
      });
      const blocked = await promote(b, {
        artifactId: artifact.id,
        environment: 'development',
      });
      expect(blocked.body.state).toBe('failed');
      expect(
        blocked.body.gates.find((g: any) => g.type === 'security'),
      ).toMatchObject({
        status: 'fail',
        reason: expect.stringContaining('CVE-2026-0001 is critical'),
      });

      const hotfix = await promote(b, {
        artifactId: artifact.id,
        environment: 'staging',
        kind: 'hotfix',
        reason: 'payment outage',
      });
      expect(hotfix.body.state).toBe('failed');
      expect(hotfix.body.gates.map((g: any) => [g.type, g.status])).toEqual([
        ['previous-stage', 'override-pass'],
        ['soak-time', 'pass'],
        ['freeze-window', 'pass'],
        ['signature', 'pass'],
        ['security', 'fail'],
      ]);
      expect(b.imageIn('staging')).toBe(`${IMAGE_REPOSITORY}:0.9.0`);
    });

    it('rolls back a failed rollout to the previous artifact, recorded as a rollback promotion', async () => {
      const b = await start();
      const { body: v1 } = await registerArtifact(b, '1.0.0');
      const { body: v2 } = await registerArtifact(b, '2.0.0');
      await promoteAndWait(b, v1.id, 'development');
      b.kubernetes.failRollouts('development', 'payments-api');

      const failed = await promoteAndWait(b, v2.id, 'development');
      expect(failed.state).toBe('rolled-back');
      expect(failed.message).toMatch(
        /deploy failed: .*ProgressDeadlineExceeded/,
      );
      const history = await request(b.server)
        .get(
          `/api/promotion/history?entityRef=${encodeURIComponent(ENTITY_REF)}`,
        )
        .set('Authorization', as('dana'));
      const rollback = history.body.items.find(
        (p: any) => p.rollbackOf === failed.id,
      );
      expect(rollback).toMatchObject({ kind: 'rollback', artifactId: v1.id });
      expect((await waitForPromotion(b, rollback.id)).state).toBe('succeeded');
      expect(b.imageIn('development')).toBe(v1.imageReference);

      const pipeline = await request(b.server)
        .get(
          `/api/promotion/pipeline?entityRef=${encodeURIComponent(ENTITY_REF)}`,
        )
        .set('Authorization', as('dana'));
      expect(pipeline.body.stages[0]).toMatchObject({
        artifact: { id: v1.id },
        verified: true,
      });
    });

    it('rolls back when the health check fails, and never rolls back a failed rollback', async () => {
      const b = await start();
      const { body: v1 } = await registerArtifact(b, '1.0.0');
      const { body: broken } = await registerArtifact(b, '2.0.0-broken');
      await promoteAndWait(b, v1.id, 'development');

      const failed = await promoteAndWait(b, broken.id, 'development');
      expect(failed.state).toBe('rolled-back');
      expect(failed.message).toMatch(/verification failed: .*answered 503/);
      const firstRollback = (
        await request(b.server)
          .get(
            `/api/promotion/promotions?entityRef=${encodeURIComponent(
              ENTITY_REF,
            )}&kind=rollback`,
          )
          .set('Authorization', as('dana'))
      ).body.items[0];
      expect(firstRollback.rollbackOf).toBe(failed.id);
      expect((await waitForPromotion(b, firstRollback.id)).state).toBe(
        'succeeded',
      );
      expect(b.imageIn('development')).toBe(v1.imageReference);

      b.health.unhealthy.add('development');
      const { body: v3 } = await registerArtifact(b, '3.0.0');
      const again = await promoteAndWait(b, v3.id, 'development');
      expect(again.state).toBe('rolled-back');
      const history = await request(b.server)
        .get(
          `/api/promotion/promotions?entityRef=${encodeURIComponent(
            ENTITY_REF,
          )}&kind=rollback`,
        )
        .set('Authorization', as('dana'));
      const rollback = history.body.items.find(
        (p: any) => p.rollbackOf === again.id,
      );
      const rollbackDone = await waitForPromotion(b, rollback.id);
      expect(rollbackDone.state).toBe('failed');
      expect(rollbackDone.message).toMatch(
        /a failed rollback is not rolled back/,
      );
      const rollbacks = await request(b.server)
        .get(
          `/api/promotion/promotions?entityRef=${encodeURIComponent(
            ENTITY_REF,
          )}&kind=rollback`,
        )
        .set('Authorization', as('dana'));
      expect(rollbacks.body.totalCount).toBe(2);
    });

    it('blocks an artifact whose signature bundle does not verify', async () => {
      const b = await start({ requireSignature: true });
      const signed = await registerArtifact(b, '1.0.0', {
        digest: SIGNED_DIGEST,
        signatureBundle: bundle,
      });
      expect(signed.body.signed).toBe(true);
      const ok = await promote(b, {
        artifactId: signed.body.id,
        environment: 'development',
      });
      expect(
        ok.body.gates.find((g: any) => g.type === 'signature'),
      ).toMatchObject({
        status: 'pass',
        reason: 'signed by brian@dehamer.com',
      });

      const tampered = structuredClone(bundle);
      const signature: string = tampered.dsseEnvelope.signatures[0].sig;
      tampered.dsseEnvelope.signatures[0].sig = `${signature.slice(0, 20)}${
        signature[20] === 'A' ? 'B' : 'A'
      }${signature.slice(21)}`;
      const bad = await registerArtifact(b, '1.0.1', {
        digest: SIGNED_DIGEST,
        signatureBundle: tampered,
      });
      const refused = await promote(b, {
        artifactId: bad.body.id,
        environment: 'staging',
        kind: 'hotfix',
        reason: 'test',
      });
      expect(refused.body.state).toBe('failed');
      expect(
        refused.body.gates.find((g: any) => g.type === 'signature'),
      ).toMatchObject({
        status: 'fail',
        reason: expect.stringMatching(/^signature invalid: /),
      });

      const otherDigest = await registerArtifact(b, '1.0.2', {
        signatureBundle: bundle,
      });
      const mismatch = await promote(b, {
        artifactId: otherDigest.body.id,
        environment: 'staging',
        kind: 'hotfix',
        reason: 'test',
      });
      expect(
        mismatch.body.gates.find((g: any) => g.type === 'signature').reason,
      ).toMatch(/does not name sha256:/);

      const unsigned = await registerArtifact(b, '1.0.3');
      const missing = await promote(b, {
        artifactId: unsigned.body.id,
        environment: 'production',
        kind: 'hotfix',
        reason: 'test',
      });
      expect(
        missing.body.gates.find((g: any) => g.type === 'signature').reason,
      ).toMatch(/requires a signed artifact/);
    });

    it('holds a promotion while a freeze window closes the environment', async () => {
      const now = Date.now();
      const b = await start({
        freezeWindows: [
          {
            kind: 'deny',
            start: new Date(now - 3_600_000).toISOString(),
            end: new Date(now + 3_600_000).toISOString(),
            environments: ['development'],
            reason: 'year-end freeze',
          },
        ],
      });
      const { body: artifact } = await registerArtifact(b, '1.0.0');
      const held = await promote(b, {
        artifactId: artifact.id,
        environment: 'development',
      });
      expect(held.body.state).toBe('waiting-for-gates');
      expect(
        held.body.gates.find((g: any) => g.type === 'freeze-window'),
      ).toMatchObject({
        status: 'pending',
        reason: expect.stringContaining('year-end freeze'),
      });
      const pipeline = await request(b.server)
        .get(
          `/api/promotion/pipeline?entityRef=${encodeURIComponent(ENTITY_REF)}`,
        )
        .set('Authorization', as('dana'));
      expect(pipeline.body.stages[0].freeze).toMatchObject({
        closed: true,
        nextOpen: new Date(now + 3_600_000).toISOString(),
      });
      expect(b.imageIn('development')).toBe(`${IMAGE_REPOSITORY}:0.9.0`);
    });

    it('answers 409 to one of two concurrent promotions to the same stage, and returns the same promotion for a repeated request', async () => {
      const b = await start();
      const { body: v1 } = await registerArtifact(b, '1.0.0');
      const { body: v2 } = await registerArtifact(b, '2.0.0');
      const [first, second] = await Promise.all([
        promote(b, { artifactId: v1.id, environment: 'development' }),
        promote(b, { artifactId: v2.id, environment: 'development' }, 'erin'),
      ]);
      expect([first.status, second.status].sort()).toEqual([201, 409]);
      const winner = first.status === 201 ? first : second;
      await waitForPromotion(b, winner.body.id);

      const keyed = await promote(b, {
        artifactId: v2.id,
        environment: 'development',
        idempotencyKey: 'deploy-7',
      });
      const repeated = await promote(b, {
        artifactId: v2.id,
        environment: 'development',
        idempotencyKey: 'deploy-7',
      });
      expect(keyed.status).toBe(201);
      expect(repeated.status).toBe(200);
      expect(repeated.body.id).toBe(keyed.body.id);
      const reused = await promote(b, {
        artifactId: v1.id,
        environment: 'development',
        idempotencyKey: 'deploy-7',
      });
      expect(reused.status).toBe(409);
    });

    it('resumes a promotion a stopped backend left half done', async () => {
      const knex = await databases.init(databaseId);
      const store = await PromotionStore.create(
        mockServices.database({ knex, migrations: { skip: false } }),
      );
      const artifact = {
        id: 'f'.repeat(64),
        entityRef: ENTITY_REF,
        imageRepository: IMAGE_REPOSITORY,
        tag: '1.0.0',
        digest: `sha256:${'e'.repeat(64)}`,
        commit: 'abcdef1',
        imageReference: `${IMAGE_REPOSITORY}:1.0.0@sha256:${'e'.repeat(64)}`,
        committers: [],
        signed: false,
        createdAt: new Date().toISOString(),
      };
      await store.insertArtifact(artifact);
      await store.insertPromotion({
        id: '00000000-0000-4000-8000-000000000001',
        entityRef: ENTITY_REF,
        environment: 'development',
        artifactId: artifact.id,
        kind: 'promotion',
        state: 'deploying',
        requestedBy: 'user:default/dana',
        requestedAt: new Date().toISOString(),
        message: 'gates passed before the restart',
      });
      backend = await startPromotionBackend({ databaseId, knex });
      const done = await waitForPromotion(
        backend,
        '00000000-0000-4000-8000-000000000001',
      );
      expect(done.state).toBe('succeeded');
      expect(backend.imageIn('development')).toBe(artifact.imageReference);
    });

    it('answers 400 naming the field', async () => {
      const b = await start();
      const bad = await registerArtifact(b, '1.0.0', { digest: 'latest' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/^Invalid request: digest: /);
      const wrongRepository = await registerArtifact(b, '1.0.0', {
        imageRepository: 'ghcr.io/acme/other',
      });
      expect(wrongRepository.status).toBe(400);
      expect(wrongRepository.body.error.message).toMatch(/imageRepository: /);
      const hotfix = await promote(b, {
        artifactId: 'a'.repeat(64),
        environment: 'staging',
        kind: 'hotfix',
      });
      expect(hotfix.status).toBe(400);
      expect(hotfix.body.error.message).toMatch(
        /reason: is required for a hotfix/,
      );
    });

    it('answers 403 on every mutating route to a user without permission', async () => {
      const b = await start();
      const { body: artifact } = await registerArtifact(b, '1.0.0');
      const { body: promotion } = await promote(b, {
        artifactId: artifact.id,
        environment: 'staging',
      });
      expect(promotion.state).toBe('failed');
      for (const permission of promotionPermissions)
        b.denied.add(permission.name);
      for (const name of [
        'idp.change-request.read',
        'idp.change-request.create',
        'idp.change-request.decide',
        'idp.change-request.emergency-bypass',
      ]) {
        b.denied.add(name);
      }
      const routes: Array<[string, object]> = [
        [
          '/artifacts',
          {
            entityRef: ENTITY_REF,
            imageRepository: IMAGE_REPOSITORY,
            tag: '2.0.0',
            digest: `sha256:${'2'.repeat(64)}`,
            commit: 'abcdef1',
          },
        ],
        [
          '/promotions',
          {
            entityRef: ENTITY_REF,
            artifactId: artifact.id,
            environment: 'development',
          },
        ],
        [`/promotions/${promotion.id}/retry`, {}],
        ['/change-requests/any/decision', { decision: 'approve' }],
        ['/change-requests/any/cancel', {}],
        ['/change-requests/any/bypass', { reason: 'outage' }],
      ];
      for (const [route, body] of routes) {
        const response = await request(b.server)
          .post(`/api/promotion${route}`)
          .set('Authorization', as('mallory'))
          .send(body);
        expect([route, response.status]).toEqual([route, 403]);
      }
      const read = await request(b.server)
        .get(
          `/api/promotion/pipeline?entityRef=${encodeURIComponent(ENTITY_REF)}`,
        )
        .set('Authorization', as('mallory'));
      expect(read.status).toBe(403);
      expect(b.imageIn('development')).toBe(`${IMAGE_REPOSITORY}:0.9.0`);
    });
  },
);
