import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { BasicPermission } from '@backstage/plugin-permission-common';
import {
  MCP_IDP_META_KEY,
  mcpDeployRequestSchema,
  mcpInvokeRequestSchema,
  mcpRegisterRequestSchema,
  mcpServerJsonSchema,
  mcpServerListQuerySchema,
  mcpScaleRequestSchema,
  mcpServerDeployPermission,
  mcpServerInvokePermission,
  mcpServerReadPermission,
  mcpServerRegisterPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import { JsonObject } from '@backstage/types';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { McpRegistryService } from './McpRegistryService';
import {
  ChangeRequestService,
  authorizeOrThrow,
  createChangeRequestRouter,
  parseRequestBody,
  userEntityRefOf,
  runAudited,
} from '@idp-platform/backstage-plugin-idp-node';
import { McpHostingService } from '../hosting/McpHostingService';

const importRequestSchema = z.object({
  url: z.string().url(),
  owner: z.string().min(1),
});

const publishOwnerSchema = z
  .object({
    owner: z.string().min(1).optional(),
    hostingComponent: z.string().optional(),
  })
  .passthrough();

/** Dependencies of the HTTP router. */
export interface RouterOptions {
  service: McpRegistryService;
  hosting: McpHostingService;
  changeRequests: ChangeRequestService;
  userInfo: UserInfoService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
}

/**
 * The registry API in the official shape under /v0.1 and /v0, plus this
 * registry's own routes (register with an owner, health, import).
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { service, hosting, httpAuth, userInfo, permissions, auditor } =
    options;
  const router = Router();
  router.use(
    '/change-requests',
    createChangeRequestRouter({
      pluginId: 'mcp-registry',
      changeRequests: options.changeRequests,
      httpAuth,
      userInfo,
      permissions,
      onApproved: request => hosting.applyApproved(request),
    }),
  );
  router.use(express.json({ limit: '1mb' }));

  const authorize = async (req: Request, permission: BasicPermission) => {
    const credentials = await httpAuth.credentials(req);
    await authorizeOrThrow(permissions, permission, credentials);
    return credentials;
  };

  const audited = <T>(
    req: Request,
    eventId: string,
    meta: JsonObject,
    work: () => Promise<T>,
  ): Promise<T> => runAudited(auditor, { eventId, request: req, meta }, work);

  const userRef = userEntityRefOf;

  // Hosting changes may become change requests, which need a signed-in user.
  const hostingActor = async (req: Request) => {
    await authorize(req, mcpServerDeployPermission);
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const info = await userInfo.getUserInfo(credentials);
    return {
      userEntityRef: info.userEntityRef,
      ownershipEntityRefs: info.ownershipEntityRefs,
    };
  };

  for (const prefix of ['/v0.1', '/v0']) {
    router.get(`${prefix}/servers`, async (req, res) => {
      await authorize(req, mcpServerReadPermission);
      const query = parseRequestBody(mcpServerListQuerySchema, req.query);
      res.json(await service.list(query));
    });

    router.get(`${prefix}/servers/:name/versions`, async (req, res) => {
      await authorize(req, mcpServerReadPermission);
      res.json(await service.listVersions(req.params.name));
    });

    router.get(
      `${prefix}/servers/:name/versions/:version`,
      async (req, res) => {
        await authorize(req, mcpServerReadPermission);
        res.json(await service.getVersion(req.params.name, req.params.version));
      },
    );

    router.post(`${prefix}/publish`, async (req, res) => {
      const credentials = await authorize(req, mcpServerRegisterPermission);
      const server = parseRequestBody(mcpServerJsonSchema, req.body);
      const registryMeta = parseRequestBody(
        publishOwnerSchema,
        server._meta?.[MCP_IDP_META_KEY] ?? {},
      );
      const publishedBy = userRef(credentials);
      const owner = registryMeta.owner ?? publishedBy;
      if (!owner) {
        throw new InputError(
          `_meta.${MCP_IDP_META_KEY}.owner: required when the caller is not a user`,
        );
      }
      const published = await audited(
        req,
        'server-publish',
        { name: server.name, version: server.version },
        () =>
          service.publish(server, {
            owner,
            hostingComponent: registryMeta.hostingComponent,
            publishedBy,
          }),
      );
      res.status(201).json(published);
    });
  }

  router.post('/servers', async (req, res) => {
    const credentials = await authorize(req, mcpServerRegisterPermission);
    const body = parseRequestBody(mcpRegisterRequestSchema, req.body);
    const published = await audited(
      req,
      'server-register',
      {
        name: body.server.name,
        version: body.server.version,
        owner: body.owner,
      },
      () =>
        service.publish(body.server, {
          owner: body.owner,
          hostingComponent: body.hostingComponent,
          publishedBy: userRef(credentials),
        }),
    );
    res.status(201).json(published);
  });

  router.get('/servers/:name/health', async (req, res) => {
    await authorize(req, mcpServerReadPermission);
    res.json({ checks: await service.healthHistory(req.params.name) });
  });

  router.post('/servers/:name/versions/:version/check', async (req, res) => {
    await authorize(req, mcpServerRegisterPermission);
    const { name, version } = req.params;
    const check = await audited(
      req,
      'server-health-check',
      { name, version },
      () => service.check(name, version),
    );
    res.json(check);
  });

  router.post('/servers/:name/versions/:version/invoke', async (req, res) => {
    await authorize(req, mcpServerInvokePermission);
    const { name, version } = req.params;
    const body = parseRequestBody(mcpInvokeRequestSchema, req.body);
    const result = await audited(
      req,
      'server-tool-invoke',
      // Arguments may carry secrets: audit which tool, not what was sent.
      { name, version, tool: body.tool },
      () => service.invoke(name, version, body.tool, body.arguments),
    );
    res.json(result);
  });

  router.get('/deployments', async (req, res) => {
    await authorize(req, mcpServerReadPermission);
    res.json({ items: await hosting.list() });
  });

  router.get('/servers/:name/deployments', async (req, res) => {
    await authorize(req, mcpServerReadPermission);
    res.json({ items: await hosting.list(req.params.name) });
  });

  router.post(
    '/servers/:name/deployments/:environment/refresh',
    async (req, res) => {
      await authorize(req, mcpServerReadPermission);
      res.json(await hosting.refresh(req.params.name, req.params.environment));
    },
  );

  router.post('/servers/:name/deployments', async (req, res) => {
    const actor = await hostingActor(req);
    const body = parseRequestBody(mcpDeployRequestSchema, req.body);
    const { name } = req.params;
    const outcome = await audited(
      req,
      'server-deploy',
      // Plain env values may be sensitive in spirit: audit names, not values.
      {
        name,
        environment: body.environment,
        version: body.version,
        replicas: body.replicas,
        env: Object.keys(body.env),
      },
      () => hosting.deploy(name, body, actor),
    );
    res.status(outcome.status === 'applied' ? 201 : 202).json(outcome);
  });

  router.put(
    '/servers/:name/deployments/:environment/replicas',
    async (req, res) => {
      const actor = await hostingActor(req);
      const { replicas } = parseRequestBody(mcpScaleRequestSchema, req.body);
      const { name, environment } = req.params;
      const outcome = await audited(
        req,
        'server-scale',
        { name, environment, replicas },
        () => hosting.scale(name, environment, replicas, actor),
      );
      res.status(outcome.status === 'applied' ? 200 : 202).json(outcome);
    },
  );

  router.delete('/servers/:name/deployments/:environment', async (req, res) => {
    const actor = await hostingActor(req);
    const { name, environment } = req.params;
    const outcome = await audited(
      req,
      'server-undeploy',
      { name, environment },
      () => hosting.undeploy(name, environment, actor),
    );
    res.status(outcome.status === 'applied' ? 200 : 202).json(outcome);
  });

  router.post('/import', async (req, res) => {
    const credentials = await authorize(req, mcpServerRegisterPermission);
    const body = parseRequestBody(importRequestSchema, req.body);
    const result = await audited(req, 'server-import', { url: body.url }, () =>
      service.importFrom(body.url, {
        owner: body.owner,
        publishedBy: userRef(credentials),
      }),
    );
    res.json(result);
  });

  return router;
}
