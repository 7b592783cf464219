import {
  GateContext,
  GateResult,
  PromotionGate,
  verdict,
} from './PromotionGate';

/**
 * No skipping: the previous stage must run this artifact, verified. A hotfix
 * may skip (recorded as an override); a rollback needs the artifact to have
 * been verified in the target stage before.
 */
export class PreviousStageGate implements PromotionGate {
  readonly type = 'previous-stage' as const;

  async evaluate(context: GateContext): Promise<GateResult> {
    const { promotion, artifact, previousStage, stage } = context;
    const target = stage.environment.name;
    if (promotion.kind === 'rollback') {
      const verifiedHere = context.verifiedHistory.some(
        p => p.environment === target && p.artifactId === artifact.id,
      );
      return verifiedHere
        ? verdict(
            context,
            this.type,
            'pass',
            `${artifact.tag} was verified in ${target} before`,
          )
        : verdict(
            context,
            this.type,
            'fail',
            `${artifact.tag} was never verified in ${target}; a rollback returns to an artifact that ran there`,
          );
    }
    if (promotion.kind === 'hotfix') {
      return verdict(
        context,
        this.type,
        'override-pass',
        `hotfix skips the stage order: ${promotion.reason}`,
        promotion.requestedBy,
      );
    }
    if (!previousStage) {
      return verdict(
        context,
        this.type,
        'pass',
        `${target} is the first stage of pipeline ${context.pipeline.name}`,
      );
    }
    const previous = previousStage.environment.name;
    const state = context.stageStates.find(s => s.environment === previous);
    if (state?.artifactId !== artifact.id) {
      return verdict(
        context,
        this.type,
        'fail',
        `${previous} does not run ${artifact.tag}; promote it to ${previous} first (no skipping)`,
      );
    }
    if (!state.verified) {
      return verdict(
        context,
        this.type,
        'fail',
        `${artifact.tag} runs in ${previous} but is not verified there`,
      );
    }
    return verdict(
      context,
      this.type,
      'pass',
      `${artifact.tag} runs verified in ${previous} since ${state.verifiedAt}`,
    );
  }
}
