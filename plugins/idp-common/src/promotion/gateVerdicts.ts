/**
 * The gates a promotion passes, cheap stateless ones first.
 *
 * @public
 */
export const GATE_TYPES = [
  'previous-stage',
  'soak-time',
  'freeze-window',
  'signature',
  'security',
  'approval',
] as const;

/** @public */
export type GateType = (typeof GATE_TYPES)[number];

/** @public */
export const GATE_STATUSES = [
  'pending',
  'pass',
  'fail',
  'override-pass',
  'override-fail',
] as const;

/** @public */
export type GateStatus = (typeof GATE_STATUSES)[number];

/**
 * One gate's recorded verdict. `pending` waits (a freeze window, soak time,
 * approvals); `fail` ends the promotion.
 *
 * @public
 */
export interface GateVerdict {
  type: GateType;
  status: GateStatus;
  reason: string;
  /** `system`, or the users who decided (approvals). */
  judgedBy: string;
  judgedAt: string;
  comment?: string;
}
