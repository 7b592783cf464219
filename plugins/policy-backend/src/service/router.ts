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
  communicationCheckRequestSchema,
  policyApplyPermission,
  policyApplyRequestSchema,
  policyCompareQuerySchema,
  policyCompileRequestSchema,
  policyCreateRequestSchema,
  policyDocumentRequestSchema,
  policyEnvironmentVersionQuerySchema,
  policyImportRequestSchema,
  policyReadPermission,
  policyRollbackRequestSchema,
  policySandboxRequestSchema,
  policyTestRequestSchema,
  policyUpdateRequestSchema,
  policyWritePermission,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  authorizeOrThrow,
  ChangeRequestService,
  createChangeRequestRouter,
  parseRequestBody,
  runAudited,
  userEntityRefOf,
} from '@idp-platform/backstage-plugin-idp-node';
import express, { Request, Response } from 'express';
import Router from 'express-promise-router';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { PolicyActor, PolicyService, POLICY_PLUGIN_ID } from './PolicyService';

/** Dependencies of the HTTP router. */
export interface RouterOptions {
  service: PolicyService;
  changeRequests: ChangeRequestService;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  auditor: AuditorService;
}

const nameParamsSchema = z.object({
  name: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS label'),
});
const versionParamsSchema = nameParamsSchema.extend({
  version: z.coerce.number().int().min(1),
});

/** `metadata.name` of a policy document for the audit record, before it is validated. */
function policyNameOf(yaml: string): string {
  const name = parseDocument(yaml).getIn(['metadata', 'name']);
  return typeof name === 'string' ? name.slice(0, 63) : 'unknown';
}

/** Who is calling, as versions, applies and change requests record it. */
async function actorOf(
  credentials: BackstageCredentials,
  userInfo: UserInfoService,
): Promise<PolicyActor> {
  const user = userEntityRefOf(credentials);
  if (!user) {
    const subject = (credentials.principal as { subject?: string }).subject;
    return { ref: subject ?? 'unknown' };
  }
  const info = await userInfo.getUserInfo(credentials);
  return {
    ref: user,
    changeRequestActor: {
      userEntityRef: user,
      ownershipEntityRefs: info.ownershipEntityRefs,
    },
  };
}

