import { z } from 'zod';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `POST /waivers`: waive a vulnerability (CVE, GHSA or rule id) for an
 * entity, in one package or in every package, until it expires. It opens a
 * change request; the waiver applies once that request is approved. The
 * backend also checks that `expiresAt` lies in the future and at most
 * `idp.security.waivers.maxDays` ahead.
 *
 * @public
 */
export const waiverRequestSchema = z.object({
  entityRef: z.string().min(1),
  vulnerabilityId: z.string().trim().min(1).max(255),
  /** Only this package; every package with the vulnerability when omitted. */
  packageName: z.string().trim().min(1).max(255).optional(),
  justification: z
    .string()
    .trim()
    .min(10, 'must explain why (10+ characters)')
    .max(5000),
  /**
   * When the waiver stops applying: an ISO 8601 time with offset, or a date
   * (YYYY-MM-DD), which means midnight UTC at the start of that day.
   */
  expiresAt: z
    .string()
    .refine(
      value =>
        (ISO_DATE.test(value) ||
          z.string().datetime({ offset: true }).safeParse(value).success) &&
        !Number.isNaN(Date.parse(value)),
      'must be an ISO 8601 date or time',
    ),
});

/** @public */
export type WaiverRequest = z.infer<typeof waiverRequestSchema>;

/** `POST /waivers` answers 202 with the change request to approve. @public */
export interface WaiverRequestResult {
  status: 'pending-approval';
  changeRequestId: string;
}

/** @public */
export const WAIVER_STATES = ['pending', 'active', 'expired'] as const;

/**
 * `pending`: its change request awaits approval; `active`: approved and not
 * expired, the gate admits the findings it covers; `expired`: no longer
 * applies.
 *
 * @public
 */
export type WaiverState = (typeof WAIVER_STATES)[number];

/**
 * A waiver as `GET /waivers` lists it. Its id is the id of the change request
 * that asked for it.
 *
 * @public
 */
export interface SecurityWaiver {
  id: string;
  entityRef: string;
  vulnerabilityId: string;
  packageName?: string;
  justification: string;
  requestedBy: string;
  /** Users who approved it; empty while pending. */
  approvedBy: string[];
  changeRequestId: string;
  /** When it was requested. */
  createdAt: string;
  /** When it was approved; absent while pending. */
  approvedAt?: string;
  expiresAt: string;
  state: WaiverState;
}

/** `GET /waivers?entityRef=`. @public */
export interface SecurityWaiverList {
  items: SecurityWaiver[];
}
