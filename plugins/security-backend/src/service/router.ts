import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
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
  securityWaiverRequestPermission,
  signatureUploadSchema,
  waiverRequestSchema,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  ChangeRequestService,
  authorizeOrThrow,
  createChangeRequestRouter,
  parseRequestBody,
  userEntityRefOf,
  authorizeEntityOrThrow,
  runAudited,
} from '@idp-platform/backstage-plugin-idp-node';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  COMPLIANCE_EXPORT_FORMATS,
  ComplianceExport,
} from '../export/ComplianceExport';
import { EntityContext, SecurityService } from './SecurityService';
import { SupplyChainService } from './SupplyChainService';
import { WaiverService } from './WaiverService';

/** Dependencies of the HTTP router. */
export interface RouterOptions {
  service: SecurityService;
  waivers: WaiverService;
  supplyChain: SupplyChainService;
  changeRequests: ChangeRequestService;
  userInfo: UserInfoService;
  httpAuth: HttpAuthService;
  auth: AuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  maxReportBytes: number;
}

const entityQuerySchema = z.object({
  entityRef: z.string().min(1),
  artifactDigest: z.string().min(1).optional(),
});
const exportQuerySchema = z.object({
  entityRef: z.string().min(1),
  format: z.enum(COMPLIANCE_EXPORT_FORMATS).default('csv'),
});
const artifactQuerySchema = z.object({
  entityRef: z.string().min(1),
  artifactDigest: z.string().min(1),
});

/** The security backend's HTTP API; every route authorizes and validates. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { service, httpAuth, auth, permissions, auditor, catalog } = options;
  const router = Router();
  const json = express.json({ limit: '25mb' });

  router.use(
    '/change-requests',
    createChangeRequestRouter({
      pluginId: 'security',
      changeRequests: options.changeRequests,
      httpAuth,
      userInfo: options.userInfo,
      permissions,
      onApproved: request => options.waivers.applyApproved(request),
    }),
  );

  const credentialsOf = (req: Request) => httpAuth.credentials(req);

  const audited = <T>(
    req: Request,
    eventId: string,
    meta: JsonObject,
    work: () => Promise<T>,
  ): Promise<T> => runAudited(auditor, { eventId, request: req, meta }, work);

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

  // Organisation-wide reads need the read permission without conditions.
  const authorizeOrganisationRead = async (req: Request) => {
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
  };

  router.get('/findings/trend', async (req, res) => {
    const query = parseRequestBody(findingTrendQuerySchema, req.query);
    const entityRef = query.entityRef
      ? await readableEntity(req, query.entityRef)
      : await authorizeOrganisationRead(req).then(() => undefined);
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

  router.get('/summary', async (req, res) => {
    await authorizeOrganisationRead(req);
    res.json(await service.summary());
  });

  router.post('/waivers', json, async (req, res) => {
    const waiver = parseRequestBody(waiverRequestSchema, req.body);
    const entityRef = canonicalRef(waiver.entityRef);
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    await authorizeEntityOrThrow(
      permissions,
      securityWaiverRequestPermission,
      entityRef,
      credentials,
    );
    const result = await audited(
      req,
      'security-waiver-request',
      {
        entityRef,
        vulnerabilityId: waiver.vulnerabilityId,
        packageName: waiver.packageName ?? null,
        expiresAt: waiver.expiresAt,
      },
      async () => {
        const info = await options.userInfo.getUserInfo(credentials);
        return options.waivers.request({
          waiver: { ...waiver, entityRef },
          requester: {
            userEntityRef: info.userEntityRef,
            ownershipEntityRefs: info.ownershipEntityRefs,
          },
          ownerRef: (await entityContext(entityRef)).ownerRef,
        });
      },
    );
    res.status(202).json(result);
  });

  router.get('/waivers', async (req, res) => {
    const query = parseRequestBody(entityQuerySchema, req.query);
    const entityRef = await readableEntity(req, query.entityRef);
    res.json({ items: await options.waivers.list(entityRef) });
  });

  router.post('/signatures', json, async (req, res) => {
    const credentials = await credentialsOf(req);
    const upload = parseRequestBody(signatureUploadSchema, req.body);
    const entityRef = canonicalRef(upload.entityRef);
    await authorizeEntityOrThrow(
      permissions,
      securityReportIngestPermission,
      entityRef,
      credentials,
    );
    const result = await audited(
      req,
      'security-signature-upload',
      { entityRef, artifactDigest: upload.artifactDigest },
      () =>
        options.supplyChain.recordSignature({
          entityRef,
          artifactDigest: upload.artifactDigest,
          bundle: upload.bundle,
        }),
    );
    res.status(201).json(result);
  });

  router.get('/artifacts/supply-chain', async (req, res) => {
    const query = parseRequestBody(artifactQuerySchema, req.query);
    const entityRef = await readableEntity(req, query.entityRef);
    res.json(
      await options.supplyChain.supplyChain({
        entityRef,
        artifactDigest: query.artifactDigest,
      }),
    );
  });

  router.get('/export', async (req, res) => {
    const query = parseRequestBody(exportQuerySchema, req.query);
    const entityRef = await readableEntity(req, query.entityRef);
    const complianceExport = new ComplianceExport({
      entityRef,
      generatedAt: new Date().toISOString(),
      findings: service.allFindings(entityRef),
      waivers: await options.waivers.list(entityRef),
    });
    res.setHeader(
      'Content-Type',
      query.format === 'csv'
        ? 'text/csv; charset=utf-8'
        : 'application/json; charset=utf-8',
    );
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${complianceExport.fileName(query.format)}"`,
    );
    await pipeline(
      Readable.from(
        query.format === 'csv'
          ? complianceExport.csv()
          : complianceExport.json(),
      ),
      res,
    );
  });

  return router;
}
