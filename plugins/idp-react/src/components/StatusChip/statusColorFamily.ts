/**
 * The colour families a status can belong to.
 *
 * @public
 */
export type StatusColorFamily = 'success' | 'warning' | 'error' | 'neutral';

const FAMILY_BY_STATUS: Record<string, StatusColorFamily> = {
  approved: 'success',
  applied: 'success',
  succeeded: 'success',
  healthy: 'success',
  pass: 'success',
  ready: 'success',
  up: 'success',
  verified: 'success',
  pending: 'warning',
  waiting: 'warning',
  running: 'warning',
  verifying: 'warning',
  degraded: 'warning',
  'in-review': 'warning',
  scheduled: 'warning',
  'override-pass': 'warning',
  requested: 'warning',
  'waiting-for-gates': 'warning',
  'waiting-for-approval': 'warning',
  deploying: 'warning',
  rejected: 'error',
  failed: 'error',
  errored: 'error',
  down: 'error',
  fail: 'error',
  blocked: 'error',
  expired: 'error',
  'override-fail': 'error',
  'rolled-back': 'error',
  cancelled: 'neutral',
  aborted: 'neutral',
  stopped: 'neutral',
};

/**
 * The colour family of a status string, covering among others the promotion
 * states and the MCP hosting phases (`Pending`, `Ready`, `Failed`, `Stopped`). Case, spaces and underscores are
 * ignored, so `In Review`, `in_review` and `in-review` agree; unknown statuses
 * are neutral.
 *
 * @public
 */
export function statusColorFamily(status: string): StatusColorFamily {
  const normalized = status
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  return FAMILY_BY_STATUS[normalized] ?? 'neutral';
}
