import { z } from 'zod';

/**
 * A request to waive a finding (by id) or a vulnerability (by CVE or rule id)
 * for an entity until it expires. It goes through the change-request engine.
 *
 * @public
 */
export const waiverRequestSchema = z
  .object({
    entityRef: z.string().min(1),
    findingId: z.string().min(1).optional(),
    vulnerabilityId: z.string().min(1).optional(),
    /** Only this environment; every environment when omitted. */
    environment: z.string().min(1).optional(),
    justification: z
      .string()
      .trim()
      .min(10, 'must explain why (10+ characters)')
      .max(5000),
    /** ISO 8601 time the waiver stops applying. */
    expiresAt: z.string().datetime({ offset: true }),
  })
  .refine(w => Boolean(w.findingId) !== Boolean(w.vulnerabilityId), {
    message: 'give exactly one of findingId or vulnerabilityId',
    path: ['findingId'],
  });

/** @public */
export type WaiverRequest = z.infer<typeof waiverRequestSchema>;

/** @public */
export interface SecurityWaiver {
  id: string;
  entityRef: string;
  findingId?: string;
  vulnerabilityId?: string;
  environment?: string;
  justification: string;
  requestedBy: string;
  /** The approved change request that created it. */
  changeRequestId: string;
  createdAt: string;
  expiresAt: string;
  /** False once expired. */
  active: boolean;
}
