import { PromotionState } from '@idp-platform/backstage-plugin-idp-common';

const PERCENT_BY_STATE: Record<PromotionState, number> = {
  requested: 5,
  'waiting-for-gates': 20,
  'waiting-for-approval': 40,
  deploying: 65,
  verifying: 85,
  succeeded: 100,
  failed: 100,
  'rolled-back': 100,
};

/** How far a promotion in this state has come, in percent, for a progress bar. */
export function promotionProgress(state: PromotionState): number {
  return PERCENT_BY_STATE[state];
}
