import { PermissionsService } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  communicationCheckRequestSchema,
  policyReadPermission,
  policyScenarioSchema,
  policyTestRequestSchema,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  authorizeOrThrow,
  parseRequestBody,
} from '@idp-platform/backstage-plugin-idp-node';
import { PolicyService } from '../service/PolicyService';

/**
 * Registers `policy:check-communication` and `policy:test` so the MCP
 * actions backend offers them to AI assistants as tools. Both only read.
 */
export function registerPolicyActions(options: {
  actionsRegistry: ActionsRegistryService;
  service: PolicyService;
  permissions: PermissionsService;
}) {
  const { actionsRegistry, service, permissions } = options;

  actionsRegistry.register({
    name: 'check-communication',
    title: 'Check service communication',
    description:
      'Answers whether service `from` may open a connection to service `to` on `port` in an environment, under the latest version of every stored communication policy compiled to Istio AuthorizationPolicy and Kubernetes NetworkPolicy. Returns the decision, the reason and the object that decided.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          environment: z.string().describe('Environment name, e.g. staging'),
          from: z
            .string()
            .describe('Calling service (idp-platform/service-id)'),
          to: z.string().describe('Called service (idp-platform/service-id)'),
          port: z.number().int().describe('Destination port'),
        }),
      output: z =>
        z.object({
          allowed: z.boolean(),
          reason: z.string(),
          decidedBy: z.string().optional(),
        }),
    },
    action: async ({ input, credentials }) => {
      await authorizeOrThrow(permissions, policyReadPermission, credentials);
      const request = parseRequestBody(communicationCheckRequestSchema, input);
      const result = await service.checkCommunication(request);
      return {
        output: {
          allowed: result.allowed,
          reason: result.reason,
          ...(result.decidedBy && { decidedBy: result.decidedBy }),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'test',
    title: 'Test a communication policy',
    description:
      'Runs the test scenarios stored with a policy (and any extra scenarios given) against its compiled Istio rules for one environment, evaluated in Istio order (CUSTOM, DENY, ALLOW, default deny). Returns each scenario with its decision, whether it passed, and why.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          policy: z.string().describe('Policy name (metadata.name)'),
          environment: z.string().describe('Environment name, e.g. staging'),
          version: z
            .number()
            .int()
            .optional()
            .describe('Policy version; the latest when absent'),
          scenarios: z
            .array(z.record(z.unknown()))
            .optional()
            .describe(
              'Extra scenarios: { kind: "request", name, claims, request: { method, path, from, to, port, time }, expect } or { kind: "communication", name, from, to, port, expect }',
            ),
        }),
      output: z =>
        z.object({
          passed: z.boolean(),
          results: z.array(
            z.object({
              name: z.string(),
              expect: z.enum(['allow', 'deny']),
              decision: z.enum(['allow', 'deny']),
              passed: z.boolean(),
              reason: z.string(),
            }),
          ),
          skipped: z.array(z.string()),
        }),
    },
    action: async ({ input, credentials }) => {
      await authorizeOrThrow(permissions, policyReadPermission, credentials);
      const request = parseRequestBody(policyTestRequestSchema, {
        environment: input.environment,
        version: input.version,
        scenarios: input.scenarios?.map(s =>
          parseRequestBody(policyScenarioSchema, s),
        ),
      });
      const result = await service.test(input.policy, request);
      return {
        output: {
          passed: result.passed,
          results: result.results.map(r => ({
            name: r.scenario.name,
            expect: r.scenario.expect,
            decision: r.decision,
            passed: r.passed,
            reason: r.reason,
          })),
          skipped: result.skipped,
        },
      };
    },
  });
}
