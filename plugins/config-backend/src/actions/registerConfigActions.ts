import {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  configJsonValueSchema,
  configKeySchema,
  configReadPermission,
  configWritePermission,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  parseRequestBody,
  userEntityRefOf,
  authorizeEntityOrThrow,
} from '@idp-platform/backstage-plugin-idp-node';
import { z as zod } from 'zod';
import { ConfigService } from '../service/ConfigService';

const valueInputSchema = zod.object({ value: configJsonValueSchema });

function actorRef(credentials: BackstageCredentials): string {
  return (
    userEntityRefOf(credentials) ??
    (credentials.principal as { subject?: string }).subject ??
    'unknown'
  );
}

/**
 * Registers `config:get` and `config:set` so the MCP actions backend offers
 * them to AI assistants as tools.
 */
export function registerConfigActions(options: {
  actionsRegistry: ActionsRegistryService;
  service: ConfigService;
  permissions: PermissionsService;
  auditor: AuditorService;
}) {
  const { actionsRegistry, service, permissions, auditor } = options;

  actionsRegistry.register({
    name: 'get',
    title: 'Get application configuration',
    description:
      'Returns the effective configuration of an application in one environment: every key with its value and the layer it came from (global, environment, application, application-environment). Secrets appear as references, never as values.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          application: z
            .string()
            .describe(
              'Configuration name (annotation idp-platform/config-name)',
            ),
          environment: z.string().describe('Environment name, e.g. staging'),
        }),
      output: z =>
        z.object({
          application: z.string(),
          environment: z.string(),
          version: z.number(),
          values: z.record(z.unknown()),
          sources: z.record(z.string()),
        }),
    },
    action: async ({ input, credentials }) => {
      await authorizeEntityOrThrow(
        permissions,
        configReadPermission,
        await service.entityRefOf(input.application),
        credentials,
      );
      const effective = await service.getEffective(
        input.application,
        input.environment,
      );
      return {
        output: {
          application: input.application,
          environment: effective.environment,
          version: effective.version,
          values: effective.values,
          sources: effective.sources,
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'set',
    title: 'Set a configuration value',
    description:
      'Sets one key of an application configuration, for every environment or for one. Needs the version that was read (config:get returns it); a stale version fails. Changes to protected environments open a change request instead of applying. Secrets must be given as { secretRef: { store, key } }.',
    attributes: { readOnly: false, idempotent: false, destructive: false },
    schema: {
      input: z =>
        z.object({
          application: z.string().describe('Configuration name'),
          version: z
            .number()
            .int()
            .describe('The version the change is based on'),
          key: z.string().describe('JSON Pointer, e.g. /database/port'),
          value: z.unknown().describe('New value (JSON)'),
          environment: z
            .string()
            .optional()
            .describe('Only this environment; every environment when absent'),
          message: z.string().optional(),
        }),
      output: z =>
        z.object({
          status: z.enum(['applied', 'pending-approval']),
          version: z.number().optional(),
          changeRequestId: z.string().optional(),
        }),
    },
    action: async ({ input, credentials }) => {
      await authorizeEntityOrThrow(
        permissions,
        configWritePermission,
        await service.entityRefOf(input.application),
        credentials,
      );
      const key = parseRequestBody(configKeySchema, input.key);
      const { value } = parseRequestBody(valueInputSchema, {
        value: input.value,
      });
      const event = await auditor.createEvent({
        eventId: 'config-set-values',
        severityLevel: 'medium',
        meta: {
          application: input.application,
          version: input.version,
          keys: [input.environment ? `${input.environment}:${key}` : key],
          via: 'action',
        },
      });
      try {
        const result = await service.setValues(
          input.application,
          {
            version: input.version,
            message: input.message,
            changes: [{ environment: input.environment, key, value }],
          },
          { ref: actorRef(credentials), ownershipEntityRefs: [] },
        );
        await event.success();
        return {
          output:
            result.status === 'applied'
              ? { status: result.status, version: result.changeSet.version }
              : {
                  status: result.status,
                  changeRequestId: result.changeRequest.id,
                },
        };
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    },
  });
}
