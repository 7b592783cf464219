import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { BasicPermission } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import {
  PluginOperationResult,
  pluginInstallRequestSchema,
  pluginManagerInstallPermission,
  pluginManagerReadPermission,
  pluginPackageQuerySchema,
  pluginPackageRequestSchema,
  pluginRevertRequestSchema,
  pluginRevisionDiffQuerySchema,
  pluginRevisionsQuerySchema,
  pluginSearchQuerySchema,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  ChangeRequestService,
  authorizeOrThrow,
  createChangeRequestRouter,
  parseRequestBody,
  runAudited,
  userEntityRefOf,
} from '@idp-platform/backstage-plugin-idp-node';
import express, { Request, Response } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { PluginHealthChecker } from '../health/PluginHealthChecker';
import { readPluginConfigYaml } from './readPluginConfigYaml';
import {
  PLUGIN_MANAGER_PLUGIN_ID,
  PluginManagerActor,
  PluginManagerService,
  PluginOperation,
} from './PluginManagerService';

/** Dependencies of the HTTP router. */
export interface RouterOptions {
  service: PluginManagerService;
  health: PluginHealthChecker;
  changeRequests: ChangeRequestService;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  auditor: AuditorService;
}

const revisionParamSchema = z.object({
  revision: z.coerce.number().int().min(0),
});

/** Who is calling, as revisions and change requests record it. */
async function actorOf(
  credentials: BackstageCredentials,
  userInfo: UserInfoService,
): Promise<PluginManagerActor> {
  const user = userEntityRefOf(credentials);
  if (!user) {
    const subject = (credentials.principal as { subject?: string }).subject;
    return { ref: subject ?? 'unknown', ownershipEntityRefs: [] };
  }
  const info = await userInfo.getUserInfo(credentials);
  return { ref: user, ownershipEntityRefs: info.ownershipEntityRefs };
}

function sendResult(res: Response, result: PluginOperationResult) {
  res.status(result.status === 'applied' ? 200 : 202).json(result);
}

/**
 * The plugin manager's routes (listed in idp-common's pluginManagerApi.ts):
 * discovery, compatibility, the dry-run plan, installed plugins, revisions,
 * health, every change, and the change requests for a protected environment.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { service, health, httpAuth, userInfo, permissions, auditor } = options;
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  const authorize = async (req: Request, permission: BasicPermission) => {
    const credentials = await httpAuth.credentials(req);
    await authorizeOrThrow(permissions, permission, credentials);
    return credentials;
  };

  const read = (req: Request) => authorize(req, pluginManagerReadPermission);

  // Audit metadata names packages, versions and revisions, never pluginConfig values.
  const change = async (
    req: Request,
    res: Response,
    eventId: string,
    build: () => PluginOperation,
  ) => {
    const credentials = await authorize(req, pluginManagerInstallPermission);
    const operation = build();
    const meta: JsonObject = {
      action: operation.action,
      package: operation.package,
      ...(operation.version ? { version: operation.version } : {}),
      ...(operation.revision !== undefined
        ? { revision: operation.revision }
        : {}),
    };
    const result = await runAudited(
      auditor,
      { eventId, request: req, meta },
      async () =>
        service.request(operation, await actorOf(credentials, userInfo), {
          request: req,
        }),
    );
    sendResult(res, result);
  };

  router.use(
    '/change-requests',
    createChangeRequestRouter({
      pluginId: PLUGIN_MANAGER_PLUGIN_ID,
      changeRequests: options.changeRequests,
      httpAuth,
      userInfo,
      permissions,
      onApproved: async request => {
        await service.applyApprovedChangeRequest(request);
      },
    }),
  );

  router.get('/registries', async (req, res) => {
    await read(req);
    res.json({ items: service.registries() });
  });

  router.get('/search', async (req, res) => {
    await read(req);
    res.json(
      await service.search(
        parseRequestBody(pluginSearchQuerySchema, req.query),
      ),
    );
  });

  router.get('/package', async (req, res) => {
    await read(req);
    const query = parseRequestBody(pluginPackageQuerySchema, req.query);
    res.json(await service.packageDetails(query.name));
  });

  router.get('/compatibility', async (req, res) => {
    await read(req);
    const query = parseRequestBody(pluginPackageQuerySchema, req.query);
    res.json(await service.compatibility(query.name, query.version));
  });

  router.post('/plan', async (req, res) => {
    await read(req);
    res.json(
      await service.plan(
        readPluginConfigYaml(
          parseRequestBody(pluginInstallRequestSchema, req.body),
        ),
      ),
    );
  });

  router.get('/installed', async (req, res) => {
    await read(req);
    res.json(await service.listInstalled());
  });

  router.get('/revisions', async (req, res) => {
    await read(req);
    const query = parseRequestBody(pluginRevisionsQuerySchema, req.query);
    res.json(await service.listRevisions(query.package));
  });

  router.get('/revisions/:revision', async (req, res) => {
    await read(req);
    const { revision } = parseRequestBody(revisionParamSchema, req.params);
    res.json(await service.getRevision(revision));
  });

  router.get('/revisions/:revision/diff', async (req, res) => {
    await read(req);
    const { revision } = parseRequestBody(revisionParamSchema, req.params);
    const { against } = parseRequestBody(
      pluginRevisionDiffQuerySchema,
      req.query,
    );
    res.json(await service.diff(revision, against));
  });

  router.get('/health', async (req, res) => {
    await read(req);
    res.json(await health.check());
  });

  router.post('/install', (req, res) =>
    change(req, res, 'plugin-install', () => ({
      action: 'install',
      ...readPluginConfigYaml(
        parseRequestBody(pluginInstallRequestSchema, req.body),
      ),
    })),
  );

  router.post('/upgrade', (req, res) =>
    change(req, res, 'plugin-upgrade', () => ({
      action: 'upgrade',
      ...readPluginConfigYaml(
        parseRequestBody(pluginInstallRequestSchema, req.body),
      ),
    })),
  );

  for (const action of [
    'disable',
    'enable',
    'uninstall',
    'rollback',
  ] as const) {
    router.post(`/${action}`, (req, res) =>
      change(req, res, `plugin-${action}`, () => ({
        action,
        ...parseRequestBody(pluginPackageRequestSchema, req.body),
      })),
    );
  }

  router.post('/revisions/:revision/revert', (req, res) =>
    change(req, res, 'plugin-revert', () => {
      const { revision } = parseRequestBody(revisionParamSchema, req.params);
      return {
        action: 'revert',
        package: `revision ${revision}`,
        revision,
        ...parseRequestBody(pluginRevertRequestSchema, req.body ?? {}),
      };
    }),
  );

  router.post('/refresh', async (req, res) => {
    await authorize(req, pluginManagerInstallPermission);
    res.json(
      await runAudited(
        auditor,
        { eventId: 'plugin-registry-refresh', request: req, meta: {} },
        () => service.refresh(),
      ),
    );
  });

  return router;
}
