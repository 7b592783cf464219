import {
  AuditorService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  PROMOTION_KINDS,
  promoteRequestSchema,
  promotionPromotePermission,
  promotionReadPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  parseRequestBody,
  authorizeEntityOrThrow,
} from '@idp-platform/backstage-plugin-idp-node';
import { PromotionService } from '../service/PromotionService';
import { requesterOf } from '../service/requesterOf';

/**
 * Registers `promotion:promote` and `promotion:status` so the MCP actions
 * backend offers them to AI assistants as tools.
 */
export function registerPromotionActions(options: {
  actionsRegistry: ActionsRegistryService;
  service: PromotionService;
  permissions: PermissionsService;
  auditor: AuditorService;
}) {
  const { actionsRegistry, service, permissions, auditor } = options;

  actionsRegistry.register({
    name: 'status',
    title: 'Promotion status of a component',
    description:
      'Shows where each artifact of a component runs: per environment (in promotion order) the artifact tag and digest, since when, whether it is verified, the promotion in flight and the latest gate verdicts.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'Component entity ref, e.g. component:default/payments-api',
            ),
        }),
      output: z =>
        z.object({
          pipeline: z.string(),
          stages: z.array(
            z.object({
              environment: z.string(),
              artifactId: z.string().optional(),
              tag: z.string().optional(),
              digest: z.string().optional(),
              since: z.string().optional(),
              verified: z.boolean(),
              activePromotion: z
                .object({ id: z.string(), state: z.string() })
                .optional(),
              gates: z.array(
                z.object({
                  type: z.string(),
                  status: z.string(),
                  reason: z.string(),
                }),
              ),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      await authorizeEntityOrThrow(
        permissions,
        promotionReadPermission,
        input.entityRef,
        credentials,
      );
      const view = await service.pipelineView(input.entityRef);
      return {
        output: {
          pipeline: view.pipeline,
          stages: view.stages.map(stage => ({
            environment: stage.environment.name,
            artifactId: stage.artifact?.id,
            tag: stage.artifact?.tag,
            digest: stage.artifact?.digest,
            since: stage.since,
            verified: stage.verified,
            activePromotion: stage.activePromotion && {
              id: stage.activePromotion.id,
              state: stage.activePromotion.state,
            },
            gates: stage.gates.map(gate => ({
              type: gate.type,
              status: gate.status,
              reason: gate.reason,
            })),
          })),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'promote',
    title: 'Promote an artifact',
    description:
      'Requests that a registered artifact of a component runs in an environment. The gates (previous stage verified, soak time, freeze windows, signature, security, approvals) decide; the result is the promotion with its state and gate verdicts. Protected environments wait for approvals.',
    attributes: { readOnly: false, idempotent: false, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'Component entity ref, e.g. component:default/payments-api',
            ),
          artifactId: z
            .string()
            .describe('Artifact id (64 hex characters), see promotion:status'),
          environment: z.string().describe('Target environment name'),
          kind: z.enum(PROMOTION_KINDS).optional(),
          reason: z.string().optional().describe('Required for a hotfix'),
          idempotencyKey: z.string().optional(),
        }),
      output: z =>
        z.object({
          id: z.string(),
          state: z.string(),
          message: z.string().optional(),
          gates: z.array(
            z.object({
              type: z.string(),
              status: z.string(),
              reason: z.string(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const request = parseRequestBody(promoteRequestSchema, input);
      await authorizeEntityOrThrow(
        permissions,
        promotionPromotePermission,
        request.entityRef,
        credentials,
      );
      const event = await auditor.createEvent({
        eventId: 'promotion-request',
        severityLevel: 'medium',
        meta: {
          entityRef: request.entityRef,
          environment: request.environment,
          artifactId: request.artifactId,
          via: 'action',
        },
      });
      try {
        const { promotion } = await service.promote(
          request,
          requesterOf(credentials),
        );
        await event.success();
        return {
          output: {
            id: promotion.id,
            state: promotion.state,
            message: promotion.message,
            gates: promotion.gates.map(gate => ({
              type: gate.type,
              status: gate.status,
              reason: gate.reason,
            })),
          },
        };
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    },
  });
}
