import request from 'supertest';
import {
  as,
  promoteAndWait,
  registerArtifact,
  waitForPromotion,
} from '../__testUtils__/promotionRequests';
import {
  databases,
  ENTITY_REF,
  IMAGE_REPOSITORY,
  PromotionBackend,
  startPromotionBackend,
} from '../__testUtils__/startPromotionBackend';
import { ARTIFACT_ANNOTATION } from './DeploymentExecutor';

jest.setTimeout(120_000);

const SIDECAR_OVERRIDE = 'ghcr.io/acme/envoy=ghcr.io/acme/envoy:1.30';

describe.each(databases.eachSupportedId())(
  'promotion through Argo CD on %s',
  databaseId => {
    let backend: PromotionBackend | undefined;
    afterEach(async () => {
      await backend?.stop();
      backend = undefined;
    });
    const start = async () => {
      backend = await startPromotionBackend({ databaseId, argoCd: true });
      return backend;
    };

    it('sets the image override of the Application and leaves the Deployment to Argo CD', async () => {
      const b = await start();
      const { body: artifact } = await registerArtifact(b, '1.0.0');

      const done = await promoteAndWait(b, artifact.id, 'development');
      expect(done.state).toBe('succeeded');

      const application = b.applicationIn('development');
      expect(application.spec.source.kustomize.images).toEqual([
        SIDECAR_OVERRIDE,
        `${IMAGE_REPOSITORY}=${IMAGE_REPOSITORY}@${artifact.digest}`,
      ]);
      expect(application.metadata.annotations[ARTIFACT_ANNOTATION]).toBe(
        artifact.id,
      );
      expect(
        application.metadata.managedFields.map((f: any) => f.manager),
      ).toContain('idp-platform');
      expect(b.imageIn('development')).toBe(
        `${IMAGE_REPOSITORY}@${artifact.digest}`,
      );
      expect(b.deploymentManagers('development')).toEqual(
        expect.arrayContaining(['argocd-controller']),
      );
      expect(b.deploymentManagers('development')).not.toContain('idp-platform');
      expect(b.applicationIn('staging').spec.source.kustomize.images).toEqual([
        SIDECAR_OVERRIDE,
      ]);
    });

    it('rolls back a failed rollout by restoring the previous override', async () => {
      const b = await start();
      const { body: v1 } = await registerArtifact(b, '1.0.0');
      const { body: v2 } = await registerArtifact(b, '2.0.0');
      expect((await promoteAndWait(b, v1.id, 'development')).state).toBe(
        'succeeded',
      );
      b.kubernetes.failRollouts('development', 'payments-api');

      const failed = await promoteAndWait(b, v2.id, 'development');
      expect(failed.state).toBe('rolled-back');
      expect(failed.message).toMatch(
        /deploy failed: .*ProgressDeadlineExceeded/,
      );
      const rollbacks = await request(b.server)
        .get(
          `/api/promotion/promotions?entityRef=${encodeURIComponent(
            ENTITY_REF,
          )}&kind=rollback`,
        )
        .set('Authorization', as('dana'));
      const [rollback] = rollbacks.body.items;
      expect(rollback).toMatchObject({
        rollbackOf: failed.id,
        artifactId: v1.id,
      });
      expect((await waitForPromotion(b, rollback.id)).state).toBe('succeeded');

      expect(
        b.applicationIn('development').spec.source.kustomize.images,
      ).toEqual([
        SIDECAR_OVERRIDE,
        `${IMAGE_REPOSITORY}=${IMAGE_REPOSITORY}@${v1.digest}`,
      ]);
      expect(b.imageIn('development')).toBe(`${IMAGE_REPOSITORY}@${v1.digest}`);
      expect(b.deploymentManagers('development')).not.toContain('idp-platform');
    });
  },
);
