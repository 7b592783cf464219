import { PermissionsService } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  FINDING_STATUSES,
  SEVERITIES,
  securityGateEvaluatePermission,
  securityGateRequestSchema,
  securityReadPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  authorizeEntityOrThrow,
  authorizeOrThrow,
  parseRequestBody,
} from '@idp-platform/backstage-plugin-idp-node';
import { SecurityService } from '../service/SecurityService';

function canonicalRef(ref: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(ref));
  } catch (error) {
    throw new InputError(`entityRef: ${(error as Error).message}`);
  }
}

/**
 * Registers `security:gate` and `security:findings` so the MCP actions
 * backend offers them to AI assistants as tools. Both check the same
 * permissions as their HTTP routes.
 */
export function registerSecurityActions(options: {
  actionsRegistry: ActionsRegistryService;
  service: SecurityService;
  permissions: PermissionsService;
}) {
  const { actionsRegistry, service, permissions } = options;

  actionsRegistry.register({
    name: 'gate',
    title: 'Evaluate the security gate',
    description:
      "Answers whether an artifact (image or package digest) of a catalog entity may enter an environment under the security policy: open findings minus active waivers, remediation due dates, and the environment's report and signature requirements. Returns allowed, requiresApproval and the reasons.",
    attributes: { readOnly: true, idempotent: true, destructive: false },
    visibilityPermission: securityGateEvaluatePermission,
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'Catalog entity ref, e.g. component:default/payments-api',
            ),
          artifactDigest: z
            .string()
            .describe('Artifact digest, e.g. sha256:<64 hex>'),
          environment: z
            .string()
            .describe('Target environment name, e.g. production'),
        }),
      output: z =>
        z.object({
          allowed: z.boolean(),
          requiresApproval: z.boolean(),
          evaluatedAt: z.string(),
          reasons: z.array(
            z.object({
              code: z.string(),
              message: z.string(),
              findingId: z.string().optional(),
              vulnerabilityId: z.string().optional(),
              severity: z.string().optional(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      await authorizeOrThrow(
        permissions,
        securityGateEvaluatePermission,
        credentials,
      );
      const request = parseRequestBody(securityGateRequestSchema, input);
      return {
        output: await service.evaluateGate({
          ...request,
          entityRef: canonicalRef(request.entityRef),
        }),
      };
    },
  });

  actionsRegistry.register({
    name: 'findings',
    title: 'List security findings',
    description:
      'Lists the vulnerability findings of a catalog entity (optionally one artifact), most severe first, with package, versions, CVSS score, the scanners that reported each, and the remediation due date. Filter by severity, status and text.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'Catalog entity ref, e.g. component:default/payments-api',
            ),
          artifactDigest: z
            .string()
            .optional()
            .describe('Only this artifact digest'),
          severity: z
            .array(z.enum(SEVERITIES))
            .optional()
            .describe('Only these severities'),
          status: z.enum(FINDING_STATUSES).optional().describe('Default open'),
          text: z
            .string()
            .optional()
            .describe('Matched against vulnerability id, title and package'),
          limit: z.number().int().min(1).max(200).optional(),
        }),
      output: z =>
        z.object({
          totalCount: z.number(),
          findings: z.array(
            z.object({
              id: z.string(),
              artifactDigest: z.string(),
              vulnerabilityId: z.string(),
              title: z.string(),
              severity: z.string(),
              cvssScore: z.number().optional(),
              packageName: z.string().optional(),
              installedVersion: z.string().optional(),
              fixedVersion: z.string().optional(),
              location: z.string().optional(),
              status: z.string(),
              scanners: z.array(z.string()),
              firstSeen: z.string(),
              dueAt: z.string().optional(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const entityRef = canonicalRef(input.entityRef);
      await authorizeEntityOrThrow(
        permissions,
        securityReadPermission,
        entityRef,
        credentials,
      );
      const page = await service.listFindings({
        entityRef,
        artifactDigest: input.artifactDigest,
        severity: input.severity,
        status: input.status ?? 'open',
        text: input.text,
        limit: input.limit ?? 50,
        offset: 0,
      });
      return {
        output: {
          totalCount: page.totalCount,
          findings: page.items.map(finding => ({
            id: finding.id,
            artifactDigest: finding.artifactDigest,
            vulnerabilityId: finding.vulnerabilityId,
            title: finding.title,
            severity: finding.severity,
            cvssScore: finding.cvssScore,
            packageName: finding.packageName,
            installedVersion: finding.installedVersion,
            fixedVersion: finding.fixedVersion,
            location: finding.location,
            status: finding.status,
            scanners: finding.scanners,
            firstSeen: finding.firstSeen,
            dueAt: finding.dueAt,
          })),
        },
      };
    },
  });
}
