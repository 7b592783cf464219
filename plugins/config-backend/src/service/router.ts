import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  ConfigChangeResult,
  configApplyPermission,
  configApplyRequestSchema,
  configDiffQuerySchema,
  configEnvironmentQuerySchema,
  configFlagDeleteQuerySchema,
  configFlagPutRequestSchema,
  configImportRequestSchema,
  configReadPermission,
  configRollbackRequestSchema,
  configSchemaPutRequestSchema,
  configSetValuesRequestSchema,
  configWritePermission,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  ChangeRequestService,
  createChangeRequestRouter,
  parseRequestBody,
  userEntityRefOf,
  authorizeEntityOrThrow,
  runAudited,
} from '@idp-platform/backstage-plugin-idp-node';
import express, { Request, Response } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { parseApplicationConfigurationYaml } from '../model/applicationConfigurationYaml';
import { normalizeEntityRef } from '../model/normalizeEntityRef';
import { CONFIG_PLUGIN_ID, ConfigActor, ConfigService } from './ConfigService';

/** Dependencies of the HTTP router. */
export interface RouterOptions {
  service: ConfigService;
  changeRequests: ChangeRequestService;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  auditor: AuditorService;
}

const exportQuerySchema = z.object({
  version: z.coerce.number().int().min(1).optional(),
});
const requiredEnvironmentQuerySchema = z.object({
  environment: z.string().min(1),
});

/** Who is calling, as the change sets and change requests record it. */
async function actorOf(
  credentials: BackstageCredentials,
  userInfo: UserInfoService,
): Promise<ConfigActor> {
  const user = userEntityRefOf(credentials);
  if (!user) {
    const subject = (credentials.principal as { subject?: string }).subject;
    return { ref: subject ?? 'unknown', ownershipEntityRefs: [] };
  }
  const info = await userInfo.getUserInfo(credentials);
  return { ref: user, ownershipEntityRefs: info.ownershipEntityRefs };
}

function sendChange(res: Response, result: ConfigChangeResult) {
  res.status(result.status === 'applied' ? 200 : 202).json(result);
}

