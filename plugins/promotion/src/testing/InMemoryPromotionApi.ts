import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  Artifact,
  ArtifactRegistration,
  ArtifactWithFacts,
  ChangeRequest,
  ChangeRequestDecision,
  FINAL_PROMOTION_STATES,
  FreezeStatus,
  PendingPromotionApproval,
  PipelineStageView,
  PipelineView,
  PromoteRequest,
  Promotion,
  PromotionPage,
  promoteRequestSchema,
} from '@idp-platform/backstage-plugin-idp-common';
import { ArtifactPage, PromotionApi, PromotionFilter } from '../api';

/** A stage of the in-memory pipeline. */
export interface InMemoryStage {
  name: string;
  title?: string;
  protected?: boolean;
  requiredApprovals?: number;
  freeze?: FreezeStatus;
}

const NOW = '2026-01-10T12:00:00.000Z';

/** A 64-hex artifact id derived from a short seed, stable across calls. */
export function artifactIdOf(seed: string): string {
  const hex = Array.from(seed)
    .map(c => c.charCodeAt(0).toString(16).padStart(2, '0'))
    .join('');
  return hex.padEnd(64, '0').slice(0, 64);
}

/** An artifact of `component:default/payments-api` with the given tag. */
export function anArtifact(
  tag: string,
  facts: Partial<ArtifactWithFacts['facts']> = {},
  overrides: Partial<Artifact> = {},
): ArtifactWithFacts {
  const digest = `sha256:${artifactIdOf(`digest-${tag}`)}`;
  return {
    id: artifactIdOf(tag),
    entityRef: 'component:default/payments-api',
    imageRepository: 'ghcr.io/acme/payments-api',
    tag,
    digest,
    commit: 'a1b2c3d4e5f6',
    imageReference: `ghcr.io/acme/payments-api:${tag}@${digest}`,
    committers: ['user:default/carol'],
    signed: false,
    createdBy: 'user:default/ci',
    createdAt: '2026-01-09T12:00:00.000Z',
    ...overrides,
    facts: {
      currentlyIn: facts.currentlyIn ?? {},
      verifiedIn: facts.verifiedIn ?? {},
      approvedFor: facts.approvedFor ?? {},
    },
  };
}

/** A promotion of `component:default/payments-api`. */
export function aPromotion(overrides: Partial<Promotion>): Promotion {
  return {
    id: 'promotion-1',
    entityRef: 'component:default/payments-api',
    environment: 'development',
    artifactId: artifactIdOf('1.0.0'),
    kind: 'promotion',
    state: 'succeeded',
    requestedBy: 'user:default/alice',
    requestedAt: '2026-01-09T13:00:00.000Z',
    updatedAt: '2026-01-09T13:05:00.000Z',
    gates: [],
    steps: [],
    ...overrides,
  };
}

const DEFAULT_STAGES: InMemoryStage[] = [
  { name: 'development', title: 'Development' },
  { name: 'staging', title: 'Staging' },
  {
    name: 'production',
    title: 'Production',
    protected: true,
    requiredApprovals: 1,
  },
];

const isFinal = (promotion: Promotion) =>
  FINAL_PROMOTION_STATES.includes(promotion.state);

const newestFirst = (a: Promotion, b: Promotion) =>
  b.requestedAt.localeCompare(a.requestedAt);

/**
 * PromotionApi in memory for tests: it keeps artifacts, promotions and change
 * requests, derives the pipeline from the promotions that succeeded, answers
 * 409 for a second active promotion to a stage and 403 when the requester
 * decides on their own change request.
 */
export class InMemoryPromotionApi implements PromotionApi {
  readonly artifacts: ArtifactWithFacts[];
  readonly promotions: Promotion[];
  readonly changeRequests: ChangeRequest[];
  readonly stages: InMemoryStage[];
  readonly promoteRequests: PromoteRequest[] = [];
  readonly decisions: Array<{
    id: string;
    decision: ChangeRequestDecision['decision'];
    comment?: string;
  }> = [];
  private readonly currentUserRef: string;
  private nextId = 100;

  constructor(
    options: {
      artifacts?: ArtifactWithFacts[];
      promotions?: Promotion[];
      changeRequests?: ChangeRequest[];
      stages?: InMemoryStage[];
      /** The user the backend sees as the caller of promote and decide. */
      currentUserRef?: string;
    } = {},
  ) {
    this.artifacts = [...(options.artifacts ?? [])];
    this.promotions = [...(options.promotions ?? [])];
    this.changeRequests = [...(options.changeRequests ?? [])];
    this.stages = options.stages ?? DEFAULT_STAGES;
    this.currentUserRef = options.currentUserRef ?? 'user:default/bob';
  }

