import { SecurityGateService } from '@idp-platform/backstage-plugin-idp-node';
import {
  GateContext,
  GateResult,
  PromotionGate,
  verdict,
} from './PromotionGate';

/**
 * Asks the security gate service whether the artifact may enter the target
 * environment. It is asked again at every evaluation, so a finding published
 * after the previous stage still blocks.
 */
export class SecurityGate implements PromotionGate {
  readonly type = 'security' as const;

  constructor(private readonly securityGate: SecurityGateService) {}

  async evaluate(context: GateContext): Promise<GateResult> {
    let answer;
    try {
      answer = await this.securityGate.evaluate({
        entityRef: context.promotion.entityRef,
        artifactDigest: context.artifact.digest,
        environment: context.stage.environment.name,
      });
    } catch (error) {
      return verdict(
        context,
        this.type,
        'pending',
        `the security gate did not answer: ${(error as Error).message}`,
      );
    }
    const reasons = answer.reasons.map(reason => reason.message).join('; ');
    if (!answer.allowed) {
      return verdict(
        context,
        this.type,
        'fail',
        reasons || 'blocked by the security policy',
      );
    }
    return {
      ...verdict(
        context,
        this.type,
        'pass',
        answer.requiresApproval
          ? `admitted with an approval: ${reasons}`
          : reasons || 'allowed by the security policy',
      ),
      requiresApproval: answer.requiresApproval,
    };
  }
}
