import {
  PipelineStageView,
  Promotion,
} from '@idp-platform/backstage-plugin-idp-common';

const FAILED_GATE_STATUSES = ['fail', 'override-fail'];

/**
 * Why the Promote button of a stage is disabled, or undefined when it is not:
 * no permission, a promotion already running, a closed freeze window, or a gate
 * that failed for the very artifact that would move on.
 */
export function promoteBlockedReason(options: {
  stage: PipelineStageView;
  previousStage?: PipelineStageView;
  activePromotion?: Promotion;
  canPromote: boolean;
  artifactCount: number;
}): string | undefined {
  const { stage, previousStage, activePromotion } = options;
  const title = stage.environment.title ?? stage.environment.name;
  if (!options.canPromote) {
    return 'You are not allowed to promote this component (idp.promotion.promote).';
  }
  if (activePromotion) {
    return `A promotion is already running here (${activePromotion.state}).`;
  }
  if (stage.freeze.closed) {
    const reason = stage.freeze.reason ? `: ${stage.freeze.reason}` : '';
    const opens = stage.freeze.nextOpen
      ? `; opens ${new Date(stage.freeze.nextOpen).toLocaleString()}`
      : '';
    return `${title} is frozen${reason}${opens}.`;
  }
  const failedGate = stage.gates.find(gate =>
    FAILED_GATE_STATUSES.includes(gate.status),
  );
  const candidate = previousStage?.verified
    ? previousStage.artifact?.id
    : undefined;
  if (
    failedGate &&
    candidate &&
    stage.lastPromotion?.artifactId === candidate &&
    stage.lastPromotion.state === 'failed'
  ) {
    return `The ${failedGate.type} gate failed for this artifact: ${failedGate.reason}`;
  }
  if (options.artifactCount === 0) return 'No artifact registered yet.';
  return undefined;
}