/**
 * The policy builder's routes (listed in idp-common's policyApi.ts): read,
 * create and edit versioned policies, validate, compile, sandbox, impact,
 * compare, apply and roll back, and the change requests for protected
 * environments under /change-requests.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { service, httpAuth, userInfo, permissions, auditor } = options;
  const router = Router();
  router.use(express.json({ limit: '2mb' }));

  const authorize = async (req: Request, permission: BasicPermission) => {
    const credentials = await httpAuth.credentials(req);
    await authorizeOrThrow(permissions, permission, credentials);
    return credentials;
  };

  // Audit metadata names policies, versions and environments, never documents.
  const audited = <T>(
    req: Request,
    eventId: string,
    meta: JsonObject,
    work: () => Promise<T>,
  ): Promise<T> => runAudited(auditor, { eventId, request: req, meta }, work);

  const sendOutcome = (
    res: Response,
    outcome: Awaited<ReturnType<PolicyService['apply']>>,
  ) => {
    res.status(outcome.status === 'pending-approval' ? 202 : 200).json(outcome);
  };

  router.use(
    '/change-requests',
    createChangeRequestRouter({
      pluginId: POLICY_PLUGIN_ID,
      changeRequests: options.changeRequests,
      httpAuth,
      userInfo,
      permissions,
      onApproved: request => service.applyApprovedChangeRequest(request),
    }),
  );

  router.get('/services', async (req, res) => {
    await authorize(req, policyReadPermission);
    res.json({ items: await service.listServices() });
  });

  router.get('/policies', async (req, res) => {
    await authorize(req, policyReadPermission);
    res.json({ items: await service.list() });
  });

  router.post('/policies', async (req, res) => {
    const credentials = await authorize(req, policyWritePermission);
    const body = parseRequestBody(policyCreateRequestSchema, req.body);
    const actor = await actorOf(credentials, userInfo);
    const view = await audited(
      req,
      'policy-create',
      { policy: policyNameOf(body.yaml) },
      () => service.create(body.yaml, actor, { message: body.message }),
    );
    res.status(201).json(view);
  });

  router.get('/policies/:name', async (req, res) => {
    await authorize(req, policyReadPermission);
    const { name } = parseRequestBody(nameParamsSchema, req.params);
    res.json(await service.get(name));
  });

  router.put('/policies/:name', async (req, res) => {
    const credentials = await authorize(req, policyWritePermission);
    const { name } = parseRequestBody(nameParamsSchema, req.params);
    const body = parseRequestBody(policyUpdateRequestSchema, req.body);
    const actor = await actorOf(credentials, userInfo);
    res.json(
      await audited(
        req,
        'policy-update',
        { policy: name, version: body.version },
        () => service.update(name, body, actor),
      ),
    );
  });

  router.get('/policies/:name/versions', async (req, res) => {
    await authorize(req, policyReadPermission);
    const { name } = parseRequestBody(nameParamsSchema, req.params);
    res.json({ items: await service.listVersions(name) });
  });

  router.get('/policies/:name/versions/:version', async (req, res) => {
    await authorize(req, policyReadPermission);
    const { name, version } = parseRequestBody(versionParamsSchema, req.params);
    res.json(await service.getVersion(name, version));
  });

  router.get('/policies/:name/compiled', async (req, res) => {
    await authorize(req, policyReadPermission);
    const { name } = parseRequestBody(nameParamsSchema, req.params);
    const query = parseRequestBody(
      policyEnvironmentVersionQuerySchema,
      req.query,
    );
    res.json(
      await service.compileStored(name, query.environment, query.version),
    );
  });

  router.post('/policies/:name/test', async (req, res) => {
    await authorize(req, policyReadPermission);
    const { name } = parseRequestBody(nameParamsSchema, req.params);
    const body = parseRequestBody(policyTestRequestSchema, req.body);
    res.json(await service.test(name, body));
  });

  router.get('/policies/:name/impact', async (req, res) => {
    await authorize(req, policyReadPermission);
    const { name } = parseRequestBody(nameParamsSchema, req.params);
    const query = parseRequestBody(
      policyEnvironmentVersionQuerySchema,
      req.query,
    );
    res.json(await service.impact(name, query.environment, query.version));
  });

  router.get('/policies/:name/compare', async (req, res) => {
    await authorize(req, policyReadPermission);
    const { name } = parseRequestBody(nameParamsSchema, req.params);
    const query = parseRequestBody(policyCompareQuerySchema, req.query);
    res.json(await service.compare(name, query.environments, query.version));
  });

  router.post('/policies/:name/apply', async (req, res) => {
    const credentials = await authorize(req, policyApplyPermission);
    const { name } = parseRequestBody(nameParamsSchema, req.params);
    const body = parseRequestBody(policyApplyRequestSchema, req.body);
    const actor = await actorOf(credentials, userInfo);
    const outcome = await audited(
      req,
      'policy-apply',
      {
        policy: name,
        environment: body.environment,
        ...(body.version && { version: body.version }),
        dryRun: body.dryRun ?? false,
      },
      () => service.apply(name, body, actor, req),
    );
    sendOutcome(res, outcome);
  });

  router.post('/policies/:name/rollback', async (req, res) => {
    const credentials = await authorize(req, policyApplyPermission);
    const { name } = parseRequestBody(nameParamsSchema, req.params);
    const body = parseRequestBody(policyRollbackRequestSchema, req.body);
    const actor = await actorOf(credentials, userInfo);
    const outcome = await audited(
      req,
      'policy-rollback',
      {
        policy: name,
        environment: body.environment,
        toVersion: body.toVersion,
      },
      () => service.rollback(name, body, actor, req),
    );
    sendOutcome(res, outcome);
  });

  router.get('/policies/:name/applies', async (req, res) => {
    await authorize(req, policyReadPermission);
    const { name } = parseRequestBody(nameParamsSchema, req.params);
    res.json({ items: await service.listApplies(name) });
  });

  router.post('/validate', async (req, res) => {
    await authorize(req, policyReadPermission);
    const body = parseRequestBody(policyDocumentRequestSchema, req.body);
    res.json(await service.validate(body.yaml));
  });

  router.post('/compile', async (req, res) => {
    await authorize(req, policyReadPermission);
    const body = parseRequestBody(policyCompileRequestSchema, req.body);
    res.json(await service.compileDocument(body.yaml, body.environment));
  });

  router.post('/sandbox', async (req, res) => {
    await authorize(req, policyReadPermission);
    const body = parseRequestBody(policySandboxRequestSchema, req.body);
    res.json(
      await service.sandbox(body.yaml, body.environment, body.scenarios),
    );
  });

  router.post('/check-communication', async (req, res) => {
    await authorize(req, policyReadPermission);
    const body = parseRequestBody(communicationCheckRequestSchema, req.body);
    res.json(await service.checkCommunication(body));
  });

  router.post('/import/web-application', async (req, res) => {
    await authorize(req, policyReadPermission);
    const body = parseRequestBody(policyImportRequestSchema, req.body);
    res.json(
      await service.importWebApplication(body.yaml, {
        entityRef: body.entityRef,
      }),
    );
  });

  return router;
}
