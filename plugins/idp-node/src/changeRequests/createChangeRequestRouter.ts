import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { BasicPermission } from '@backstage/plugin-permission-common';
import {
  CHANGE_REQUEST_STATES,
  ChangeRequest,
  changeRequestCreatePermission,
  changeRequestDecidePermission,
  changeRequestDecisionSchema,
  changeRequestEmergencyBypassPermission,
  changeRequestReadPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import { authorizeOrThrow } from '../http/authorizeOrThrow';
import { parseRequestBody } from '../http/parseRequestBody';
import {
  ChangeRequestActor,
  ChangeRequestService,
} from './ChangeRequestService';

/** @public */
export interface ChangeRequestRouterOptions {
  /** Only requests of this plugin are listed and decided. */
  pluginId: string;
  changeRequests: ChangeRequestService;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  /** Runs when a request becomes approved, so the plugin can apply the change. */
  onApproved?: (request: ChangeRequest) => Promise<void>;
}

const listQuerySchema = z.object({
  state: z.enum(CHANGE_REQUEST_STATES).optional(),
  entityRef: z.string().optional(),
  environment: z.string().optional(),
});
const bypassSchema = z.object({
  reason: z.string().trim().min(1, 'is required'),
});

/**
 * The HTTP routes every IDP feature mounts for its change requests (for
 * example at `/change-requests`): list, read, decide, cancel and emergency
 * bypass. Each route authenticates, checks its permission and names bad fields.
 *
 * @public
 */
export function createChangeRequestRouter(
  options: ChangeRequestRouterOptions,
): express.Router {
  const { pluginId, changeRequests, httpAuth, userInfo, permissions } = options;
  const router = Router();
  router.use(express.json());

  async function authorize(req: express.Request, permission: BasicPermission) {
    const credentials = await httpAuth.credentials(req);
    await authorizeOrThrow(permissions, permission, credentials);
    return credentials;
  }

  async function actor(
    req: express.Request,
    permission: BasicPermission,
  ): Promise<ChangeRequestActor> {
    await authorize(req, permission);
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const info = await userInfo.getUserInfo(credentials);
    return {
      userEntityRef: info.userEntityRef,
      ownershipEntityRefs: info.ownershipEntityRefs,
    };
  }

  async function ownRequest(id: string): Promise<ChangeRequest> {
    const request = await changeRequests.get(id);
    if (request.pluginId !== pluginId) {
      throw new NotFoundError(`No change request with id ${id}`);
    }
    return request;
  }

  router.get('/', async (req, res) => {
    await authorize(req, changeRequestReadPermission);
    const query = parseRequestBody(listQuerySchema, req.query);
    const items = await changeRequests.list({
      pluginId,
      states: query.state ? [query.state] : undefined,
      entityRef: query.entityRef,
      environment: query.environment,
    });
    res.json({ items });
  });

  router.get('/:id', async (req, res) => {
    await authorize(req, changeRequestReadPermission);
    res.json(await ownRequest(req.params.id));
  });

  router.post('/:id/decision', async (req, res) => {
    const who = await actor(req, changeRequestDecidePermission);
    const decision = parseRequestBody(changeRequestDecisionSchema, req.body);
    await ownRequest(req.params.id);
    const result = await changeRequests.decide(req.params.id, who, decision, {
      request: req,
    });
    if (result.state === 'approved') await options.onApproved?.(result);
    res.json(result);
  });

  router.post('/:id/cancel', async (req, res) => {
    const who = await actor(req, changeRequestCreatePermission);
    await ownRequest(req.params.id);
    res.json(await changeRequests.cancel(req.params.id, who, { request: req }));
  });

  router.post('/:id/bypass', async (req, res) => {
    const who = await actor(req, changeRequestEmergencyBypassPermission);
    const { reason } = parseRequestBody(bypassSchema, req.body);
    await ownRequest(req.params.id);
    const result = await changeRequests.bypass(req.params.id, who, reason, {
      request: req,
    });
    await options.onApproved?.(result);
    res.json(result);
  });

  return router;
}
