import { GateVerdict } from '@idp-platform/backstage-plugin-idp-common';
import { GateContext, PromotionGate } from '../gates/PromotionGate';

/** The outcome of judging every gate of a promotion once. */
export interface GateEvaluation {
  outcome: 'pass' | 'pending' | 'fail';
  verdicts: GateVerdict[];
  /** Pending on approvals only. */
  awaitingApproval: boolean;
  changeRequestId?: string;
}

const FAILED = ['fail', 'override-fail'];

/**
 * Judges the gates in order, cheap stateless ones first. A failure stops the
 * evaluation; approvals are asked only once every other gate passes.
 */
export class GateEvaluator {
  constructor(
    private readonly gates: PromotionGate[],
    private readonly approval: PromotionGate,
  ) {}

  async evaluate(
    context: Omit<GateContext, 'approvalRequiredBySecurity'>,
  ): Promise<GateEvaluation> {
    const verdicts: GateVerdict[] = [];
    let pending = false;
    let approvalRequiredBySecurity = false;
    for (const gate of this.gates) {
      const result = await gate.evaluate({
        ...context,
        approvalRequiredBySecurity,
      });
      verdicts.push(result.verdict);
      approvalRequiredBySecurity ||= Boolean(result.requiresApproval);
      if (FAILED.includes(result.verdict.status)) {
        return { outcome: 'fail', verdicts, awaitingApproval: false };
      }
      pending ||= result.verdict.status === 'pending';
    }
    if (pending)
      return { outcome: 'pending', verdicts, awaitingApproval: false };

    const approval = await this.approval.evaluate({
      ...context,
      approvalRequiredBySecurity,
    });
    verdicts.push(approval.verdict);
    const status = approval.verdict.status;
    let outcome: GateEvaluation['outcome'] = 'pass';
    if (FAILED.includes(status)) outcome = 'fail';
    else if (status === 'pending') outcome = 'pending';
    return {
      outcome,
      verdicts,
      awaitingApproval: outcome === 'pending',
      changeRequestId: approval.changeRequestId,
    };
  }
}
