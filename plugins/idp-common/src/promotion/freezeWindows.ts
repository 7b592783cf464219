import { z } from 'zod';

/**
 * A window from `idp.promotion.freezeWindows`. `start` and `end` bound the
 * first occurrence; with `rrule` (RFC 5545, e.g. `FREQ=WEEKLY;BYDAY=FR`) it
 * repeats, each occurrence as long as the first. Deny windows close the
 * environments they name; when an environment has allow windows, it is open
 * only inside one. Deny wins.
 *
 * @public
 */
export const freezeWindowSchema = z
  .object({
    kind: z.enum(['allow', 'deny']),
    rrule: z.string().min(1).optional(),
    start: z.string().datetime({ offset: true }),
    end: z.string().datetime({ offset: true }),
    /** Environment names; all environments when absent or empty. */
    environments: z.array(z.string().min(1)).optional(),
    reason: z.string().optional(),
  })
  .refine(window => Date.parse(window.end) > Date.parse(window.start), {
    message: 'must be after start',
    path: ['end'],
  });

/** @public */
export type FreezeWindow = z.infer<typeof freezeWindowSchema>;

/**
 * Whether an environment is closed for deployments now, and when that changes.
 *
 * @public
 */
export interface FreezeStatus {
  closed: boolean;
  reason?: string;
  /** When a closed environment opens next (within a year). */
  nextOpen?: string;
  /** When an open environment closes next (within a year). */
  nextClose?: string;
}