/**
 * The configuration manager's routes: read, compare, change (values, YAML
 * import, schema, flags, rollback), history and diff, apply and drift, and
 * the change requests for protected environments under /change-requests.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { service, httpAuth, userInfo, permissions, auditor } = options;
  const router = Router();
  router.use(express.json({ limit: '2mb' }));

  const authorize = async (
    req: Request,
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
  ) => {
    const credentials = await httpAuth.credentials(req);
    await authorizeEntityOrThrow(
      permissions,
      permission,
      entityRef,
      credentials,
    );
    return credentials;
  };

  const authorizeApplication = async (
    req: Request,
    permission: ResourcePermission<'catalog-entity'>,
  ) => authorize(req, permission, await service.entityRefOf(req.params.name));

  // Audit metadata names applications, versions and keys, never values.
  const audited = <T>(
    req: Request,
    eventId: string,
    meta: JsonObject,
    work: () => Promise<T>,
  ): Promise<T> => runAudited(auditor, { eventId, request: req, meta }, work);

  router.use(
    '/change-requests',
    createChangeRequestRouter({
      pluginId: CONFIG_PLUGIN_ID,
      changeRequests: options.changeRequests,
      httpAuth,
      userInfo,
      permissions,
      onApproved: request => service.applyApprovedChangeRequest(request),
    }),
  );

  router.get('/applications', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const applications = await service.list();
    const decisions = applications.length
      ? await permissions.authorize(
          applications.map(a => ({
            permission: configReadPermission,
            resourceRef: a.entityRef,
          })),
          { credentials },
        )
      : [];
    res.json({
      items: applications.filter(
        (_, index) => decisions[index].result === AuthorizeResult.ALLOW,
      ),
    });
  });

  router.get('/applications/:name', async (req, res) => {
    await authorizeApplication(req, configReadPermission);
    res.json(await service.get(req.params.name));
  });

  router.get('/applications/:name/effective', async (req, res) => {
    await authorizeApplication(req, configReadPermission);
    const { environment } = parseRequestBody(
      requiredEnvironmentQuerySchema,
      req.query,
    );
    res.json(await service.getEffective(req.params.name, environment));
  });

  router.get('/applications/:name/compare', async (req, res) => {
    await authorizeApplication(req, configReadPermission);
    res.json(await service.compare(req.params.name));
  });

  router.post('/applications/:name/values', async (req, res) => {
    const credentials = await authorizeApplication(req, configWritePermission);
    const body = parseRequestBody(configSetValuesRequestSchema, req.body);
    const actor = await actorOf(credentials, userInfo);
    const result = await audited(
      req,
      'config-set-values',
      {
        application: req.params.name,
        version: body.version,
        keys: body.changes.map(c =>
          c.environment ? `${c.environment}:${c.key}` : c.key,
        ),
      },
      () => service.setValues(req.params.name, body, actor),
    );
    sendChange(res, result);
  });

  router.post('/import', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const body = parseRequestBody(configImportRequestSchema, req.body);
    const document = parseApplicationConfigurationYaml(body.yaml);
    const refs = new Set([
      normalizeEntityRef(document.metadata.application, 'metadata.application'),
      await service.entityRefOf(document.metadata.name),
    ]);
    for (const ref of refs) {
      await authorizeEntityOrThrow(
        permissions,
        configWritePermission,
        ref,
        credentials,
      );
    }
    const actor = await actorOf(credentials, userInfo);
    const result = await audited(
      req,
      'config-import',
      { application: document.metadata.name, version: body.version },
      () =>
        service.importConfiguration(
          document,
          { version: body.version, message: body.message },
          actor,
        ),
    );
    sendChange(res, result);
  });

  router.get('/applications/:name/export', async (req, res) => {
    await authorizeApplication(req, configReadPermission);
    const { version } = parseRequestBody(exportQuerySchema, req.query);
    const text = await service.exportYaml(req.params.name, version);
    res
      .type('application/yaml')
      .setHeader(
        'Content-Disposition',
        `attachment; filename="${req.params.name}.yaml"`,
      )
      .send(text);
  });

  router.get('/applications/:name/schema', async (req, res) => {
    await authorizeApplication(req, configReadPermission);
    res.json({ schema: (await service.getSchema(req.params.name)) ?? null });
  });

  router.put('/applications/:name/schema', async (req, res) => {
    const credentials = await authorizeApplication(req, configWritePermission);
    const body = parseRequestBody(configSchemaPutRequestSchema, req.body);
    const actor = await actorOf(credentials, userInfo);
    const result = await audited(
      req,
      'config-schema-update',
      { application: req.params.name, version: body.version },
      () => service.putSchema(req.params.name, body, actor),
    );
    sendChange(res, result);
  });

  router.get('/applications/:name/history', async (req, res) => {
    await authorizeApplication(req, configReadPermission);
    res.json({ items: await service.history(req.params.name) });
  });

  router.get('/applications/:name/diff', async (req, res) => {
    await authorizeApplication(req, configReadPermission);
    const { from, to } = parseRequestBody(configDiffQuerySchema, req.query);
    res.json(await service.diff(req.params.name, from, to));
  });

  router.post('/applications/:name/rollback', async (req, res) => {
    const credentials = await authorizeApplication(req, configWritePermission);
    const body = parseRequestBody(configRollbackRequestSchema, req.body);
    const actor = await actorOf(credentials, userInfo);
    const result = await audited(
      req,
      'config-rollback',
      {
        application: req.params.name,
        version: body.version,
        toVersion: body.toVersion,
      },
      () => service.rollback(req.params.name, body, actor),
    );
    sendChange(res, result);
  });

  router.post('/applications/:name/apply', async (req, res) => {
    const credentials = await authorizeApplication(req, configApplyPermission);
    const body = parseRequestBody(configApplyRequestSchema, req.body);
    const actor = await actorOf(credentials, userInfo);
    const result = await audited(
      req,
      'config-apply',
      {
        application: req.params.name,
        environment: body.environment,
        dryRun: Boolean(body.dryRun),
      },
      () =>
        service.apply(
          req.params.name,
          body.environment,
          { dryRun: body.dryRun },
          actor,
        ),
    );
    res.json(result);
  });

  router.get('/applications/:name/deliveries', async (req, res) => {
    await authorizeApplication(req, configReadPermission);
    res.json({ items: await service.deliveries(req.params.name) });
  });

  router.get('/applications/:name/drift', async (req, res) => {
    await authorizeApplication(req, configReadPermission);
    res.json({ items: await service.driftReports(req.params.name) });
  });

  router.post('/applications/:name/drift/check', async (req, res) => {
    await authorizeApplication(req, configApplyPermission);
    const { environment } = parseRequestBody(
      requiredEnvironmentQuerySchema,
      req.body ?? {},
    );
    const report = await audited(
      req,
      'config-drift-check',
      { application: req.params.name, environment },
      () => service.checkDrift(req.params.name, environment),
    );
    res.json(report);
  });

  router.get('/applications/:name/flags', async (req, res) => {
    await authorizeApplication(req, configReadPermission);
    res.json({ flags: await service.listFlags(req.params.name) });
  });

  router.put('/applications/:name/flags/:key', async (req, res) => {
    const credentials = await authorizeApplication(req, configWritePermission);
    const body = parseRequestBody(configFlagPutRequestSchema, req.body);
    const actor = await actorOf(credentials, userInfo);
    const result = await audited(
      req,
      'config-flag-update',
      {
        application: req.params.name,
        flag: req.params.key,
        version: body.version,
      },
      () => service.putFlag(req.params.name, req.params.key, body, actor),
    );
    sendChange(res, result);
  });

  router.delete('/applications/:name/flags/:key', async (req, res) => {
    const credentials = await authorizeApplication(req, configWritePermission);
    const query = parseRequestBody(configFlagDeleteQuerySchema, req.query);
    const actor = await actorOf(credentials, userInfo);
    const result = await audited(
      req,
      'config-flag-delete',
      {
        application: req.params.name,
        flag: req.params.key,
        version: query.version,
      },
      () => service.deleteFlag(req.params.name, req.params.key, query, actor),
    );
    sendChange(res, result);
  });

  router.get('/applications/:name/flagd', async (req, res) => {
    await authorizeApplication(req, configReadPermission);
    const { environment } = parseRequestBody(
      configEnvironmentQuerySchema.required(),
      req.query,
    );
    res.json(await service.flagdExport(req.params.name, environment));
  });

  return router;
}
