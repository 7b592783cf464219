import { Readable } from 'node:stream';
import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { JsonObject } from '@backstage/types';
import {
  findingListQuerySchema,
  findingTrendQuerySchema,
  reportIngestEnvelopeSchema,
  reportIngestQuerySchema,
  securityGateEvaluatePermission,
  securityGateRequestSchema,
  securityReadPermission,
  securityReportIngestPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  authorizeOrThrow,
  parseRequestBody,
  userEntityRefOf,
  authorizeEntityOrThrow,
} from '@idp-platform/backstage-plugin-idp-node';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { EntityContext, SecurityService } from './SecurityService';

/** Dependencies of the HTTP router. */
export interface RouterOptions {
  service: SecurityService;
  httpAuth: HttpAuthService;
  auth: AuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  maxReportBytes: number;
  /** Extra routers mounted under this one, e.g. `/change-requests`. */
  extraRoutes?: Array<{ path: string; router: express.Router }>;
}

const entityQuerySchema = z.object({
  entityRef: z.string().min(1),
  artifactDigest: z.string().min(1).optional(),
});

/** The security backend's HTTP API; every route authorizes and validates. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { service, httpAuth, auth, permissions, auditor, catalog } = options;
  const router = Router();
  const json = express.json({ limit: '25mb' });

  const credentialsOf = (req: Request) => httpAuth.credentials(req);

  const audited = async <T>(
    req: Request,
    eventId: string,
    meta: JsonObject,
    work: () => Promise<T>,
  ): Promise<T> => {
    const event = await auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request: req,
      meta,
    });
    try {
      const result = await work();
      await event.success();
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  };

  const entityContext = async (entityRef: string): Promise<EntityContext> => {
    const entity = await catalog.getEntityByRef(entityRef, {
      credentials: await auth.getOwnServiceCredentials(),
    });
    if (!entity) throw new NotFoundError(`No catalog entity ${entityRef}`);
    const namespace = entity.metadata.namespace ?? 'default';
    const relation = (value: unknown, kind: string) =>
      typeof value === 'string' && value
        ? stringifyEntityRef(
            parseEntityRef(value, {
              defaultKind: kind,
              defaultNamespace: namespace,
            }),
          )
        : undefined;
    return {
      ownerRef: relation(entity.spec?.owner, 'group'),
      systemRef: relation(entity.spec?.system, 'system'),
    };
  };

  const canonicalRef = (ref: string) => {
    try {
      return stringifyEntityRef(parseEntityRef(ref));
    } catch (error) {
      throw new InputError(`entityRef: ${(error as Error).message}`);
    }
  };

  // Raw reports stream from the request; a JSON envelope is read as JSON.
  router.post('/reports', async (req, res) => {
    const credentials: BackstageCredentials = await credentialsOf(req);
    const isEnvelope = Object.keys(req.query).length === 0;
    let query: z.infer<typeof reportIngestQuerySchema>;
    let body: Readable;
    if (isEnvelope) {
      await new Promise<void>((resolve, reject) =>
        json(req, res, error => (error ? reject(error) : resolve())),
      );
      const envelope = parseRequestBody(reportIngestEnvelopeSchema, req.body);
      query = envelope;
      body = Readable.from([Buffer.from(JSON.stringify(envelope.report))]);
    } else {
      query = parseRequestBody(reportIngestQuerySchema, req.query);
      const length = Number(req.headers['content-length'] ?? 0);
      if (length > options.maxReportBytes) {
        throw new InputError(
          `The report is ${length} bytes; the limit is ${options.maxReportBytes}`,
        );
      }
      body = req;
    }
    const entityRef = canonicalRef(query.entityRef);
    await authorizeEntityOrThrow(
      permissions,
      securityReportIngestPermission,
      entityRef,
      credentials,
    );
    const result = await audited(
      req,
      'security-report-ingest',
      { entityRef, artifactDigest: query.artifactDigest, format: query.format },
      async () =>
        service.ingest({
          entityRef,
          artifactDigest: query.artifactDigest,
          format: query.format,
          body,
          entity: await entityContext(entityRef),
          receivedBy: userEntityRefOf(credentials),
        }),
    );
    res.status(result.duplicate ? 200 : 201).json(result);
  });

  router.post('/gate', json, async (req, res) => {
    const credentials = await credentialsOf(req);
    await authorizeOrThrow(
      permissions,
      securityGateEvaluatePermission,
      credentials,
    );
    const request = parseRequestBody(securityGateRequestSchema, req.body);
    res.json(
      await service.evaluateGate({
        ...request,
        entityRef: canonicalRef(request.entityRef),
      }),
    );
  });

  const readableEntity = async (req: Request, entityRef: string) => {
    const ref = canonicalRef(entityRef);
    await authorizeEntityOrThrow(
      permissions,
      securityReadPermission,
      ref,
      await credentialsOf(req),
    );
    return ref;
  };

  router.get('/findings', async (req, res) => {
    const query = parseRequestBody(findingListQuerySchema, req.query);
    const entityRef = await readableEntity(req, query.entityRef);
    res.json(await service.listFindings({ ...query, entityRef }));
  });

  router.get('/findings/counts', async (req, res) => {
    const query = parseRequestBody(entityQuerySchema, req.query);
    const entityRef = await readableEntity(req, query.entityRef);
    res.json(
      await service.severityCounts({
        entityRef,
        artifactDigest: query.artifactDigest,
      }),
    );
  });

  router.get('/findings/trend', async (req, res) => {
    const query = parseRequestBody(findingTrendQuerySchema, req.query);
    const entityRef = await readableEntity(req, query.entityRef);
    res.json({ points: await service.trend(entityRef, query.days) });
  });

  router.get('/reports', async (req, res) => {
    const query = parseRequestBody(entityQuerySchema, req.query);
    const entityRef = await readableEntity(req, query.entityRef);
    res.json({
      items: await service.listReports({
        entityRef,
        artifactDigest: query.artifactDigest,
      }),
    });
  });

  // Organisation-wide: needs the read permission without conditions.
  router.get('/summary', async (req, res) => {
    const credentials = await credentialsOf(req);
    const [decision] = await permissions.authorizeConditional(
      [{ permission: securityReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Missing permission ${securityReadPermission.name} on every entity`,
      );
    }
    res.json(await service.summary());
  });

  for (const extra of options.extraRoutes ?? []) {
    router.use(extra.path, extra.router);
  }
  return router;
}