  async registerArtifact(
    registration: ArtifactRegistration,
  ): Promise<Artifact> {
    const existing = this.artifacts.find(
      a => a.tag === registration.tag && a.digest === registration.digest,
    );
    if (existing) return existing;
    const artifact = anArtifact(registration.tag, {}, {
      ...registration,
      committers: registration.committers ?? [],
      signed: Boolean(registration.signatureBundle),
      createdBy: this.currentUserRef,
      createdAt: NOW,
    } as Partial<Artifact>);
    this.artifacts.unshift(artifact);
    return artifact;
  }

  async listArtifacts(options: {
    entityRef: string;
    limit?: number;
    offset?: number;
  }): Promise<ArtifactPage> {
    const matching = this.artifacts.filter(
      a => a.entityRef === options.entityRef,
    );
    const offset = options.offset ?? 0;
    return {
      items: matching.slice(offset, offset + (options.limit ?? 25)),
      totalCount: matching.length,
    };
  }

  async getArtifact(id: string): Promise<ArtifactWithFacts> {
    const artifact = this.artifacts.find(a => a.id === id);
    if (!artifact) throw new NotFoundError(`No artifact with id ${id}`);
    return artifact;
  }

  async getPipeline(entityRef: string): Promise<PipelineView> {
    return {
      entityRef,
      pipeline: 'standard',
      stages: this.stages.map(stage => this.stageView(entityRef, stage)),
    };
  }

  async listPromotions(filter: PromotionFilter): Promise<PromotionPage> {
    const matching = this.promotions
      .filter(
        p =>
          (!filter.entityRef || p.entityRef === filter.entityRef) &&
          (!filter.environment || p.environment === filter.environment) &&
          (!filter.state || p.state === filter.state) &&
          (!filter.kind || p.kind === filter.kind),
      )
      .sort(newestFirst);
    const limit = filter.limit ?? 25;
    const offset = filter.offset ?? 0;
    const next = offset + limit;
    return {
      items: matching.slice(offset, next),
      totalCount: matching.length,
      limit,
      offset,
      nextOffset: next < matching.length ? next : undefined,
    };
  }

  async getHistory(
    filter: PromotionFilter & { entityRef: string },
  ): Promise<PromotionPage> {
    return this.listPromotions(filter);
  }

  async getPromotion(id: string): Promise<Promotion> {
    const promotion = this.promotions.find(p => p.id === id);
    if (!promotion) throw new NotFoundError(`No promotion with id ${id}`);
    return promotion;
  }

  async promote(request: PromoteRequest): Promise<Promotion> {
    this.promoteRequests.push(request);
    const parsed = promoteRequestSchema.parse(request);
    await this.getArtifact(parsed.artifactId);
    const active = this.activeIn(parsed.entityRef, parsed.environment);
    if (active) {
      throw new ConflictError(
        `Promotion ${active.id} to ${parsed.environment} is still ${active.state}`,
      );
    }
    const stage = this.stages.find(s => s.name === parsed.environment);
    const id = `promotion-${this.nextId++}`;
    const changeRequestId = stage?.protected ? `cr-${id}` : undefined;
    const promotion = aPromotion({
      id,
      entityRef: parsed.entityRef,
      environment: parsed.environment,
      artifactId: parsed.artifactId,
      kind: parsed.kind,
      reason: parsed.reason,
      state: changeRequestId ? 'waiting-for-approval' : 'requested',
      requestedBy: this.currentUserRef,
      requestedAt: NOW,
      updatedAt: NOW,
      changeRequestId,
      steps: [
        {
          state: 'requested',
          actor: this.currentUserRef,
          message: 'Requested',
          at: NOW,
        },
      ],
    });
    this.promotions.push(promotion);
    if (changeRequestId) {
      this.changeRequests.push(
        aChangeRequest({
          id: changeRequestId,
          environment: parsed.environment,
          entityRef: parsed.entityRef,
          requester: this.currentUserRef,
          requiredApprovals: stage?.requiredApprovals ?? 1,
        }),
      );
    }
    return promotion;
  }

