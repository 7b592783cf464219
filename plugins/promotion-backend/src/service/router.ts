import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  artifactListQuerySchema,
  artifactRegistrationSchema,
  promoteRequestSchema,
  promotionArtifactRegisterPermission,
  promotionListQuerySchema,
  promotionPromotePermission,
  promotionReadPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  ChangeRequestService,
  createChangeRequestRouter,
  parseRequestBody,
  allowedEntityRefs,
  authorizeEntityOrThrow,
  runAudited,
} from '@idp-platform/backstage-plugin-idp-node';
import { JsonObject } from '@backstage/types';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { PromotionService } from './PromotionService';
import { PromotionWorker } from './PromotionWorker';
import { requesterOf } from './requesterOf';

/** Dependencies of the HTTP router. */
export interface RouterOptions {
  service: PromotionService;
  worker: PromotionWorker;
  changeRequests: ChangeRequestService;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  auditor: AuditorService;
}

const entityQuerySchema = z.object({ entityRef: z.string().min(1) });

/**
 * HTTP only: validates input, checks the catalog-entity permission of the
 * component concerned, audits every change and calls the service.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { service, worker, httpAuth, permissions, auditor } = options;
  const router = Router();
  router.use(express.json({ limit: '2mb' }));

  const audited = <T>(
    req: Request,
    eventId: string,
    meta: JsonObject,
    work: () => Promise<T>,
  ): Promise<T> => runAudited(auditor, { eventId, request: req, meta }, work);

  router.post('/artifacts', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const body = parseRequestBody(artifactRegistrationSchema, req.body);
    await authorizeEntityOrThrow(
      permissions,
      promotionArtifactRegisterPermission,
      body.entityRef,
      credentials,
    );
    const { artifact, created } = await audited(
      req,
      'artifact-register',
      { entityRef: body.entityRef, digest: body.digest, tag: body.tag },
      () => service.registerArtifact(body, requesterOf(credentials)),
    );
    res.status(created ? 201 : 200).json(artifact);
  });

  router.get('/artifacts', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const query = parseRequestBody(artifactListQuerySchema, req.query);
    await authorizeEntityOrThrow(
      permissions,
      promotionReadPermission,
      query.entityRef,
      credentials,
    );
    res.json(await service.listArtifacts(query.entityRef, query));
  });

  router.get('/artifacts/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const artifact = await service.getArtifact(req.params.id);
    await authorizeEntityOrThrow(
      permissions,
      promotionReadPermission,
      artifact.entityRef,
      credentials,
    );
    res.json(artifact);
  });

  router.get('/pipeline', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const { entityRef } = parseRequestBody(entityQuerySchema, req.query);
    await authorizeEntityOrThrow(
      permissions,
      promotionReadPermission,
      entityRef,
      credentials,
    );
    res.json(await service.pipelineView(entityRef));
  });

  router.get('/promotions', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const query = parseRequestBody(promotionListQuerySchema, req.query);
    if (query.entityRef) {
      await authorizeEntityOrThrow(
        permissions,
        promotionReadPermission,
        query.entityRef,
        credentials,
      );
      res.json(await service.listPromotions(query));
      return;
    }
    // Across components, a page shows only the promotions the caller may read.
    const page = await service.listPromotions(query);
    const allowed = await allowedEntityRefs(
      permissions,
      promotionReadPermission,
      page.items.map(p => p.entityRef),
      credentials,
    );
    res.json({
      ...page,
      items: page.items.filter(p => allowed.has(p.entityRef)),
    });
  });

  router.get('/history', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const query = parseRequestBody(
      promotionListQuerySchema.extend({ entityRef: z.string().min(1) }),
      req.query,
    );
    await authorizeEntityOrThrow(
      permissions,
      promotionReadPermission,
      query.entityRef,
      credentials,
    );
    res.json(await service.listPromotions(query));
  });

  router.get('/promotions/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const promotion = await service.getPromotion(req.params.id);
    await authorizeEntityOrThrow(
      permissions,
      promotionReadPermission,
      promotion.entityRef,
      credentials,
    );
    res.json(promotion);
  });

  router.post('/promotions', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const header = req.header('idempotency-key');
    const body = parseRequestBody(promoteRequestSchema, {
      ...req.body,
      ...(header && !req.body?.idempotencyKey && { idempotencyKey: header }),
    });
    await authorizeEntityOrThrow(
      permissions,
      promotionPromotePermission,
      body.entityRef,
      credentials,
    );
    const { promotion, created } = await audited(
      req,
      'promotion-request',
      {
        entityRef: body.entityRef,
        environment: body.environment,
        artifactId: body.artifactId,
        kind: body.kind,
      },
      () => service.promote(body, requesterOf(credentials)),
    );
    res.status(created ? 201 : 200).json(promotion);
  });

  router.post('/promotions/:id/retry', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const original = await service.getPromotion(req.params.id);
    await authorizeEntityOrThrow(
      permissions,
      promotionPromotePermission,
      original.entityRef,
      credentials,
    );
    const { promotion, created } = await audited(
      req,
      'promotion-retry',
      { promotionId: original.id, entityRef: original.entityRef },
      () => service.retry(original.id, requesterOf(credentials)),
    );
    res.status(created ? 201 : 200).json(promotion);
  });

  router.get('/approvals', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const pending = await service.pendingApprovals();
    const allowed = await allowedEntityRefs(
      permissions,
      promotionReadPermission,
      pending.map(p => p.promotion.entityRef),
      credentials,
    );
    res.json({
      items: pending.filter(p => allowed.has(p.promotion.entityRef)),
    });
  });

  // Approve, reject, cancel and bypass go through the shared change-request
  // routes; whatever they change, the worker looks at the promotions again.
  router.use(
    '/change-requests',
    (_req, res, next) => {
      res.on('finish', () => worker.wake());
      next();
    },
    createChangeRequestRouter({
      pluginId: 'promotion',
      changeRequests: options.changeRequests,
      httpAuth,
      userInfo: options.userInfo,
      permissions,
      onApproved: async () => worker.wake(),
    }),
  );

  return router;
}
