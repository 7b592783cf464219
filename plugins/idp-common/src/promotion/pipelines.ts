import { Artifact } from './artifacts';
import { FreezeStatus } from './freezeWindows';
import { GateVerdict } from './gateVerdicts';
import { Promotion } from './promotions';

/**
 * One stage (column) of a component's pipeline view.
 *
 * @public
 */
export interface PipelineStageView {
  environment: {
    name: string;
    title?: string;
    protected: boolean;
    requiredApprovals: number;
  };
  /** What runs there now, if anything was promoted. */
  artifact?: Artifact;
  since?: string;
  /** Seconds since `since`. */
  ageSeconds?: number;
  verified: boolean;
  verifiedAt?: string;
  /** The promotion in flight to this stage, if any. */
  activePromotion?: Promotion;
  /** The most recent promotion to this stage. */
  lastPromotion?: Promotion;
  /** Gate verdicts of the most recent promotion to this stage. */
  gates: GateVerdict[];
  freeze: FreezeStatus;
  /** Minimum time an artifact must have been verified in the previous stage (ISO 8601). */
  minSoak?: string;
}

/**
 * `GET /pipeline?entityRef=`: a component's stages, in promotion order.
 *
 * @public
 */
export interface PipelineView {
  entityRef: string;
  pipeline: string;
  stages: PipelineStageView[];
}

/**
 * A promotion waiting for approvals (`GET /approvals`), with its change request.
 *
 * @public
 */
export interface PendingPromotionApproval {
  promotion: Promotion;
  changeRequest: {
    id: string;
    requiredApprovals: number;
    approvals: number;
    approvers: string[];
    expiresAt: string;
  };
}
