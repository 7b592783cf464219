import { z } from 'zod';
import { SEVERITIES } from '../severity';

/**
 * What promotion asks the security gate: may this artifact of this entity
 * enter this environment?
 *
 * @public
 */
export const securityGateRequestSchema = z.object({
  entityRef: z.string().min(1),
  /** An OCI image digest such as `sha256:…`. */
  artifactDigest: z.string().regex(/^[a-z0-9]+:[a-f0-9]{32,}$/, {
    message: 'must be a digest such as sha256:<hex>',
  }),
  environment: z.string().min(1),
});

/** @public */
export type SecurityGateRequest = z.infer<typeof securityGateRequestSchema>;

/**
 * One reason behind a gate verdict. `code` is stable for machines, `message`
 * is for people.
 *
 * @public
 */
export const securityGateReasonSchema = z.object({
  code: z.enum([
    'blocked-severity',
    'approval-required',
    'remediation-due',
    'waived',
    'no-report',
    'signature-missing',
    'signature-invalid',
    'allowed',
  ]),
  message: z.string(),
  findingId: z.string().optional(),
  vulnerabilityId: z.string().optional(),
  severity: z.enum(SEVERITIES).optional(),
});

/** @public */
export type SecurityGateReason = z.infer<typeof securityGateReasonSchema>;

/**
 * The gate's answer. `allowed` false blocks the promotion; `requiresApproval`
 * true admits it only through an approved change request.
 *
 * @public
 */
export const securityGateVerdictSchema = z.object({
  allowed: z.boolean(),
  requiresApproval: z.boolean(),
  reasons: z.array(securityGateReasonSchema),
  /** ISO 8601 time of the evaluation. */
  evaluatedAt: z.string(),
});

/** @public */
export type SecurityGateVerdict = z.infer<typeof securityGateVerdictSchema>;