  async retry(promotionId: string): Promise<Promotion> {
    const original = await this.getPromotion(promotionId);
    if (original.state !== 'failed' && original.state !== 'rolled-back') {
      throw new ConflictError(`Promotion ${promotionId} is ${original.state}`);
    }
    const retried = await this.promote({
      entityRef: original.entityRef,
      artifactId: original.artifactId,
      environment: original.environment,
      kind: original.kind,
      reason: original.reason,
    });
    retried.retryOf = original.id;
    return retried;
  }

  async listApprovals(): Promise<PendingPromotionApproval[]> {
    return this.promotions
      .filter(p => p.state === 'waiting-for-approval' && p.changeRequestId)
      .map(promotion => {
        const request = this.changeRequests.find(
          c => c.id === promotion.changeRequestId,
        )!;
        return {
          promotion,
          changeRequest: {
            id: request.id,
            requiredApprovals: request.requiredApprovals,
            approvals: request.approvals.filter(a => a.decision === 'approve')
              .length,
            approvers: request.approvers,
            expiresAt: request.expiresAt,
          },
        };
      });
  }

  async getChangeRequest(id: string): Promise<ChangeRequest> {
    const request = this.changeRequests.find(c => c.id === id);
    if (!request) throw new NotFoundError(`No change request with id ${id}`);
    return request;
  }

  async decideChangeRequest(
    id: string,
    decision: ChangeRequestDecision['decision'],
    comment?: string,
  ): Promise<ChangeRequest> {
    const request = await this.getChangeRequest(id);
    if (request.requester === this.currentUserRef) {
      throw new NotAllowedError(
        'The requester cannot decide on their own request',
      );
    }
    this.decisions.push({ id, decision, comment });
    request.approvals.push({
      approver: this.currentUserRef,
      decision,
      comment,
      decidedAt: NOW,
    });
    const approvals = request.approvals.filter(a => a.decision === 'approve');
    if (decision === 'reject') request.state = 'rejected';
    else if (approvals.length >= request.requiredApprovals) {
      request.state = 'approved';
    }
    const promotion = this.promotions.find(p => p.changeRequestId === id);
    if (promotion && request.state === 'approved')
      promotion.state = 'deploying';
    if (promotion && request.state === 'rejected') promotion.state = 'failed';
    return request;
  }

  private activeIn(entityRef: string, environment: string) {
    return this.promotions.find(
      p =>
        p.entityRef === entityRef &&
        p.environment === environment &&
        !isFinal(p),
    );
  }

  private stageView(
    entityRef: string,
    stage: InMemoryStage,
  ): PipelineStageView {
    const toStage = this.promotions
      .filter(p => p.entityRef === entityRef && p.environment === stage.name)
      .sort(newestFirst);
    const running = toStage.find(p => p.state === 'succeeded');
    const artifact = running
      ? this.artifacts.find(a => a.id === running.artifactId)
      : undefined;
    const { facts, ...artifactOnly } = artifact ?? ({} as ArtifactWithFacts);
    const since = running?.finishedAt ?? running?.updatedAt;
    return {
      environment: {
        name: stage.name,
        title: stage.title,
        protected: stage.protected ?? false,
        requiredApprovals: stage.requiredApprovals ?? 0,
      },
      artifact: artifact ? (artifactOnly as Artifact) : undefined,
      since,
      ageSeconds: since
        ? Math.round((Date.parse(NOW) - Date.parse(since)) / 1000)
        : undefined,
      verified: Boolean(running),
      verifiedAt: running ? since : undefined,
      activePromotion: this.activeIn(entityRef, stage.name),
      lastPromotion: toStage[0],
      gates: toStage[0]?.gates ?? [],
      freeze: stage.freeze ?? { closed: false },
    };
  }
}

/** A pending change request of the promotion plugin. */
export function aChangeRequest(
  overrides: Partial<ChangeRequest>,
): ChangeRequest {
  return {
    id: 'cr-1',
    pluginId: 'promotion',
    kind: 'promote',
    title: 'Promote payments-api to production',
    environment: 'production',
    entityRef: 'component:default/payments-api',
    requester: 'user:default/alice',
    requiredApprovals: 1,
    approvers: ['group:default/release-managers'],
    payload: {},
    state: 'pending',
    createdAt: '2026-01-10T11:00:00.000Z',
    updatedAt: '2026-01-10T11:00:00.000Z',
    expiresAt: '2099-01-01T00:00:00.000Z',
    version: 1,
    approvals: [],
    history: [],
    ...overrides,
  };
}
