import { Entity } from '@backstage/catalog-model';
import {
  GateType,
  GateVerdict,
} from '@idp-platform/backstage-plugin-idp-common';
import { DateTime } from 'luxon';
import {
  ArtifactRecord,
  PromotionRecord,
  StageState,
} from '../database/PromotionStore';
import { ResolvedPipeline, ResolvedStage } from '../pipeline/PipelineResolver';

/** Everything a gate may judge by. */
export interface GateContext {
  promotion: PromotionRecord;
  artifact: ArtifactRecord;
  entity: Entity;
  pipeline: ResolvedPipeline;
  /** The target stage. */
  stage: ResolvedStage;
  /** The stage before the target in the pipeline, if any. */
  previousStage?: ResolvedStage;
  /** What runs in each stage of the component now. */
  stageStates: StageState[];
  /** Succeeded promotions of the component, oldest first. */
  verifiedHistory: PromotionRecord[];
  /** Whether an earlier gate (the security gate) asks for an approval. */
  approvalRequiredBySecurity: boolean;
  now: DateTime;
}

/** A gate's verdict, with what the promotion must remember of it. */
export interface GateResult {
  verdict: GateVerdict;
  /** The security gate admits the artifact only with an approval. */
  requiresApproval?: boolean;
  /** The approval gate opened this change request. */
  changeRequestId?: string;
}

/**
 * One check a promotion must pass. Gates are judged in order, cheap stateless
 * ones first; a `fail` stops the promotion, `pending` makes it wait.
 */
export interface PromotionGate {
  readonly type: GateType;
  evaluate(context: GateContext): Promise<GateResult>;
}

/** A verdict judged by the system now. */
export function verdict(
  context: GateContext,
  type: GateType,
  status: GateVerdict['status'],
  reason: string,
  judgedBy: string = 'system',
): GateResult {
  return {
    verdict: {
      type,
      status,
      reason,
      judgedBy,
      judgedAt: context.now.toUTC().toISO()!,
    },
  };
}
