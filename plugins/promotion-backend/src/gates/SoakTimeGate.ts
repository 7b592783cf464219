import { DateTime } from 'luxon';
import {
  GateContext,
  GateResult,
  PromotionGate,
  verdict,
} from './PromotionGate';

/** The artifact must have run verified in the previous stage for the stage's minimum soak. */
export class SoakTimeGate implements PromotionGate {
  readonly type = 'soak-time' as const;

  async evaluate(context: GateContext): Promise<GateResult> {
    const { promotion, stage, previousStage } = context;
    const minSoak = stage.minSoak;
    if (promotion.kind !== 'promotion' || !previousStage) {
      return verdict(
        context,
        this.type,
        'pass',
        `no soak required for a ${
          promotion.kind === 'promotion' ? 'first stage' : promotion.kind
        }`,
      );
    }
    if (minSoak.toMillis() <= 0) {
      return verdict(
        context,
        this.type,
        'pass',
        `${stage.environment.name} sets no minimum soak`,
      );
    }
    const previous = previousStage.environment.name;
    const state = context.stageStates.find(s => s.environment === previous);
    if (!state?.verifiedAt || state.artifactId !== context.artifact.id) {
      return verdict(
        context,
        this.type,
        'fail',
        `${context.artifact.tag} is not verified in ${previous}`,
      );
    }
    const ready = DateTime.fromISO(state.verifiedAt).plus(minSoak);
    if (ready > context.now) {
      return verdict(
        context,
        this.type,
        'pending',
        `needs ${minSoak.toISO()} verified in ${previous}; ready at ${ready
          .toUTC()
          .toISO()}`,
      );
    }
    return verdict(
      context,
      this.type,
      'pass',
      `soaked ${minSoak.toISO()} or more in ${previous}`,
    );
  }
}
