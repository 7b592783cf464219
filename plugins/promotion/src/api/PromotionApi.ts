import { createApiRef } from '@backstage/core-plugin-api';
import {
  Artifact,
  ArtifactRegistration,
  ArtifactWithFacts,
  ChangeRequest,
  ChangeRequestDecision,
  PendingPromotionApproval,
  PipelineView,
  PromoteRequest,
  Promotion,
  PromotionKind,
  PromotionPage,
  PromotionState,
} from '@idp-platform/backstage-plugin-idp-common';

/** One page of a component's artifacts, newest first. @public */
export interface ArtifactPage {
  items: ArtifactWithFacts[];
  totalCount: number;
}

/** Filters and paging of a promotion list. @public */
export interface PromotionFilter {
  entityRef?: string;
  environment?: string;
  state?: PromotionState;
  kind?: PromotionKind;
  limit?: number;
  offset?: number;
}

/** Client of the promotion backend (`/api/promotion`). @public */
export interface PromotionApi {
  /** Registers a built artifact, as CI does; the same contents again return the same artifact. */
  registerArtifact(registration: ArtifactRegistration): Promise<Artifact>;
  listArtifacts(options: {
    entityRef: string;
    limit?: number;
    offset?: number;
  }): Promise<ArtifactPage>;
  getArtifact(id: string): Promise<ArtifactWithFacts>;
  /** The component's stages, in promotion order. */
  getPipeline(entityRef: string): Promise<PipelineView>;
  /** Promotions across the components the caller may read, newest first. */
  listPromotions(filter: PromotionFilter): Promise<PromotionPage>;
  /** Every promotion of one component with its steps, newest first. */
  getHistory(
    filter: PromotionFilter & { entityRef: string },
  ): Promise<PromotionPage>;
  getPromotion(id: string): Promise<Promotion>;
  /** Starts a promotion; a 409 means one is already running for that stage. */
  promote(request: PromoteRequest): Promise<Promotion>;
  /** Runs a failed or rolled-back promotion again, as a new promotion. */
  retry(promotionId: string): Promise<Promotion>;
  /** Promotions waiting for approval across the organisation. */
  listApprovals(): Promise<PendingPromotionApproval[]>;
  getChangeRequest(id: string): Promise<ChangeRequest>;
  /** Approves or rejects; the requester of the change gets a 403. */
  decideChangeRequest(
    id: string,
    decision: ChangeRequestDecision['decision'],
    comment?: string,
  ): Promise<ChangeRequest>;
}

/** @public */
export const promotionApiRef = createApiRef<PromotionApi>({
  id: 'plugin.promotion.api',
});
